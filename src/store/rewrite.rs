//! Rewriting a deal file: primitive operations (`Op`) applied to the file's original text
//! with `toml_edit`, and the same operations applied to the parsed model.
//!
//! `rewrite` keeps every byte the operations do not touch: comments, blank lines, key order,
//! quoting. Where new tables land: `toml_edit` renders a table it was not told a position for
//! right after the table visited before it (the topic, or the topic's previous statement), so
//! a new `[[topics.statements]]` stays inside its topic even when other topics follow, a new
//! topic goes at the end, and a new `[sources.*]` after the last source. `expected` applies
//! the operations to the model; the store checks that the re-parsed file equals it, so a
//! rewrite that lands anywhere else is refused instead of saved.

use std::path::Path;

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use super::EditError;
use crate::facts::{Deal, Problem, Source, Statement, Topic};

/// One primitive change to one deal file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    /// Adds `[sources.{key}]`.
    AddSource(Source),
    /// Inserts a statement into a topic at `index` (its length: after the last one).
    InsertStatement {
        topic: String,
        index: usize,
        statement: Statement,
    },
    /// Replaces a statement's fields (found by id).
    UpdateStatement(Statement),
    /// Removes a statement (by id).
    RemoveStatement(String),
    /// Appends a topic to the file.
    PushTopic(Topic),
    /// Removes a topic (by id).
    RemoveTopic(String),
    /// Sets a topic's `examples` (keeping the written order and layout of those it keeps).
    SetExamples {
        topic: String,
        examples: Vec<String>,
    },
}

// ------------------------------------------------------------------ rewriting the text --

/// Applies the operations to a deal file's original text. Everything the operations do not
/// touch keeps its bytes: comments, blank lines, key order, quoting.
pub(crate) fn rewrite(text: &str, origin: &Path, ops: &[Op]) -> Result<String, EditError> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        EditError::Rejected(vec![Problem {
            file: origin.to_path_buf(),
            line: 1,
            col: 1,
            message: format!("the file no longer parses: {}", e.message()),
        }])
    })?;
    for op in ops {
        apply_to_doc(&mut doc, op).map_err(|message| {
            EditError::Rejected(vec![Problem {
                file: origin.to_path_buf(),
                line: 1,
                col: 1,
                message,
            }])
        })?;
    }
    Ok(doc.to_string())
}

fn apply_to_doc(doc: &mut DocumentMut, op: &Op) -> Result<(), String> {
    match op {
        Op::AddSource(source) => {
            let sources = doc
                .entry("sources")
                .or_insert_with(|| {
                    let mut t = Table::new();
                    t.set_implicit(true);
                    Item::Table(t)
                })
                .as_table_mut()
                .ok_or("`sources` is not written as a table; add the source by hand")?;
            sources.insert(&source.key, Item::Table(source_table(source)));
        }
        Op::InsertStatement {
            topic,
            index,
            statement,
        } => {
            let statements = statements_of(doc, topic)?;
            let table = statement_table(statement);
            if *index >= statements.len() {
                statements.push(table);
            } else {
                // ArrayOfTables has no insert: rebuild it, keeping each table's position and
                // decoration. The new table has no position, so it is rendered right after
                // the table before it (its topic or the previous statement).
                let mut tables: Vec<Table> = statements.iter().cloned().collect();
                tables.insert(*index, table);
                statements.clear();
                for t in tables {
                    statements.push(t);
                }
            }
        }
        Op::UpdateStatement(statement) => {
            let table = statement_table_mut(doc, &statement.id)?;
            set_str(table, "status", statement.status.as_str());
            set_str(table, "text", &statement.text);
            set_str(table, "speaker", &statement.speaker);
            set_str(table, "party", &statement.party);
            set_str(table, "source", &statement.source);
            for (key, value) in optional_fields(statement) {
                match value {
                    Some(v) => set_str(table, key, v),
                    None => {
                        table.remove(key);
                    }
                }
            }
        }
        Op::RemoveStatement(id) => {
            let topics = topics_of(doc)?;
            for topic in topics.iter_mut() {
                if let Some(statements) = topic
                    .get_mut("statements")
                    .and_then(Item::as_array_of_tables_mut)
                {
                    let found = statements.iter().position(|s| str_of(s, "id") == Some(id));
                    if let Some(i) = found {
                        statements.remove(i);
                        return Ok(());
                    }
                }
            }
            return Err(format!(
                "statement `{id}` is not written as [[topics.statements]] in this file"
            ));
        }
        Op::PushTopic(topic) => {
            let topics = topics_of(doc)?;
            topics.push(topic_table(topic));
        }
        Op::SetExamples { topic, examples } => set_examples(doc, topic, examples)?,
        Op::RemoveTopic(id) => {
            let topics = topics_of(doc)?;
            let i = topics
                .iter()
                .position(|t| str_of(t, "id") == Some(id))
                .ok_or_else(|| format!("topic `{id}` is not written as [[topics]] in this file"))?;
            topics.remove(i);
        }
    }
    Ok(())
}

