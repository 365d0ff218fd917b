//! Checking a moderator's values one field at a time, before any file is touched: ids,
//! lengths, the deal's parties and sources, optional fields and dates, and a new statement
//! as a whole (with a generated id when none is given).

use std::collections::HashSet;

use super::edit::{invalid, NewStatement, SourceChoice};
use super::rewrite::Op;
use super::EditError;
use crate::facts::validate::{
    check_text, is_http_url, is_valid_id, MAX_SHORT_CHARS, MAX_TEXT_CHARS,
};
use crate::facts::{Deal, FactBase, Source, Statement, NEITHER};

pub(super) fn check_id(field: &'static str, noun: &str, id: &str) -> Result<(), EditError> {
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

pub(super) fn short(field: &'static str, value: &str) -> Result<String, EditError> {
    checked(field, value, MAX_SHORT_CHARS)
}

pub(super) fn long(field: &'static str, value: &str) -> Result<String, EditError> {
    checked(field, value, MAX_TEXT_CHARS)
}

pub(super) fn checked(field: &'static str, value: &str, max: usize) -> Result<String, EditError> {
    match check_text(field, value, max) {
        Some(message) => Err(invalid(field, message)),
        None => Ok(value.trim().to_string()),
    }
}

/// The deal's spelling of `party` (matched ignoring case), or names the field.
pub(super) fn check_party(deal: &Deal, party: &str) -> Result<String, EditError> {
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

pub(super) fn check_source_key(deal: &Deal, key: &str) -> Result<String, EditError> {
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
pub(super) fn new_statement(
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
            text_ja: None,
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
pub(super) fn optional(
    field: &'static str,
    value: &str,
    max: usize,
) -> Result<Option<String>, EditError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    checked(field, v, max).map(Some)
}

/// A `said_on` date as typed: empty removes it; otherwise YYYY-MM-DD.
pub(super) fn check_date(value: &str) -> Result<Option<String>, EditError> {
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
pub(super) fn fresh_id(
    base: &FactBase,
    topic: &str,
    count: usize,
    used_ids: &HashSet<String>,
) -> String {
    (count + 1..)
        .map(|n| {
            let suffix = format!("-{n}");
            let keep = topic.len().min(64 - suffix.len());
            format!("{}{suffix}", topic[..keep].trim_end_matches('-'))
        })
        .find(|id| base.statement(id).is_none() && !used_ids.contains(id))
        .expect("an unused id exists")
}
