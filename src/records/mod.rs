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
    /// Its id, from [`RecordStore::next_id`] (so that the reply's buttons can carry it before
    /// the record is written); 0 lets the store pick one.
    pub id: i64,
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
    /// The closest topic, if any (for *Not what I asked*: the topic the question got).
    pub closest: Option<String>,
    /// *Helpful* presses on the group's answers.
    pub helpful: u64,
    /// *Not what I asked* presses on the group's answers.
    pub not_helpful: u64,
}

/// Where a reply was posted, known once Discord has it: what living answers edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The answer's record id.
    pub answer: i64,
    /// The reply's channel.
    pub channel: u64,
    /// The reply message.
    pub message: u64,
    /// For a slash-command reply, the interaction token and until when (seconds) it may
    /// edit the reply; the token is erased when it expires.
    pub token: Option<(String, i64)>,
    /// Whether the bot may edit the message itself (a channel message it posted); `false`
    /// for a slash-command reply, which only its token can edit.
    pub in_place: bool,
}

/// A reply that showed a statement since changed: what a living-answer update needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveAnswer {
    /// The record id.
    pub answer: i64,
    /// When it was answered (seconds).
    pub at: i64,
    /// The normalized question, answered again with the current facts.
    pub question: String,
    /// Where the reply is.
    pub channel: u64,
    /// The reply message.
    pub message: u64,
    /// The interaction token, while it can still edit the reply.
    pub token: Option<String>,
    /// Whether the bot may edit the message itself ([`Delivery::in_place`]).
    pub in_place: bool,
    /// What it shows (`id@revision`).
    pub statements: Vec<String>,
}

/// What a button press did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vote {
    /// Counted.
    Counted,
    /// This user already pressed a button on this reply; nothing changed.
    Already,
    /// The answer is no longer on record (older than the retention period).
    Expired,
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
    /// A fresh record id, never used before in this store (not even by pruned records).
    fn next_id(&self) -> i64;
    /// Records one answer; returns its record id.
    fn record(&self, answer: &AnswerRecord) -> Result<i64, RecordsError>;
    /// Records several answers at once (one transaction where the store has them).
    fn record_all(&self, answers: &[AnswerRecord]) -> Result<(), RecordsError> {
        answers.iter().try_for_each(|a| self.record(a).map(|_| ()))
    }
    /// Questions answered with no confident match, or a low-confidence one, since `since`
    /// (seconds), grouped (same normalized form, or a near duplicate) and ranked by count.
    fn gaps(&self, since: i64, limit: usize) -> Result<Vec<Gap>, RecordsError>;
    /// Deletes the records older than `before` (seconds), and every interaction token
    /// expired by `now`; returns how many records.
    fn prune(&self, before: i64, now: i64) -> Result<usize, RecordsError>;
    /// Notes where replies were posted (after their answers were recorded).
    fn delivered(&self, deliveries: &[Delivery]) -> Result<(), RecordsError>;
    /// An opaque, stable key for a user: a keyed hash (HMAC-SHA256) of the id with this
    /// install's secret, so that a press counts once per user without storing the id.
    fn voter(&self, user_id: u64) -> String;
    /// Records a *Helpful* (`true`) or *Not what I asked* press at `at`, once per voter per
    /// answer; [`Vote::Expired`] when the answer is gone or older than `since`.
    fn vote(
        &self,
        answer: i64,
        voter: &str,
        helpful: bool,
        at: i64,
        since: i64,
    ) -> Result<Vote, RecordsError>;
    /// Replies since `since` that showed any of `statements` (`id@revision`), newest first,
    /// at most `limit`; with their interaction token if it is still valid at `now`.
    fn live(
        &self,
        statements: &[String],
        since: i64,
        now: i64,
        limit: usize,
    ) -> Result<Vec<LiveAnswer>, RecordsError>;
    /// Replaces what an updated reply shows (`id@revision`).
    fn reshown(&self, answer: i64, statements: &[String]) -> Result<(), RecordsError>;
    /// Forgets a reply that no longer exists (deleted): it is never updated again.
    fn forget(&self, answer: i64) -> Result<(), RecordsError>;
    /// Takes a question out of the gap queue (taught or dismissed) for its asks until `at`.
    fn settle(&self, question: &str, at: i64) -> Result<(), RecordsError>;
}

/// Records nothing (`records.enabled = false`): every read is empty, every press expired.
#[derive(Debug, Clone, Copy, Default)]
pub struct Off;

impl RecordStore for Off {
    fn next_id(&self) -> i64 {
        0
    }
    fn record(&self, _: &AnswerRecord) -> Result<i64, RecordsError> {
        Ok(0)
    }
    fn gaps(&self, _: i64, _: usize) -> Result<Vec<Gap>, RecordsError> {
        Ok(Vec::new())
    }
    fn prune(&self, _: i64, _: i64) -> Result<usize, RecordsError> {
        Ok(0)
    }
    fn delivered(&self, _: &[Delivery]) -> Result<(), RecordsError> {
        Ok(())
    }
    fn voter(&self, _: u64) -> String {
        String::new()
    }
    fn vote(&self, _: i64, _: &str, _: bool, _: i64, _: i64) -> Result<Vote, RecordsError> {
        Ok(Vote::Expired)
    }
    fn live(
        &self,
        _: &[String],
        _: i64,
        _: i64,
        _: usize,
    ) -> Result<Vec<LiveAnswer>, RecordsError> {
        Ok(Vec::new())
    }
    fn reshown(&self, _: i64, _: &[String]) -> Result<(), RecordsError> {
        Ok(())
    }
    fn forget(&self, _: i64) -> Result<(), RecordsError> {
        Ok(())
    }
    fn settle(&self, _: &str, _: i64) -> Result<(), RecordsError> {
        Ok(())
    }
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
                g.helpful += row.helpful;
                g.not_helpful += row.not_helpful;
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
        id: i64,
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
            id,
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
            helpful: 0,
            not_helpful: 0,
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
