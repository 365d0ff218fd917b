//! The audit log of fact changes: one JSON object per line (JSON Lines), append-only.
//!
//! Every change the store makes is one [`HistoryEntry`]: when, who, which deal, topic and
//! statement, and the state before and after. The log is what `/fact history` lists and what
//! [`super::Store::revert`] reads to undo a change.
//!
//! Reading tolerates a torn final line (a crash in the middle of an append): a line that does
//! not parse is skipped. At open, `Log::open` cuts such a tail off so the next append starts
//! on a line of its own; that line was never acknowledged (see [`super::persist`]).

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::EditError;
use crate::facts::{Statement, Status, Topic};

/// One change to the fact base, as logged.
///
/// `before` and `after` hold the statement (`id`, `status`, `text`, `speaker`, `party`,
/// `source`) for statement-level changes, or the whole topic (`id`, `title`, `aliases`, ...,
/// `statements`) for topic-level ones (`statement` is then `None`). `None` means "did not
/// exist": an addition has no `before`, a retraction no `after`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The change number: unique, increasing across restarts; what `revert` takes.
    pub change: u64,
    /// When the change was saved, RFC 3339 in UTC (`2025-08-01T12:00:00Z`).
    pub at: String,
    /// Discord user id of the moderator who made it.
    pub user_id: u64,
    /// Their display name at the time, for people reading the log.
    pub user: String,
    /// `add_topic`, `add_statement`, `edit_statement`, `retract` or `revert`.
    pub action: String,
    /// The deal id the change is filed under.
    pub deal: String,
    /// The topic id the change is filed under.
    pub topic: String,
    /// The statement id, for statement-level changes; `None` when a whole topic was added or
    /// removed.
    pub statement: Option<String>,
    /// The state before the change (`None`: it did not exist).
    pub before: Option<State>,
    /// The state after the change (`None`: it no longer exists).
    pub after: Option<State>,
    /// For a `revert`, the change it undid.
    pub reverts: Option<u64>,
}

impl HistoryEntry {
    /// Whether this entry is about `id`: its topic, its statement, or a statement inside a
    /// topic it added or removed.
    pub fn touches(&self, id: &str) -> bool {
        if self.topic == id || self.statement.as_deref() == Some(id) {
            return true;
        }
        self.statement.is_none()
            && [&self.before, &self.after]
                .into_iter()
                .flatten()
                .any(|v| topic_statement_ids(v).any(|s| s == id))
    }

    /// Statement ids this entry brings into existence (for fresh-id generation).
    pub(crate) fn created_ids(&self) -> Vec<String> {
        match (&self.statement, &self.after) {
            (Some(id), Some(_)) => vec![id.clone()],
            (None, Some(topic)) => topic_statement_ids(topic).map(str::to_string).collect(),
            _ => Vec::new(),
        }
    }
}

/// The statement ids inside a logged topic record.
fn topic_statement_ids(v: &State) -> impl Iterator<Item = &str> {
    let statements = match v {
        State::Topic(t) => t.statements.as_slice(),
        _ => &[],
    };
    statements.iter().map(|s| s.id.as_str())
}

/// A state before or after a change, as logged: a statement, or a whole topic (for changes
/// to a topic). Written as the record's own JSON object (no tag), as the log always has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum State {
    /// A topic with its statements.
    Topic(TopicRecord),
    /// One statement.
    Statement(StatementRecord),
    /// A state this version cannot read (kept as written; a revert of it is refused).
    Unreadable(serde_json::Value),
}

impl State {
    /// The statement's text, or the topic's title.
    pub fn text(&self) -> Option<&str> {
        match self {
            State::Topic(t) => Some(&t.title),
            State::Statement(s) => Some(&s.text),
            State::Unreadable(_) => None,
        }
    }
}

/// A statement as logged in the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementRecord {
    pub id: String,
    pub status: String,
    pub text: String,
    pub speaker: String,
    pub party: String,
    pub source: String,
    /// The exact words of the source (absent in entries written before quotes existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// The statement this one answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responds_to: Option<String>,
    /// When it was said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said_on: Option<String>,
    /// A Japanese translation of the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_ja: Option<String>,
    /// Its place in the topic when it was retracted, so a revert puts it back there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}

impl StatementRecord {
    /// The record of a statement.
    pub(crate) fn of(s: &Statement) -> Self {
        StatementRecord {
            id: s.id.clone(),
            status: s.status.as_str().to_string(),
            text: s.text.clone(),
            speaker: s.speaker.clone(),
            party: s.party.clone(),
            source: s.source.clone(),
            quote: s.quote.clone(),
            responds_to: s.responds_to.clone(),
            said_on: s.said_on.clone(),
            text_ja: s.text_ja.clone(),
            index: None,
        }
    }

    pub(crate) fn to_statement(&self) -> Result<Statement, EditError> {
        Ok(Statement {
            id: self.id.clone(),
            status: Status::parse(&self.status).ok_or_else(|| {
                super::edit::invalid(
                    "change",
                    format!("the history holds an unknown status `{}`", self.status),
                )
            })?,
            text: self.text.clone(),
            speaker: self.speaker.clone(),
            party: self.party.clone(),
            source: self.source.clone(),
            quote: self.quote.clone(),
            responds_to: self.responds_to.clone(),
            said_on: self.said_on.clone(),
            text_ja: self.text_ja.clone(),
        })
    }

    /// Equal in content (the index is only a placement hint).
    pub(crate) fn same(&self, other: &StatementRecord) -> bool {
        StatementRecord {
            index: None,
            ..self.clone()
        } == StatementRecord {
            index: None,
            ..other.clone()
        }
    }