fn set_examples(doc: &mut DocumentMut, topic: &str, examples: &[String]) -> Result<(), String> {
    let table = topics_of(doc)?
        .iter_mut()
        .find(|t| str_of(t, "id") == Some(topic))
        .ok_or_else(|| format!("topic `{topic}` is not written as [[topics]] in this file"))?;
    let Some(Item::Value(Value::Array(list))) = table.get_mut("examples") else {
        if table.contains_key("examples") {
            return Err(format!(
                "the examples of topic `{topic}` are not written as an array; edit it by hand"
            ));
        }
        table.insert(
            "examples",
            toml_edit::value(examples.iter().collect::<Array>()),
        );
        return Ok(());
    };
    list.retain(|v| v.as_str().is_some_and(|s| examples.iter().any(|e| e == s)));
    let kept: Vec<String> = list
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    // A new item is laid out like the last one (on its own line in a multi-line array).
    let prefix = list
        .iter()
        .last()
        .and_then(|v| v.decor().prefix())
        .and_then(|p| p.as_str())
        .map(str::to_string);
    for e in examples.iter().filter(|e| !kept.contains(e)) {
        let mut v = Value::from(e.as_str());
        if let Some(p) = &prefix {
            v.decor_mut().set_prefix(p.as_str());
        }
        list.push_formatted(v);
    }
    Ok(())
}

fn topics_of(doc: &mut DocumentMut) -> Result<&mut ArrayOfTables, String> {
    doc.get_mut("topics")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| {
            "topics are not written as [[topics]] in this file; edit it by hand".to_string()
        })
}

fn statements_of<'a>(
    doc: &'a mut DocumentMut,
    topic: &str,
) -> Result<&'a mut ArrayOfTables, String> {
    topics_of(doc)?
        .iter_mut()
        .find(|t| str_of(t, "id") == Some(topic))
        .ok_or_else(|| format!("topic `{topic}` is not written as [[topics]] in this file"))?
        .get_mut("statements")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| format!("the statements of topic `{topic}` are not written as [[topics.statements]]; edit it by hand"))
}

fn statement_table_mut<'a>(doc: &'a mut DocumentMut, id: &str) -> Result<&'a mut Table, String> {
    topics_of(doc)?
        .iter_mut()
        .filter_map(|t| {
            t.get_mut("statements")
                .and_then(Item::as_array_of_tables_mut)
        })
        .flat_map(|s| s.iter_mut())
        .find(|s| str_of(s, "id") == Some(id))
        .ok_or_else(|| {
            format!("statement `{id}` is not written as [[topics.statements]] in this file")
        })
}

fn str_of<'a>(table: &'a Table, key: &str) -> Option<&'a str> {
    table.get(key).and_then(Item::as_str)
}

/// Sets a string value, keeping the old value's surrounding whitespace and comment; an
/// unchanged value keeps its exact bytes.
fn set_str(table: &mut Table, key: &str, v: &str) {
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            if old.as_str() != Some(v) {
                let decor = old.decor().clone();
                let mut new = Value::from(v);
                *new.decor_mut() = decor;
                *old = new;
            }
        }
        _ => {
            table.insert(key, toml_edit::value(v));
        }
    }
}

