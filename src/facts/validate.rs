//! The rules a fact file must follow. Each broken rule is one [`Problem`] at the value it is about.
//!
//! The same rules guard `dealcheck check`, loading at start-up and every moderator edit.

use std::collections::{HashMap, HashSet};

use toml::Spanned;

use super::model::{Status, NEITHER};
use super::raw::{Locator, RawFile, RawStatement};
use super::{Archives, Problem};

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

/// Whether `s` is an ISO calendar date, `YYYY-MM-DD`, that exists (no 2026-02-30).
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| s[r].parse().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y >= 1 && (1..=days).contains(&d)
}

/// A problem with a statement's status and party together, or `None`: the source's own
/// context speaks for neither side, and what was announced or clarified speaks for one.
pub fn check_kind(status: Status, party: &str) -> Option<String> {
    match status {
        Status::Context if party != NEITHER => Some(format!(
            "a `context` statement is the source speaking, so its party is `{NEITHER}`, not `{party}`"
        )),
        Status::Announced | Status::Clarified if party == NEITHER => {
            let article = if status == Status::Announced { "an" } else { "a" };
            Some(format!(
                "{article} `{status}` statement speaks for a party; the source's own voice is `status = \"context\"` (or `under_negotiation` for an open point)"
            ))
        }
        _ => None,
    }
}

/// A problem with a quote, or `None`: it must be found verbatim in the archived text of its
/// source, when the source has one (whitespace and typographic quotes aside).
pub fn check_quote(quote: &str, archive: Option<(&str, &str)>) -> Option<String> {
    if let Some(m) = check_text("quote", quote, MAX_TEXT_CHARS) {
        return Some(m);
    }
    let (path, text) = archive?;
    let wanted = super::normalize_quote(quote);
    (!text.contains(&wanted)).then(|| {
        format!("the quote is not found verbatim in the archived source text `{path}` (only whitespace and typographic quotes may differ)")
    })
}