    pub(crate) fn state(&self) -> State {
        State::Statement(self.clone())
    }
}

/// A topic as logged in the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicRecord {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    pub statements: Vec<StatementRecord>,
}

impl TopicRecord {
    pub(crate) fn of(t: &Topic) -> Self {
        TopicRecord {
            id: t.id.clone(),
            title: t.title.clone(),
            aliases: t.aliases.clone(),
            examples: t.examples.clone(),
            related: t.related.clone(),
            statements: t.statements.iter().map(StatementRecord::of).collect(),
        }
    }

    pub(crate) fn to_topic(&self) -> Result<Topic, EditError> {
        Ok(Topic {
            id: self.id.clone(),
            title: self.title.clone(),
            title_ja: None,
            aliases: self.aliases.clone(),
            examples: self.examples.clone(),
            related: self.related.clone(),
            statements: self
                .statements
                .iter()
                .map(StatementRecord::to_statement)
                .collect::<Result<_, _>>()?,
        })
    }

    pub(crate) fn state(&self) -> State {
        State::Topic(self.clone())
    }

    pub(crate) fn revision(&self) -> String {
        let text = serde_json::to_string(self).expect("a record serializes");
        format!("{:016x}", super::persist::fnv1a64([text.as_str()]))
    }
}

/// The open log, owned by the store's single writer.
#[derive(Debug)]
pub(crate) struct Log {
    file: File,
    /// The number the next change gets.
    next_change: u64,
    /// The highest change number whose line is complete in the file, if any.
    last_change: Option<u64>,
    /// Every statement id the log has ever created, so generated ids are never reused (a
    /// retracted statement keeps its id for a later revert).
    used_ids: HashSet<String>,
}

impl Log {
    /// Opens (creating it and its folder if missing) the log, cuts off a torn final line, and
    /// reads the last change number and the ids in use.
    pub fn open(path: &Path) -> io::Result<Log> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        if complete < bytes.len() {
            tracing::warn!(
                path = %path.display(),
                bytes = bytes.len() - complete,
                "history log ends in a torn line (a crash during an append); cutting it off"
            );
            file.set_len(complete as u64)?;
            file.sync_all()?;
            bytes.truncate(complete);
        }
        let mut log = Log {
            file,
            next_change: 1,
            last_change: None,
            used_ids: HashSet::new(),
        };
        for entry in parse_lines(&bytes, path) {
            log.note(&entry);
        }
        Ok(log)
    }

    /// Records an entry that is now part of the log and of the fact files: its number is
    /// used, and so are the ids it created.
    pub fn note(&mut self, entry: &HistoryEntry) {
        self.used_ids.extend(entry.created_ids());
        self.last_change = Some(
            self.last_change
                .map_or(entry.change, |c| c.max(entry.change)),
        );
        self.next_change = self.next_change.max(entry.change + 1);
    }

    /// The number the next change gets.
    pub fn next_change(&self) -> u64 {
        self.next_change
    }

    /// The highest change number on a complete line.
    pub fn last_change(&self) -> Option<u64> {
        self.last_change
    }

    /// Ids ever created by a logged change.
    pub fn used_ids(&self) -> &HashSet<String> {
        &self.used_ids
    }

    /// Appends one entry as a line and fsyncs it. Returns the file's length before the
    /// append, for [`Log::cut`]. On failure the file is cut back (best effort), so a failed
    /// append never leaves half a line behind in a running process. The caller
    /// [notes](Log::note) the entry once the change is in place.
    pub fn append(&mut self, entry: &HistoryEntry) -> io::Result<u64> {
        let mut line = serde_json::to_string(entry).map_err(io::Error::other)?;
        line.push('\n');
        let len = self.file.metadata()?.len();
        let written = self
            .file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data());
        if let Err(e) = written {
            let _ = self.file.set_len(len);
            return Err(e);
        }
        Ok(len)
    }

    /// Cuts the file back to `len` (undoing an append whose change could not be put in
    /// place) and fsyncs it.
    pub fn cut(&mut self, len: u64) -> io::Result<()> {
        self.file.set_len(len)?;
        self.file.sync_data()
    }
}

/// Reads every entry of a log file, oldest first. A missing file is an empty log; lines that
/// do not parse (a torn final line being written right now) are skipped.
pub(crate) fn read_all(path: &Path) -> io::Result<Vec<HistoryEntry>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(parse_lines(&bytes, path)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// Parses the complete lines of a log; skips (and warns about) lines that do not parse.
fn parse_lines(bytes: &[u8], path: &Path) -> Vec<HistoryEntry> {
    let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    bytes[..complete]
        .split(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
        .filter_map(|(n, line)| match serde_json::from_slice(line) {
            Ok(entry) => Some(entry),
            Err(e) => {
                tracing::warn!(path = %path.display(), line = n + 1, error = %e, "skipping an unreadable history line");
                None
            }
        })
        .collect()
}

/// The current time as RFC 3339 in UTC, to the second.
pub(crate) fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format_rfc3339(secs)
}

/// Formats seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to (year, month, day).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_rfc3339() {
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_rfc3339(1_754_049_599), "2025-08-01T11:59:59Z");
        assert_eq!(format_rfc3339(4_102_444_800), "2100-01-01T00:00:00Z");
    }

    #[test]
    fn torn_and_garbage_lines_are_skipped() {
        let good = r#"{"change":3,"at":"x","user_id":1,"user":"a","action":"retract","deal":"d","topic":"t","statement":"s","before":null,"after":null,"reverts":null}"#;
        let text = format!("{good}\nnot json\n{good}\n{{\"change\":4,");
        let entries = parse_lines(text.as_bytes(), Path::new("h"));
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].change, 3);
    }
}
