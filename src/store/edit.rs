//! Moderator edits: what can be asked ([`Edit`]), and how each request is checked and turned
//! into primitive operations on one deal file.
//!
//! Pure: no file I/O here. `plan` checks a request against the current fact base and
//! produces a `Plan`: the operations, which [`super::rewrite`] applies to the file's text, and
//! the history entry to log. [`super::revert`] plans the undoing of a logged change the same way.

use std::collections::HashSet;
use std::path::PathBuf;

use super::history::{StatementRecord, TopicRecord};
use super::rewrite::Op;
use super::{revision, EditError};
use crate::facts::validate::{
    check_text, is_http_url, is_valid_id, MAX_SHORT_CHARS, MAX_TEXT_CHARS,
};
use crate::facts::{Deal, FactBase, Source, Statement, Status, Topic, NEITHER};

/// One change a moderator asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// A new topic (with its first statement, since a topic needs one), at the end of the
    /// deal's file.
    AddTopic {
        /// The deal id the topic belongs to.
        deal: String,
        /// The new topic's id (lowercase letters, digits, dashes).
        id: String,
        /// The question, as shown in replies.
        title: String,
        /// Extra match terms.
        aliases: Vec<String>,
        /// Its first statement.
        first: NewStatement,
    },
    /// A new statement, after the topic's last one.
    AddStatement {
        /// The topic id.
        topic: String,
        /// The statement.
        statement: NewStatement,
    },
    /// Changes some fields of a statement; `None` keeps a field.
    EditStatement {
        /// The statement id.
        id: String,
        /// The [`revision`] the moderator saw; a different current revision is a conflict.
        base_revision: String,
        /// New text.
        text: Option<String>,
        /// New status.
        status: Option<Status>,
        /// New speaker.
        speaker: Option<String>,
        /// New party (one of the deal's parties or `neither`).
        party: Option<String>,
        /// New source key (one already in the deal's `[sources]`).
        source: Option<String>,
        /// New quote (the exact words of the source); an empty one removes it.
        quote: Option<String>,
        /// New `responds_to` statement id; an empty one removes the link.
        responds_to: Option<String>,
        /// New `said_on` date (YYYY-MM-DD); an empty one removes it.
        said_on: Option<String>,
    },
    /// Removes a statement from its file; it is no longer served. The history keeps all of
    /// it, so a revert restores it in place.
    Retract {
        /// The statement id.
        id: String,
        /// The [`revision`] the moderator saw.
        base_revision: String,
    },
}

/// A statement to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStatement {
    /// Its id; `None` generates `{topic}-{n}`, unused in the fact base and in the history.
    pub id: Option<String>,
    /// Announced, clarified or under negotiation.
    pub status: Status,
    /// The claim.
    pub text: String,
    /// Who said it.
    pub speaker: String,
    /// The side it speaks for: one of the deal's parties (any case) or `neither`.
    pub party: String,
    /// Where it was reported.
    pub source: SourceChoice,
    /// The exact words of the source it rests on.
    pub quote: Option<String>,
    /// The other side's statement it answers.
    pub responds_to: Option<String>,
    /// When it was said (YYYY-MM-DD), only where the source gives it.
    pub said_on: Option<String>,
}

/// The source of a new statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceChoice {
    /// A key already in the deal's `[sources]`.
    Existing(String),
    /// A new source, added to the deal's `[sources]` under `key`.
    New {
        /// The key (lowercase letters, digits, dashes), unused in the deal.
        key: String,
        /// How it is cited (a headline where one is known).
        title: String,
        /// Link, if known; must be http(s).
        url: Option<String>,
    },
}

/// Parses a status as moderators type it (`announced`, `clarified`, `under_negotiation`;
/// spaces or dashes for the underscore, any case), or names the field.
pub fn parse_status(s: &str) -> Result<Status, EditError> {
    let norm = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    Status::parse(&norm).ok_or_else(|| {
        invalid(
            "status",
            format!(
                "unknown `status` `{s}`: use announced, clarified, under_negotiation or context"
            ),
        )
    })
}

pub(super) fn invalid(field: &'static str, message: impl Into<String>) -> EditError {
    EditError::Invalid {
        field,
        message: message.into(),
    }
}

/// A checked request: the operations on one file and the history entry to log.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// The deal file to rewrite.
    pub file: PathBuf,
    /// What to do to it, in order.
    pub ops: Vec<Op>,
    /// History fields (the store fills in number, time and actor).
    pub action: &'static str,
    pub deal: String,
    pub topic: String,
    pub statement: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub reverts: Option<u64>,
    /// One human line (the store appends the change number).
    pub summary: String,
}

