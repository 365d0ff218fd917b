//! The rules a fact file must follow. Each broken rule is one [`Problem`] at the value it is about.
//!
//! The same rules guard `dealcheck check`, loading at start-up and every moderator edit.

use std::collections::{HashMap, HashSet};

use toml::Spanned;

use super::load::{Locator, RawFile};
use super::model::{Status, NEITHER};
use super::Problem;

/// Longest statement text, in characters (the Discord reply has 1,024 per field).
pub const MAX_TEXT_CHARS: usize = 1000;
/// Longest title, speaker or other short field, in characters.
pub const MAX_SHORT_CHARS: usize = 200;

/// Whether an id is well formed: lowercase ASCII letters, digits and dashes, 1-64 long.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

/// Whether a URL is an absolute http(s) URL with a host.
pub fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !url.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// Whether `name` looks like a Discord permission name (`MANAGE_GUILD`): upper-case ASCII
/// letters and underscores. The Discord layer maps it to a permission bit.
pub fn is_permission_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
}

/// A problem with one field's value, or `None`. Shared with moderator edits, which check
/// a single value before touching any file.
pub fn check_text(field: &str, value: &str, max: usize) -> Option<String> {
    let len = value.trim().chars().count();
    if len == 0 {
        Some(format!("`{field}` is empty"))
    } else if len > max {
        Some(format!(
            "`{field}` is {len} characters long; the limit is {max}"
        ))
    } else {
        None
    }
}

/// Checks one parsed file: every rule that needs only this file.
pub(crate) fn file(raw: &RawFile, loc: &Locator<'_>) -> Vec<Problem> {
    let mut out = Vec::new();
    let short = |field: &str, v: &Spanned<String>, out: &mut Vec<Problem>| {
        if let Some(m) = check_text(field, v.get_ref(), MAX_SHORT_CHARS) {
            out.push(loc.at(v.span(), m));
        }
    };
    let id = |kind: &str, v: &Spanned<String>, out: &mut Vec<Problem>| {
        if !is_valid_id(v.get_ref()) {
            out.push(loc.at(
                v.span(),
                format!(
                    "invalid {kind} id `{}`: use 1-64 lowercase letters, digits and dashes",
                    v.get_ref()
                ),
            ));
        }
    };

    let deal = raw.deal.get_ref();
    id("deal", &deal.id, &mut out);
    short("title", &deal.title, &mut out);
    if deal.parties.is_empty() {
        out.push(loc.at(raw.deal.span(), "the deal names no `parties`"));
    }
    for p in &deal.parties {
        short("parties", p, &mut out);
    }
    let parties: HashSet<&str> = deal.parties.iter().map(|p| p.get_ref().as_str()).collect();

    for (key, source) in &raw.sources {
        let s = source.get_ref();
        short("title", &s.title, &mut out);
        if let Some(url) = &s.url {
            if !is_http_url(url.get_ref()) {
                out.push(loc.at(
                    url.span(),
                    format!(
                        "source `{key}`: url `{}` is not an http(s) URL",
                        url.get_ref()
                    ),
                ));
            }
        }
    }

    if raw.topics.is_empty() {
        out.push(loc.at(raw.deal.span(), "the file defines no topics"));
    }
    let mut statement_ids: HashMap<&str, usize> = HashMap::new();
    for (ti, topic) in raw.topics.iter().enumerate() {
        for s in &topic.get_ref().statements {
            statement_ids.entry(s.get_ref().id.get_ref()).or_insert(ti);
        }
    }
    for (ti, topic) in raw.topics.iter().enumerate() {
        let t = topic.get_ref();
        id("topic", &t.id, &mut out);
        short("title", &t.title, &mut out);
        for a in t.aliases.iter().chain(&t.examples) {
            if let Some(m) = check_text("aliases/examples", a.get_ref(), MAX_SHORT_CHARS) {
                out.push(loc.at(a.span(), m));
            }
        }
        if t.statements.is_empty() {
            out.push(loc.at(
                t.id.span(),
                format!("topic `{}` has no statements", t.id.get_ref()),
            ));
        }
        for r in &t.related {
            match statement_ids.get(r.get_ref().as_str()) {
                None => out.push(loc.at(
                    r.span(),
                    format!(
                        "related statement `{}` is not defined in this file",
                        r.get_ref()
                    ),
                )),
                Some(&owner) if owner == ti => out.push(loc.at(
                    r.span(),
                    format!(
                        "related statement `{}` already belongs to this topic",
                        r.get_ref()
                    ),
                )),
                Some(_) => {}
            }
        }
        for st in &t.statements {
            let s = st.get_ref();
            id("statement", &s.id, &mut out);
            if Status::parse(s.status.get_ref()).is_none() {
                out.push(loc.at(
                    s.status.span(),
                    format!(
                        "unknown status `{}`: expected announced, clarified or under_negotiation",
                        s.status.get_ref()
                    ),
                ));
            }
            if let Some(m) = check_text("text", s.text.get_ref(), MAX_TEXT_CHARS) {
                out.push(loc.at(s.text.span(), m));
            }
            short("speaker", &s.speaker, &mut out);
            let party = s.party.get_ref().as_str();
            if party != NEITHER && !parties.contains(party) {
                let mut expected: Vec<&str> =
                    deal.parties.iter().map(|p| p.get_ref().as_str()).collect();
                expected.push(NEITHER);
                out.push(loc.at(
                    s.party.span(),
                    format!(
                        "unknown party `{party}`: expected one of {}",
                        expected.join(", ")
                    ),
                ));
            }
            if !raw.sources.contains_key(s.source.get_ref()) {
                out.push(loc.at(
                    s.source.span(),
                    format!(
                        "statement `{}` cites source `{}`, which is not defined under [sources]",
                        s.id.get_ref(),
                        s.source.get_ref()
                    ),
                ));
            }
        }
    }
    out.sort_by_key(|p| (p.line, p.col));
    out
}
