//! Grading a question set against a fact base (`dealcheck eval`): each question says which
//! answers are acceptable, and the report gives every miss and the pass rates by group.
//! Moderators run it on their own base; the test suite and the threshold calibration use it.
//!
//! A set is TOML:
//! ```toml
//! [[questions]]
//! q = "did japan even sign anything lol"
//! register = "slang"                 # how it is written (Japanese: "japanese" or "japanese-...")
//! expect = ["binding-agreement"]     # acceptable answers; [] = no confident match
//! # "speaker:akazawa" a speaker reply, "overview" the deal overview
//! # figure = true                    # a wrong figure: the reply must give the one on record
//! ```

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::matcher::Snapshot;
use crate::reply::Reply;

/// A question set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Set {
    /// The questions, in file order.
    pub questions: Vec<Question>,
}

/// One question and what would answer it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The message as written.
    pub q: String,
    /// How it is written (`clean`, `typo`, `slang`, ..., `japanese`).
    pub register: String,
    /// Acceptable answers: topic ids, `speaker:<key>`, `overview`; empty for no match.
    pub expect: Vec<String>,
    /// A wrong figure about the deal: the reply must state the figure on record.
    #[serde(default)]
    pub figure: bool,
}

/// How one group of questions did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Rate {
    /// Questions in the group.
    pub total: usize,
    /// Questions answered as expected.
    pub passed: usize,
}

impl Rate {
    /// The share passed, 1.0 for an empty group.
    pub fn rate(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.passed as f64 / self.total as f64
        }
    }
}

/// A question answered other than expected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    /// The message.
    pub q: String,
    /// Its register.
    pub register: String,
    /// What would have been right.
    pub expected: Vec<String>,
    /// What it got: a label, or `none`, with the score and the closest topics.
    pub got: String,
}

/// The grade of a set.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Every question.
    pub all: Rate,
    /// English questions with an expected answer.
    pub positives: Rate,
    /// English questions that must get no confident match.
    pub negatives: Rate,
    /// Questions in Japanese.
    pub japanese: Rate,
    /// Each miss, in file order.
    pub misses: Vec<Miss>,
}

/// Reads a set from a file; the error names the file (and the position of a TOML error).
pub fn load(path: &Path) -> Result<Set, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", crate::facts::display_path(path)))?;
    toml::from_str(&text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start).min(text.len());
        let line = text[..at].matches('\n').count() + 1;
        format!(
            "{}:{line}: {}",
            crate::facts::display_path(path),
            crate::facts::one_line_message(e.message())
        )
    })
}

/// The answer a reply gives, as a set names it: a topic id, `speaker:<key>`, `overview`,
/// or `None` for no confident match.
pub fn label(reply: &Reply) -> Option<String> {
    if let Some(sp) = &reply.speaker {
        return Some(format!("speaker:{}", sp.speaker));
    }
    if reply.overview.is_some() {
        return Some("overview".into());
    }
    reply.matches.first().map(|m| m.topic.clone())
}

/// Whether the reply answers the question as expected; `Err` says what it got instead.
pub fn judge(facts: &Snapshot, q: &Question) -> Result<(), String> {
    let reply = Reply::answer(facts, q.q.trim());
    let got = label(&reply);
    match &got {
        None if q.expect.is_empty() => Ok(()),
        Some(l) if q.expect.contains(l) => {
            if q.figure && reply.figures.is_empty() {
                Err(format!("{l}, but without the figure on record"))
            } else {
                Ok(())
            }
        }
        _ => Err(describe(&reply, got)),
    }
}

fn describe(reply: &Reply, got: Option<String>) -> String {
    match got {
        Some(l) => {
            let score = reply.matches.first().map_or(1.0, |m| m.score);
            format!("{l} ({score:.2})")
        }
        None => {
            let closest: Vec<String> = reply
                .suggestions
                .iter()
                .map(|s| format!("{} {:.2}", s.topic, s.score))
                .collect();
            format!("none (closest: {})", closest.join(", "))
        }
    }
}

/// Grades every question of a set.
pub fn grade(facts: &Snapshot, set: &Set) -> Report {
    let mut report = Report::default();
    for q in &set.questions {
        let result = judge(facts, q);
        // A Japanese question is graded as Japanese whatever else it is ("japanese-figure",
        // "japanese-near-miss"): the Japanese rate covers its positives and near misses.
        let group = if q.register.starts_with("japanese") {
            &mut report.japanese
        } else if q.expect.is_empty() {
            &mut report.negatives
        } else {
            &mut report.positives
        };
        for rate in [group, &mut report.all] {
            rate.total += 1;
            rate.passed += usize::from(result.is_ok());
        }
        if let Err(got) = result {
            report.misses.push(Miss {
                q: q.q.clone(),
                register: q.register.clone(),
                expected: q.expect.clone(),
                got,
            });
        }
    }
    report
}

impl Report {
    /// The report as people read it: each miss, then the rates.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for m in &self.misses {
            out.push_str(&format!(
                "MISS [{}] {:?}: expected {}, got {}\n",
                m.register,
                m.q,
                if m.expected.is_empty() {
                    "none".to_string()
                } else {
                    m.expected.join(" or ")
                },
                m.got
            ));
        }
        for (name, r) in [
            ("English positives", &self.positives),
            ("negatives", &self.negatives),
            ("Japanese", &self.japanese),
            ("all", &self.all),
        ] {
            out.push_str(&format!(
                "{name}: {}/{} ({:.1}%)\n",
                r.passed,
                r.total,
                100.0 * r.rate()
            ));
        }
        out
    }
}