/// Checks an edit against the current fact base and plans it. `used_ids` are statement ids
/// the history has ever created (generated ids avoid them).
pub(crate) fn plan(
    base: &FactBase,
    edit: Edit,
    used_ids: &HashSet<String>,
) -> Result<Plan, EditError> {
    match edit {
        Edit::AddTopic {
            deal,
            id,
            title,
            aliases,
            first,
        } => {
            let d = base.deals().iter().find(|d| d.id == deal).ok_or_else(|| {
                let known: Vec<&str> = base.deals().iter().map(|d| d.id.as_str()).collect();
                invalid(
                    "deal",
                    format!("unknown `deal` `{deal}`; known deals: {}", known.join(", ")),
                )
            })?;
            let id = id.trim().to_string();
            check_id("id", "topic", &id)?;
            if base.topic(&id).is_some() {
                return Err(invalid(
                    "id",
                    format!("topic `id` `{id}` is already used; pick another"),
                ));
            }
            let title = short("title", &title)?;
            let aliases = aliases
                .iter()
                .map(|a| short("aliases", a))
                .collect::<Result<Vec<_>, _>>()?;
            let (statement, source_op) = new_statement(base, d, &id, 0, first, used_ids)?;
            let topic = Topic {
                id: id.clone(),
                title: title.clone(),
                title_ja: None,
                aliases,
                examples: Vec::new(),
                statements: vec![statement.clone()],
                related: Vec::new(),
            };
            let mut summary = format!(
                "added topic `{id}` (\"{title}\") to deal `{deal}` with statement `{}`",
                statement.id
            );
            let mut ops = Vec::new();
            if let Some(op) = source_op {
                summary.push_str(&source_note(&op));
                ops.push(op);
            }
            ops.push(Op::PushTopic(topic.clone()));
            Ok(Plan {
                file: d.origin.clone(),
                ops,
                action: "add_topic",
                deal,
                topic: id,
                statement: None,
                before: None,
                after: Some(TopicRecord::of(&topic).json()),
                reverts: None,
                summary,
            })
        }
        Edit::AddStatement { topic, statement } => {
            let (d, t) = base.topic(topic.trim()).ok_or_else(|| {
                invalid(
                    "topic",
                    format!("unknown `topic` `{topic}`; see /topics for the ids"),
                )
            })?;
            let (statement, source_op) =
                new_statement(base, d, &t.id, t.statements.len(), statement, used_ids)?;
            let mut summary = format!(
                "added statement `{}` ({}) to topic `{}`",
                statement.id, statement.status, t.id
            );
            let mut ops = Vec::new();
            if let Some(op) = source_op {
                summary.push_str(&source_note(&op));
                ops.push(op);
            }
            ops.push(Op::InsertStatement {
                topic: t.id.clone(),
                index: t.statements.len(),
                statement: statement.clone(),
            });
            Ok(Plan {
                file: d.origin.clone(),
                ops,
                action: "add_statement",
                deal: d.id.clone(),
                topic: t.id.clone(),
                statement: Some(statement.id.clone()),
                before: None,
                after: Some(StatementRecord::of(&statement).json()),
                reverts: None,
                summary,
            })
        }
        Edit::EditStatement {
            id,
            base_revision,
            text,
            status,
            speaker,
            party,
            source,
            quote,
            responds_to,
            said_on,
        } => {
            let (d, t, current) = find_statement(base, &id)?;
            let mut next = current.clone();
            if let Some(q) = quote {
                next.quote = optional("quote", &q, MAX_TEXT_CHARS)?;
            }
            if let Some(r) = responds_to {
                next.responds_to = optional("responds_to", &r, MAX_SHORT_CHARS)?;
            }
            if let Some(d) = said_on {
                next.said_on = check_date(&d)?;
            }
            if let Some(text) = text {
                next.text = long("text", &text)?;
            }
            if let Some(status) = status {
                next.status = status;
            }
            if let Some(speaker) = speaker {
                next.speaker = short("speaker", &speaker)?;
            }
            if let Some(party) = party {
                next.party = check_party(d, &party)?;
            }
            if let Some(source) = source {
                next.source = check_source_key(d, &source)?;
            }
            check_revision(current, &base_revision)?;
            if let Some(m) = crate::facts::validate::check_kind(next.status, &next.party) {
                return Err(invalid("status", m));
            }
            let changed: Vec<&str> = [
                ("text", next.text != current.text),
                ("status", next.status != current.status),
                ("speaker", next.speaker != current.speaker),
                ("party", next.party != current.party),
                ("source", next.source != current.source),
                ("quote", next.quote != current.quote),
                ("responds_to", next.responds_to != current.responds_to),
                ("said_on", next.said_on != current.said_on),
            ]
            .into_iter()
            .filter_map(|(name, differs)| differs.then_some(name))
            .collect();
            if changed.is_empty() {
                return Err(invalid(
                    "edit",
                    format!("nothing to `edit`: give statement `{id}` a new text, status, speaker, party, source, quote, responds_to or said_on"),
                ));
            }
            Ok(Plan {
                file: d.origin.clone(),
                ops: vec![Op::UpdateStatement(next.clone())],
                action: "edit_statement",
                deal: d.id.clone(),
                topic: t.id.clone(),
                statement: Some(current.id.clone()),
                before: Some(StatementRecord::of(current).json()),
                after: Some(StatementRecord::of(&next).json()),
                reverts: None,
                summary: format!(
                    "edited statement `{}` in topic `{}`: changed {}",
                    current.id,
                    t.id,
                    changed.join(", ")
                ),
            })
        }
        Edit::Retract { id, base_revision } => {
            let (d, t, current) = find_statement(base, &id)?;
            check_revision(current, &base_revision)?;
            let index = t.statements.iter().position(|s| s.id == current.id);
            Ok(Plan {
                file: d.origin.clone(),
                ops: vec![Op::RemoveStatement(current.id.clone())],
                action: "retract",
                deal: d.id.clone(),
                topic: t.id.clone(),
                statement: Some(current.id.clone()),
                before: Some(
                    StatementRecord {
                        index,
                        ..StatementRecord::of(current)
                    }
                    .json(),
                ),
                after: None,
                reverts: None,
                summary: format!(
                    "retracted statement `{}` from topic `{}` (kept in the history)",
                    current.id, t.id
                ),
            })
        }
    }
}

