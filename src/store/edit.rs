//! Moderator edits: what can be asked ([`Edit`]), and how each request is checked and turned
//! into primitive operations on one deal file.
//!
//! Pure: no file I/O here. `plan` checks a request against the current fact base and
//! produces a `Plan`: the operations, which [`super::rewrite`] applies to the file's text, and
//! the history entry to log. [`super::revert`] plans the undoing of a logged change the same way.

use std::collections::HashSet;
use std::path::PathBuf;

use super::fields::{
    check_date, check_id, check_party, check_source_key, long, new_statement, optional, short,
};
use super::history::{State, StatementRecord, TopicRecord};
use super::rewrite::Op;
use super::{revision, EditError};
use crate::facts::validate::{MAX_SHORT_CHARS, MAX_TEXT_CHARS};
use crate::facts::{Deal, FactBase, Statement, Status, Topic};

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
    /// Adds an example question to a topic (`/fact teach`): the matcher treats it like the
    /// topic's own wording, so the same question answers that topic at once.
    AddExample {
        /// The topic id.
        topic: String,
        /// The question, as people asked it.
        example: String,
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
    pub before: Option<State>,
    pub after: Option<State>,
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
                after: Some(TopicRecord::of(&topic).state()),
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
                after: Some(StatementRecord::of(&statement).state()),
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
                before: Some(StatementRecord::of(current).state()),
                after: Some(StatementRecord::of(&next).state()),
                reverts: None,
                summary: format!(
                    "edited statement `{}` in topic `{}`: changed {}",
                    current.id,
                    t.id,
                    changed.join(", ")
                ),
            })
        }
        Edit::AddExample { topic, example } => plan_example(base, &topic, &example),
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
                    .state(),
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

/// Plans `/fact teach`: the example is a short text the topic does not hold yet.
fn plan_example(base: &FactBase, topic: &str, example: &str) -> Result<Plan, EditError> {
    let (d, t) = base.topic(topic.trim()).ok_or_else(|| {
        invalid(
            "topic",
            format!("unknown `topic` `{topic}`; see /topics for the ids"),
        )
    })?;
    let example = short("example", example)?;
    if t.examples
        .iter()
        .chain(&t.aliases)
        .any(|e| e.to_lowercase() == example.to_lowercase())
    {
        return Err(invalid(
            "example",
            format!("topic `{}` already has the example \"{example}\"", t.id),
        ));
    }
    let mut examples = t.examples.clone();
    examples.push(example.clone());
    let after = Topic {
        examples: examples.clone(),
        ..t.clone()
    };
    Ok(Plan {
        file: d.origin.clone(),
        ops: vec![Op::SetExamples {
            topic: t.id.clone(),
            examples,
        }],
        action: "add_example",
        deal: d.id.clone(),
        topic: t.id.clone(),
        statement: None,
        before: Some(TopicRecord::of(t).state()),
        after: Some(TopicRecord::of(&after).state()),
        reverts: None,
        summary: format!("taught topic `{}` the example \"{example}\"", t.id),
    })
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

fn source_note(op: &Op) -> String {
    match op {
        Op::AddSource(s) => format!(", citing new source `{}`", s.key),
        _ => String::new(),
    }
}
