//! Undoing a logged change: the inverse of a [`super::HistoryEntry`], planned against the
//! current fact base.
//!
//! The inverse is read off the entry's `before` and `after` states, so it works for every
//! action, a `revert` included (undoing a revert re-applies the change): what the entry
//! produced must still be there (else a conflict, showing what is there now), and it is turned
//! back into the state before it. An added statement or topic is removed; an edited statement
//! gets its earlier fields back; a retracted statement is put back in its topic at the place
//! it had; a removed topic is put back at the end of its deal's file.

use std::path::PathBuf;

use super::edit::{conflict, invalid, Plan};
use super::history::{HistoryEntry, State, StatementRecord, TopicRecord};
use super::rewrite::Op;
use super::EditError;
use crate::facts::FactBase;

/// Plans the inverse of a logged change, as it applies to the current fact base: the state the
/// entry produced must still be there (else a conflict), and it is turned back into the state
/// before it.
pub(crate) fn plan_revert(base: &FactBase, entry: &HistoryEntry) -> Result<Plan, EditError> {
    let n = entry.change;
    let gone = |what: String| invalid("change", format!("change {n} cannot be undone: {what}"));
    let mut plan = Plan {
        file: PathBuf::new(),
        ops: Vec::new(),
        action: "revert",
        deal: entry.deal.clone(),
        topic: entry.topic.clone(),
        statement: entry.statement.clone(),
        before: None,
        after: None,
        reverts: Some(n),
        summary: String::new(),
    };
    if let Some(sid) = &entry.statement {
        let before = record::<StatementRecord>(&entry.before, n)?;
        let after = record::<StatementRecord>(&entry.after, n)?;
        match (before, after) {
            (before, Some(after)) => {
                let (d, t, current) = base
                    .statement(sid)
                    .ok_or_else(|| gone(format!("statement `{sid}` no longer exists")))?;
                let now = StatementRecord::of(current);
                if !now.same(&after) {
                    return Err(conflict(current));
                }
                plan.file = d.origin.clone();
                plan.deal = d.id.clone();
                plan.topic = t.id.clone();
                match before {
                    None => {
                        let index = t.statements.iter().position(|s| s.id == *sid);
                        plan.ops.push(Op::RemoveStatement(sid.clone()));
                        plan.before = Some(StatementRecord { index, ..now }.state());
                        plan.summary = format!(
                            "reverted change {n}: removed statement `{sid}` from topic `{}`",
                            t.id
                        );
                    }
                    Some(before) => {
                        let restored = StatementRecord {
                            id: sid.clone(),
                            index: None,
                            ..before
                        };
                        plan.ops.push(Op::UpdateStatement(restored.to_statement()?));
                        plan.before = Some(now.state());
                        plan.after = Some(restored.state());
                        plan.summary = format!(
                            "reverted change {n}: restored statement `{sid}` in topic `{}`",
                            t.id
                        );
                    }
                }
            }
            (Some(before), None) => {
                if let Some((_, _, existing)) = base.statement(sid) {
                    return Err(conflict(existing));
                }
                let (d, t) = base
                    .topic(&entry.topic)
                    .ok_or_else(|| gone(format!("its topic `{}` no longer exists", entry.topic)))?;
                let index = before
                    .index
                    .unwrap_or(t.statements.len())
                    .min(t.statements.len());
                let restored = StatementRecord {
                    id: sid.clone(),
                    index: None,
                    ..before
                };
                plan.ops.push(Op::InsertStatement {
                    topic: t.id.clone(),
                    index,
                    statement: restored.to_statement()?,
                });
                plan.file = d.origin.clone();
                plan.deal = d.id.clone();
                plan.after = Some(restored.state());
                plan.summary = format!(
                    "reverted change {n}: put statement `{sid}` back in topic `{}`",
                    t.id
                );
            }
            (None, None) => return Err(gone("it records no state".into())),
        }
    } else {
        let tid = &entry.topic;
        let before = record::<TopicRecord>(&entry.before, n)?;
        let after = record::<TopicRecord>(&entry.after, n)?;
        match (before, after) {
            (None, Some(after)) => {
                let (d, t) = base
                    .topic(tid)
                    .ok_or_else(|| gone(format!("topic `{tid}` no longer exists")))?;
                let now = TopicRecord::of(t);
                if now != after {
                    return Err(topic_conflict(t));
                }
                plan.file = d.origin.clone();
                plan.deal = d.id.clone();
                plan.ops.push(Op::RemoveTopic(tid.clone()));
                plan.before = Some(now.state());
                plan.summary = format!("reverted change {n}: removed topic `{tid}`");
            }
            (Some(before), None) => {
                if let Some((_, t)) = base.topic(tid) {
                    return Err(topic_conflict(t));
                }
                if let Some((_, _, existing)) =
                    before.statements.iter().find_map(|s| base.statement(&s.id))
                {
                    return Err(conflict(existing));
                }
                let d = base
                    .deals()
                    .iter()
                    .find(|d| d.id == entry.deal)
                    .ok_or_else(|| gone(format!("deal `{}` no longer exists", entry.deal)))?;
                plan.file = d.origin.clone();
                plan.ops.push(Op::PushTopic(before.to_topic()?));
                plan.after = Some(before.state());
                plan.summary = format!("reverted change {n}: put topic `{tid}` back");
            }
            (Some(before), Some(after)) => {
                // A change inside the topic (an example taught): its examples go back.
                let (d, t) = base
                    .topic(tid)
                    .ok_or_else(|| gone(format!("topic `{tid}` no longer exists")))?;
                let now = TopicRecord::of(t);
                if now.examples != after.examples {
                    return Err(topic_conflict(t));
                }
                plan.file = d.origin.clone();
                plan.deal = d.id.clone();
                plan.ops.push(Op::SetExamples {
                    topic: tid.clone(),
                    examples: before.examples.clone(),
                });
                plan.before = Some(now.state());
                plan.after = Some(
                    TopicRecord {
                        examples: before.examples,
                        ..now
                    }
                    .state(),
                );
                plan.summary =
                    format!("reverted change {n}: restored the examples of topic `{tid}`");
            }
            (None, None) => return Err(gone("it records no topic state to undo".into())),
        }
    }
    Ok(plan)
}

/// A topic changed since the change being undone: what it is now.
fn topic_conflict(t: &crate::facts::Topic) -> EditError {
    EditError::Conflict {
        id: t.id.clone(),
        current_text: t.title.clone(),
        current_revision: TopicRecord::of(t).revision(),
    }
}

/// The logged state as the kind of record a revert of it needs (a statement or a topic).
fn record<T: FromState>(v: &Option<State>, n: u64) -> Result<Option<T>, EditError> {
    v.as_ref()
        .map(|v| {
            T::from_state(v).ok_or_else(|| {
                invalid(
                    "change",
                    format!("change {n} cannot be undone: its history entry is unreadable"),
                )
            })
        })
        .transpose()
}

trait FromState: Sized {
    fn from_state(v: &State) -> Option<Self>;
}

impl FromState for StatementRecord {
    fn from_state(v: &State) -> Option<Self> {
        match v {
            State::Statement(s) => Some(s.clone()),
            _ => None,
        }
    }
}

impl FromState for TopicRecord {
    fn from_state(v: &State) -> Option<Self> {
        match v {
            State::Topic(t) => Some(t.clone()),
            _ => None,
        }
    }
}