fn statement_table(s: &Statement) -> Table {
    let mut t = Table::new();
    t.insert("id", toml_edit::value(&s.id));
    t.insert("status", toml_edit::value(s.status.as_str()));
    t.insert("text", toml_edit::value(&s.text));
    // A translation is written under the text it translates.
    if let Some(ja) = &s.text_ja {
        t.insert("text_ja", toml_edit::value(ja));
    }
    t.insert("speaker", toml_edit::value(&s.speaker));
    t.insert("party", toml_edit::value(&s.party));
    t.insert("source", toml_edit::value(&s.source));
    for (key, value) in optional_fields(s).into_iter().skip(1) {
        if let Some(v) = value {
            t.insert(key, toml_edit::value(v));
        }
    }
    t
}

/// A statement's optional keys (`text_ja` first: it goes under `text`, the others at the
/// end, in this order); `None` is written as no key.
fn optional_fields(s: &Statement) -> [(&'static str, Option<&str>); 4] {
    [
        ("text_ja", s.text_ja.as_deref()),
        ("quote", s.quote.as_deref()),
        ("responds_to", s.responds_to.as_deref()),
        ("said_on", s.said_on.as_deref()),
    ]
}

fn source_table(s: &Source) -> Table {
    let mut t = Table::new();
    t.insert("title", toml_edit::value(&s.title));
    for (key, v) in [
        ("publisher", &s.publisher),
        ("url", &s.url),
        ("date", &s.date),
    ] {
        if let Some(v) = v {
            t.insert(key, toml_edit::value(v));
        }
    }
    t
}

fn topic_table(topic: &Topic) -> Table {
    let mut t = Table::new();
    t.insert("id", toml_edit::value(&topic.id));
    t.insert("title", toml_edit::value(&topic.title));
    for (key, list) in [
        ("aliases", &topic.aliases),
        ("examples", &topic.examples),
        ("related", &topic.related),
    ] {
        if !list.is_empty() {
            t.insert(key, toml_edit::value(list.iter().collect::<Array>()));
        }
    }
    let mut statements = ArrayOfTables::new();
    for s in &topic.statements {
        statements.push(statement_table(s));
    }
    t.insert("statements", Item::ArrayOfTables(statements));
    t
}

// ------------------------------------------------------------- the expected result --

/// The deals as they should load after the operations are applied to the deal in `file`.
pub(crate) fn expected(deals: &[Deal], file: &Path, ops: &[Op]) -> Vec<Deal> {
    let mut deals = deals.to_vec();
    if let Some(deal) = deals.iter_mut().find(|d| d.origin == file) {
        for op in ops {
            apply_to_deal(deal, op);
        }
    }
    deals
}

fn apply_to_deal(deal: &mut Deal, op: &Op) {
    match op {
        Op::AddSource(s) => {
            deal.sources.insert(s.key.clone(), s.clone());
        }
        Op::InsertStatement {
            topic,
            index,
            statement,
        } => {
            if let Some(t) = deal.topics.iter_mut().find(|t| t.id == *topic) {
                let i = (*index).min(t.statements.len());
                t.statements.insert(i, statement.clone());
            }
        }
        Op::UpdateStatement(s) => {
            if let Some(cur) = deal
                .topics
                .iter_mut()
                .flat_map(|t| t.statements.iter_mut())
                .find(|cur| cur.id == s.id)
            {
                *cur = s.clone();
            }
        }
        Op::RemoveStatement(id) => {
            for t in &mut deal.topics {
                t.statements.retain(|s| s.id != *id);
            }
        }
        Op::PushTopic(t) => deal.topics.push(t.clone()),
        Op::RemoveTopic(id) => deal.topics.retain(|t| t.id != *id),
        Op::SetExamples { topic, examples } => {
            if let Some(t) = deal.topics.iter_mut().find(|t| t.id == *topic) {
                t.examples.clone_from(examples);
            }
        }
    }
}