pub(super) fn conflict(current: &Statement) -> EditError {
    EditError::Conflict {
        id: current.id.clone(),
        current_text: current.text.clone(),
        current_revision: revision(current),
    }
}

fn check_revision(current: &Statement, base_revision: &str) -> Result<(), EditError> {
    if revision(current) == base_revision.trim() {
        Ok(())
    } else {
        Err(conflict(current))
    }
}

fn find_statement<'a>(
    base: &'a FactBase,
    id: &str,
) -> Result<(&'a Deal, &'a Topic, &'a Statement), EditError> {
    base.statement(id.trim()).ok_or_else(|| {
        invalid(
            "statement",
            format!("unknown `statement` `{id}`; the id is in the footer of /topic"),
        )
    })
}

fn check_id(field: &'static str, noun: &str, id: &str) -> Result<(), EditError> {
    if is_valid_id(id) {
        Ok(())
    } else {
        Err(invalid(
            field,
            format!(
                "invalid {noun} `{field}` `{id}`: use 1-64 lowercase letters, digits and dashes"
            ),
        ))
    }
}

fn short(field: &'static str, value: &str) -> Result<String, EditError> {
    checked(field, value, MAX_SHORT_CHARS)
}

fn long(field: &'static str, value: &str) -> Result<String, EditError> {
    checked(field, value, MAX_TEXT_CHARS)
}

fn checked(field: &'static str, value: &str, max: usize) -> Result<String, EditError> {
    match check_text(field, value, max) {
        Some(message) => Err(invalid(field, message)),
        None => Ok(value.trim().to_string()),
    }
}

/// The deal's spelling of `party` (matched ignoring case), or names the field.
fn check_party(deal: &Deal, party: &str) -> Result<String, EditError> {
    let p = party.trim();
    if p.eq_ignore_ascii_case(NEITHER) {
        return Ok(NEITHER.to_string());
    }
    deal.parties
        .iter()
        .find(|known| known.eq_ignore_ascii_case(p))
        .cloned()
        .ok_or_else(|| {
            let mut expected: Vec<&str> = deal.parties.iter().map(String::as_str).collect();
            expected.push(NEITHER);
            invalid(
                "party",
                format!(
                    "unknown `party` `{party}`: expected one of {}",
                    expected.join(", ")
                ),
            )
        })
}

