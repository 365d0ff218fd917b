//! Records about answers: what each reply showed, so that unanswered questions reach
//! moderators (the gap queue). The fact files stay the only source of truth for facts; this
//! holds only records about answers, and never a user id or name.
//!
//! [`RecordStore`] is the small interface the rest of the program uses; [`sqlite`] is its
//! one implementation today (an embedded SQLite file, WAL mode, migrations versioned in
//! code), and a shared PostgreSQL store for several bot processes can be added beside it.

mod sqlite;

pub use sqlite::SqliteRecords;

/// What kind of answer a question got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Confident topic matches.
    Topics,
    /// A speaker reply.
    Speaker,
    /// The deal overview.
    Overview,
    /// No confident match.
    None,
}

impl Outcome {
    /// The spelling stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Topics => "topics",
            Outcome::Speaker => "speaker",
            Outcome::Overview => "overview",
            Outcome::None => "none",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(s: &str) -> Option<Outcome> {
        [
            Outcome::Topics,
            Outcome::Speaker,
            Outcome::Overview,
            Outcome::None,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }
}

/// One answered (or declined) question, as recorded. No user id or name.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRecord {
    /// Seconds since 1970-01-01 (UTC).
    pub at: i64,
    /// The guild, if in one.
    pub guild: Option<u64>,
    /// The channel.
    pub channel: Option<u64>,
    /// The bot's reply message, when known.
    pub reply_message: Option<u64>,
    /// The question, normalized ([`normalize_question`]).
    pub question: String,
    /// What it got.
    pub outcome: Outcome,
    /// The answer's label: topic ids (comma-separated), the speaker key, the deal id, or
    /// the closest topic for no match (empty if none).
    pub label: String,
    /// The best score (1.0 for speaker and overview replies, 0 for none without a closest).
    pub score: f64,
    /// The statements shown, as `id@revision`.
    pub statements: Vec<String>,
}

/// A question the bot could not answer well, grouped with its near duplicates.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// The most recent wording of the group.
    pub question: String,
    /// How many times it (or a near duplicate) was asked.
    pub count: u64,
    /// The closest topic, if any.
    pub closest: Option<String>,
}

/// Why the records could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RecordsError {
    /// The database file or its folder could not be created or opened.
    #[error("cannot open the records database {path}: {message}")]
    Open {
        /// The file.
        path: std::path::PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A read or write failed.
    #[error("records database: {0}")]
    Query(String),
}

/// Where answers are recorded. `Send + Sync`: shared by every handler.
pub trait RecordStore: Send + Sync {
    /// Records one answer; returns its record id.
    fn record(&self, answer: &AnswerRecord) -> Result<i64, RecordsError>;
    /// Records several answers at once (one transaction where the store has them).
    fn record_all(&self, answers: &[AnswerRecord]) -> Result<(), RecordsError> {
        answers.iter().try_for_each(|a| self.record(a).map(|_| ()))
    }
    /// Questions answered with no confident match, or a low-confidence one, since `since`
    /// (seconds), grouped (same normalized form, or a near duplicate) and ranked by count.
    fn gaps(&self, since: i64, limit: usize) -> Result<Vec<Gap>, RecordsError>;
    /// Deletes the records older than `before` (seconds); returns how many.
    fn prune(&self, before: i64) -> Result<usize, RecordsError>;
}

/// Below this score a topic answer counts as low-confidence: its question joins the gap
/// queue too.
pub const LOW_CONFIDENCE: f64 = 0.6;

/// A question as the gap queue compares it: lowercase, Discord mentions dropped, words
/// separated by single spaces, trailing punctuation off. Never holds a user id.
pub fn normalize_question(q: &str) -> String {
    let mut out = String::with_capacity(q.len());
    for word in q.split_whitespace() {
        // <@123>, <@!123>, <@&123>, <#123>: ids of users, roles and channels are not kept.
        if word.starts_with("<@") || word.starts_with("<#") {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out.trim_end_matches(['?', '!', '.', ' ']).to_string()
}

/// Groups near-duplicate questions: ranked `(question, count, closest)` rows merged when
/// their normalized forms are close (Levenshtein similarity 0.85 or more).
pub fn merge_near_duplicates(rows: Vec<Gap>) -> Vec<Gap> {
    let mut out: Vec<Gap> = Vec::new();
    for row in rows {
        match out
            .iter_mut()
            .find(|g| strsim::normalized_levenshtein(&g.question, &row.question) >= 0.85)
        {
            Some(g) => {
                g.count += row.count;
                if g.closest.is_none() {
                    g.closest = row.closest;
                }
            }
            None => out.push(row),
        }
    }
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.question.cmp(&b.question)));
    out
}

/// Seconds since 1970-01-01 (UTC).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl AnswerRecord {
    /// The record of a reply, in a guild's channel: what it answered and which statements
    /// (with their revisions) it showed.
    pub fn of(
        reply: &crate::reply::Reply,
        facts: &crate::facts::FactBase,
        guild: Option<u64>,
        channel: Option<u64>,
    ) -> AnswerRecord {
        let (outcome, label, score, shown) = if let Some(sp) = &reply.speaker {
            (Outcome::Speaker, sp.speaker.clone(), 1.0, Some(&sp.answer))
        } else if let Some(o) = &reply.overview {
            (Outcome::Overview, o.topic.clone(), 1.0, Some(o))
        } else if let Some(best) = reply.matches.first() {
            let labels: Vec<&str> = reply.matches.iter().map(|m| m.topic.as_str()).collect();
            (Outcome::Topics, labels.join(","), best.score, Some(best))
        } else {
            let closest = reply.suggestions.first();
            (
                Outcome::None,
                closest.map_or_else(String::new, |s| s.topic.clone()),
                closest.map_or(0.0, |s| s.score),
                None,
            )
        };
        let statements = shown
            .into_iter()
            .flat_map(|a| {
                crate::facts::Status::ALL
                    .into_iter()
                    .flat_map(move |s| a.section(s))
            })
            .filter_map(|a| {
                facts
                    .statement(&a.id)
                    .map(|(_, _, s)| format!("{}@{}", s.id, crate::store::revision(s)))
            })
            .collect();
        AnswerRecord {
            at: now(),
            guild,
            channel,
            reply_message: None,
            question: normalize_question(&reply.question),
            outcome,
            label,
            score,
            statements,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_normalized_without_ids() {
        assert_eq!(
            normalize_question("<@123456> Is the DEAL   binding??"),
            "is the deal binding"
        );
        assert_eq!(normalize_question("<@&42> hi <#7>"), "hi");
    }

    #[test]
    fn near_duplicates_are_one_gap() {
        let gap = |q: &str, n| Gap {
            question: q.into(),
            count: n,
            closest: None,
        };
        let merged = merge_near_duplicates(vec![
            gap("is japan buying us beef", 2),
            gap("is japan buying us beef too", 1),
            gap("what about the yen", 2),
        ]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].question, "is japan buying us beef");
        assert_eq!(merged[0].count, 3);
    }
}
