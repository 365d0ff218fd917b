//! The command-line commands, written against `Write` so tests can run them in-process.
//! Exit codes: 0 answered or valid; 1 the fact base is broken or unreadable; 2 bad input.

use std::io::Write;
use std::path::Path;

use crate::facts::{FactBase, LoadError};
use crate::matcher::Snapshot;
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
    let facts = match snapshot(facts_dir, err) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let reply = Reply::answer(&facts, question);
    let shown = if json { None } else { Some(reply.to_text()) };
    emit(&reply, shown.as_deref(), "the answer", out, err)
}

/// `dealcheck eval`: grades a question set; exit 1 below `min` (and on a broken fact base),
/// 2 for a set that cannot be read.
pub fn eval(
    set_path: &Path,
    facts_dir: &Path,
    json: bool,
    min: Option<f64>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    if let Some(m) = min.filter(|m| !(0.0..=1.0).contains(m)) {
        let _ = writeln!(err, "error: --min {m} is not a share between 0 and 1");
        return EXIT_USAGE;
    }
    let set = match crate::eval::load(set_path) {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return EXIT_USAGE;
        }
    };
    let facts = match snapshot(facts_dir, err) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let report = crate::eval::grade(&facts, &set);
    let shown = if json { None } else { Some(report.to_text()) };
    let code = emit(&report, shown.as_deref(), "the report", out, err);
    if code != EXIT_OK {
        return code;
    }
    match min {
        Some(m) if report.all.rate() < m => {
            let _ = writeln!(
                err,
                "error: {:.1}% passed, under --min {:.1}%",
                report.all.rate() * 100.0,
                m * 100.0
            );
            EXIT_FACTS
        }
        _ => EXIT_OK,
    }
}

/// `dealcheck gaps`: the gap queue of a records database; exit 1 when it cannot be read.
pub fn gaps(db: &Path, days: u32, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    use crate::records::RecordStore;
    if !db.exists() {
        let _ = writeln!(
            err,
            "error: no records database at {} (the bot creates it; see records.path)",
            crate::facts::display_path(db)
        );
        return EXIT_FACTS;
    }
    let since = crate::records::now() - i64::from(days) * 86_400;
    let gaps = crate::records::SqliteRecords::open(db).and_then(|r| r.gaps(since, 50));
    match gaps {
        Ok(gaps) => {
            for g in &gaps {
                let closest = g.closest.as_deref().unwrap_or("-");
                let _ = writeln!(out, "{}\t{}\t{}", g.count, closest, g.question);
            }
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            EXIT_FACTS
        }
    }
}

/// `dealcheck export claimreview`: the fact base as schema.org ClaimReview JSON-LD.
pub fn export_claim_review(
    facts_dir: &Path,
    deal: Option<&str>,
    publisher: &crate::export::Publisher,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    if let Some(url) = publisher.url.as_deref() {
        if !crate::facts::validate::is_http_url(url) {
            let _ = writeln!(err, "error: --url `{url}` is not an http(s) URL");
            return EXIT_USAGE;
        }
    }
    let facts = match FactBase::from_dir(facts_dir) {
        Ok(f) => f,
        Err(e) => return report_load_error(&e, err),
    };
    let doc = match crate::export::claim_review(&facts, deal, publisher) {
        Ok(doc) => doc,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return EXIT_USAGE;
        }
    };
    emit(&doc, None, "the export", out, err)
}

/// Writes `text` when given, else `value` as pretty JSON; a failed write (a closed pipe) is
/// one line on `err` and exit 1.
fn emit(
    value: &impl serde::Serialize,
    text: Option<&str>,
    what: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let written = match text {
        Some(t) => write!(out, "{t}"),
        None => serde_json::to_writer_pretty(&mut *out, value)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out)),
    };
    match written {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "error: cannot write {what}: {e}");
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

/// The fact base with its index, or the exit code after its problems were written.
fn snapshot(facts_dir: &Path, err: &mut dyn Write) -> Result<Snapshot, u8> {
    Snapshot::from_dir(facts_dir).map_err(|e| report_load_error(&e, err))
}

fn report_load_error(e: &LoadError, err: &mut dyn Write) -> u8 {
    match e {
        LoadError::Invalid { problems } => {
            // One line per problem and nothing else, so tools can read every line alike.
            for p in problems {
                let _ = writeln!(err, "{p}");
            }
        }
    }
    EXIT_FACTS
}

/// `dealcheck serve`: loads the config, the token and the fact base, then runs the bot until
/// SIGINT or SIGTERM. A start-up problem is one line on `err` and exit code 1.
pub fn serve(config_path: &Path, err: &mut dyn Write) -> u8 {
    match start(config_path) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            EXIT_FACTS
        }
    }
}

fn start(config_path: &Path) -> Result<(), String> {
    let config = crate::config::Config::load(config_path).map_err(|e| match e {
        crate::config::ConfigError::Read { .. } if !config_path.exists() => {
            format!(
                "{e} (copy config.example.toml to {})",
                config_path.display()
            )
        }
        e => e.to_string(),
    })?;
    let token = crate::config::Token::from_env().map_err(|e| e.to_string())?;
    let store = crate::store::Store::open(&config.facts_dir, &config.moderation.history_file)
        .map_err(|e| one_line(&e.to_string()))?;
    crate::discord::check_permission_name(&config.moderation.permission)?;
    let runtime =
        tokio::runtime::Runtime::new().map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime
        .block_on(crate::discord::run(
            config,
            token,
            std::sync::Arc::new(store),
            shutdown_signal(),
        ))
        .map_err(|e| format!("the bot stopped: {e}"))
}

/// The first line of a message, with a count of the rest ("and 3 more problems").
fn one_line(message: &str) -> String {
    let mut lines = message.lines();
    let first = lines.next().unwrap_or_default().to_string();
    let more = lines.count();
    if more == 0 {
        first
    } else {
        format!("{first} (and {more} more; run `dealcheck check` to list them)")
    }
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("signal received");
}
