//! The command-line commands, written against `Write` so tests can run them in-process.
//! Exit codes: 0 answered or valid; 1 the fact base is broken or unreadable; 2 bad input.

use std::io::Write;
use std::path::Path;

use crate::facts::{FactBase, LoadError};
use crate::reply::{check_question, Reply};

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: the fact base is broken or unreadable.
pub const EXIT_FACTS: u8 = 1;
/// Exit code: bad input (empty or over-long question, bad flags).
pub const EXIT_USAGE: u8 = 2;

/// `dealcheck ask`: answers one question from the fact base in `facts_dir`.
pub fn ask(
    facts_dir: &Path,
    question: &str,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let question = match check_question(question) {
        Ok(q) => q,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return EXIT_USAGE;
        }
    };
    let facts = match FactBase::from_dir(facts_dir) {
        Ok(f) => f,
        Err(e) => return report_load_error(&e, err),
    };
    let reply = Reply::answer(&facts, question);
    let written = if json {
        serde_json::to_writer_pretty(&mut *out, &reply)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        write!(out, "{}", reply.to_text())
    };
    match written {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "error: cannot write the answer: {e}");
            EXIT_FACTS
        }
    }
}

/// `dealcheck check`: validates the fact base, printing every problem.
pub fn check(facts_dir: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match FactBase::from_dir(facts_dir) {
        Ok(f) => {
            let _ = writeln!(
                out,
                "ok: {} deal(s), {} topics, {} statements in {}",
                f.deals().len(),
                f.topic_count(),
                f.statement_count(),
                facts_dir.display()
            );
            EXIT_OK
        }
        Err(e) => report_load_error(&e, err),
    }
}

fn report_load_error(e: &LoadError, err: &mut dyn Write) -> u8 {
    match e {
        LoadError::Invalid { problems } => {
            for p in problems {
                let _ = writeln!(err, "{p}");
            }
            let _ = writeln!(err, "error: {} problem(s) in the fact base", problems.len());
        }
        LoadError::Io { .. } => {
            let _ = writeln!(err, "error: {e}");
        }
    }
    EXIT_FACTS
}