/// Checks one parsed file: every rule that needs only this file and its archived sources.
pub(crate) fn file(raw: &RawFile, loc: &Locator<'_>, archives: &Archives) -> Vec<Problem> {
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
    if let Some(d) = &deal.reviewed_on {
        date("reviewed_on", d, loc, &mut out);
    }

    for (key, source) in &raw.sources {
        let s = source.get_ref();
        short("title", &s.title, &mut out);
        if let Some(a) = &s.archive {
            if archives.get(a.get_ref()).is_none() {
                out.push(loc.at(
                    a.span(),
                    format!(
                        "source `{key}`: archive `{}` is not found; archived texts are files in the facts folder's `sources/` folder",
                        a.get_ref()
                    ),
                ));
            }
        }
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
    speakers_and_overview(raw, loc, &mut out);
    let mut statement_ids: HashMap<&str, usize> = HashMap::new();
    let mut by_id: HashMap<&str, &RawStatement> = HashMap::new();
    for (ti, topic) in raw.topics.iter().enumerate() {
        for s in &topic.get_ref().statements {
            statement_ids.entry(s.get_ref().id.get_ref()).or_insert(ti);
            by_id.entry(s.get_ref().id.get_ref()).or_insert(s.get_ref());
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
            match Status::parse(s.status.get_ref()) {
                None => out.push(loc.at(
                    s.status.span(),
                    format!(
                        "unknown status `{}`: expected announced, clarified, under_negotiation or context",
                        s.status.get_ref()
                    ),
                )),
                Some(status) => {
                    if let Some(m) = check_kind(status, s.party.get_ref()) {
                        out.push(loc.at(s.party.span(), m));
                    }
                }
            }
            provenance(s, raw, &by_id, archives, loc, &mut out);
            if let Some(m) = check_text("text", s.text.get_ref(), MAX_TEXT_CHARS) {
                out.push(loc.at(s.text.span(), m));
            }
            if let Some(t) = &s.text_ja {
                if let Some(m) = check_text("text_ja", t.get_ref(), MAX_TEXT_CHARS) {
                    out.push(loc.at(t.span(), m));
                }
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

/// Speakers name only statements' speakers that exist; the overview only statements.
fn speakers_and_overview(raw: &RawFile, loc: &Locator<'_>, out: &mut Vec<Problem>) {
    let statements = || {
        raw.topics
            .iter()
            .flat_map(|t| t.get_ref().statements.iter())
    };
    for (key, sp) in &raw.speakers {
        let s = sp.get_ref();
        if !is_valid_id(key) {
            out.push(loc.at(
                sp.span(),
                format!("invalid speaker key `{key}`: use lowercase letters, digits and dashes"),
            ));
        }
        let names =
            std::iter::once(("name", &s.name)).chain(s.name_ja.as_ref().map(|n| ("name_ja", n)));
        for (field, v) in names {
            if let Some(m) = check_text(field, v.get_ref(), MAX_SHORT_CHARS) {
                out.push(loc.at(v.span(), m));
            }
        }
        if s.speakers.is_empty() {
            out.push(loc.at(sp.span(), format!("speaker `{key}` lists no `speakers` (the statements' speaker values that are theirs)")));
        }
        for v in &s.speakers {
            if !statements().any(|st| st.get_ref().speaker.get_ref() == v.get_ref()) {
                out.push(loc.at(
                    v.span(),
                    format!(
                        "speaker `{key}`: no statement has the speaker `{}`",
                        v.get_ref()
                    ),
                ));
            }
        }
        for a in &s.aliases {
            if let Some(m) = check_text("aliases", a.get_ref(), MAX_SHORT_CHARS) {
                out.push(loc.at(a.span(), m));
            }
        }
    }
    for id in &raw.deal.get_ref().overview {
        if !statements().any(|st| st.get_ref().id.get_ref() == id.get_ref()) {
            out.push(loc.at(
                id.span(),
                format!(
                    "overview statement `{}` is not defined in this file",
                    id.get_ref()
                ),
            ));
        }
    }
}

fn date(field: &str, v: &Spanned<String>, loc: &Locator<'_>, out: &mut Vec<Problem>) {
    if !is_iso_date(v.get_ref()) {
        out.push(loc.at(
            v.span(),
            format!(
                "`{field}` `{}` is not a date: write YYYY-MM-DD, and only a date the source gives",
                v.get_ref()
            ),
        ));
    }
}

/// The rules of a statement's quote, date and `responds_to`.
fn provenance(
    s: &RawStatement,
    raw: &RawFile,
    by_id: &HashMap<&str, &RawStatement>,
    archives: &Archives,
    loc: &Locator<'_>,
    out: &mut Vec<Problem>,
) {
    if let Some(d) = &s.said_on {
        date("said_on", d, loc, out);
    }
    if let Some(q) = &s.quote {
        let archive = raw
            .sources
            .get(s.source.get_ref())
            .and_then(|src| src.get_ref().archive.as_ref())
            .and_then(|a| archives.get(a.get_ref()).map(|t| (a.get_ref().as_str(), t)));
        if let Some(m) = check_quote(q.get_ref(), archive) {
            out.push(loc.at(q.span(), m));
        }
    }
    let Some(target) = &s.responds_to else {
        return;
    };
    let message = match by_id.get(target.get_ref().as_str()) {
        None => Some(format!(
            "`responds_to` `{}` is not a statement of this deal",
            target.get_ref()
        )),
        Some(t) if t.id.get_ref() == s.id.get_ref() => {
            Some("a statement cannot respond to itself".to_string())
        }
        Some(t) if t.party.get_ref() == s.party.get_ref() => Some(format!(
            "`responds_to` `{}` is a statement of the same side ({}); it links the other side's answer",
            target.get_ref(),
            s.party.get_ref()
        )),
        // A cycle is reported once, at its first statement by id.
        Some(_) if cycle_head(s.id.get_ref(), by_id) == Some(s.id.get_ref().as_str()) => Some(format!(
            "`responds_to` `{}` makes a cycle: follow the links from `{}` and they come back",
            target.get_ref(),
            s.id.get_ref()
        )),
        Some(_) => None,
    };
    if let Some(m) = message {
        out.push(loc.at(target.span(), m));
    }
}

/// If following `responds_to` links from `start` comes back to it, the smallest id on
/// that cycle; `None` otherwise.
fn cycle_head<'a>(start: &'a str, by_id: &HashMap<&str, &'a RawStatement>) -> Option<&'a str> {
    let mut at = start;
    let mut head = start;
    for _ in 0..by_id.len() {
        match by_id.get(at).and_then(|s| s.responds_to.as_ref()) {
            Some(next) if next.get_ref() == start => return Some(head),
            Some(next) => {
                at = next.get_ref();
                head = head.min(at);
            }
            None => return None,
        }
    }
    None
}