fn check_source_key(deal: &Deal, key: &str) -> Result<String, EditError> {
    let key = key.trim();
    if deal.sources.contains_key(key) {
        Ok(key.to_string())
    } else {
        let known: Vec<&str> = deal.sources.keys().map(String::as_str).collect();
        Err(invalid(
            "source",
            format!(
                "unknown `source` `{key}` in deal `{}`; known sources: {} (or add a new one)",
                deal.id,
                known.join(", ")
            ),
        ))
    }
}

/// Checks a new statement for `topic` (which has `count` statements now) and gives it an id.
fn new_statement(
    base: &FactBase,
    deal: &Deal,
    topic: &str,
    count: usize,
    ns: NewStatement,
    used_ids: &HashSet<String>,
) -> Result<(Statement, Option<Op>), EditError> {
    let text = long("text", &ns.text)?;
    let speaker = short("speaker", &ns.speaker)?;
    let party = check_party(deal, &ns.party)?;
    if let Some(m) = crate::facts::validate::check_kind(ns.status, &party) {
        return Err(invalid("status", m));
    }
    let quote = ns
        .quote
        .map(|q| optional("quote", &q, MAX_TEXT_CHARS))
        .transpose()?
        .flatten();
    let responds_to = ns
        .responds_to
        .map(|r| optional("responds_to", &r, MAX_SHORT_CHARS))
        .transpose()?
        .flatten();
    let said_on = ns.said_on.map(|d| check_date(&d)).transpose()?.flatten();
    let (source, source_op) = match ns.source {
        SourceChoice::Existing(key) => (check_source_key(deal, &key)?, None),
        SourceChoice::New { key, title, url } => {
            let key = key.trim().to_string();
            if !is_valid_id(&key) {
                return Err(invalid(
                    "source",
                    format!("invalid new `source` key `{key}`: use 1-64 lowercase letters, digits and dashes"),
                ));
            }
            if deal.sources.contains_key(&key) {
                return Err(invalid(
                    "source",
                    format!("`source` `{key}` already exists in deal `{}`: cite it instead of adding it", deal.id),
                ));
            }
            let title = short("source_title", &title)?;
            let url = match url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty()) {
                Some(u) if !is_http_url(&u) => {
                    return Err(invalid(
                        "source_url",
                        format!("`source_url` `{u}` is not an http(s) URL (it must start with http:// or https://)"),
                    ))
                }
                u => u,
            };
            let op = Op::AddSource(Source {
                key: key.clone(),
                title,
                publisher: None,
                url,
                date: None,
                archive: None,
            });
            (key, Some(op))
        }
    };
    let id = match ns.id.map(|i| i.trim().to_string()) {
        Some(id) => {
            check_id("id", "statement", &id)?;
            if let Some((_, t, _)) = base.statement(&id) {
                return Err(invalid(
                    "id",
                    format!(
                        "statement `id` `{id}` is already used in topic `{}`; pick another",
                        t.id
                    ),
                ));
            }
            id
        }
        None => fresh_id(base, topic, count, used_ids),
    };
    Ok((
        Statement {
            id,
            status: ns.status,
            text,
            speaker,
            party,
            source,
            quote,
            responds_to,
            said_on,
        },
        source_op,
    ))
}

/// An optional field as typed: trimmed, `None` when empty (which removes it), else checked
/// for length. The whole-file rules (a quote found in the archived source, a `responds_to`
/// that exists on the other side) are checked when the change is validated as a whole.
fn optional(field: &'static str, value: &str, max: usize) -> Result<Option<String>, EditError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    checked(field, v, max).map(Some)
}

/// A `said_on` date as typed: empty removes it; otherwise YYYY-MM-DD.
fn check_date(value: &str) -> Result<Option<String>, EditError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if crate::facts::validate::is_iso_date(v) {
        Ok(Some(v.to_string()))
    } else {
        Err(invalid(
            "said_on",
            format!(
                "`said_on` `{v}` is not a date: write YYYY-MM-DD, and only a date the source gives"
            ),
        ))
    }
}

/// `{topic}-{n}` for the first n past `count` that no statement uses or ever used.
fn fresh_id(base: &FactBase, topic: &str, count: usize, used_ids: &HashSet<String>) -> String {
    (count + 1..)
        .map(|n| {
            let suffix = format!("-{n}");
            let keep = topic.len().min(64 - suffix.len());
            format!("{}{suffix}", topic[..keep].trim_end_matches('-'))
        })
        .find(|id| base.statement(id).is_none() && !used_ids.contains(id))
        .expect("an unused id exists")
}

fn source_note(op: &Op) -> String {
    match op {
        Op::AddSource(s) => format!(", citing new source `{}`", s.key),
        _ => String::new(),
    }
}
