//! Parsing one fact file: TOML text in, a [`Deal`] (or every problem, with its position) out.
//!
//! Pure: no file I/O here. [`crate::facts::FactBase::from_dir`] reads files and calls [`parse`].

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::model::{Deal, Source, Statement, Topic};
use super::validate;
use super::Problem;

/// The file as written, with the position of every value a rule may point at.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    pub deal: Spanned<RawDeal>,
    #[serde(default)]
    pub sources: BTreeMap<String, Spanned<RawSource>>,
    #[serde(default)]
    pub topics: Vec<Spanned<RawTopic>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDeal {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    #[serde(default)]
    pub parties: Vec<Spanned<String>>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub title: Spanned<String>,
    pub publisher: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTopic {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    #[serde(default)]
    pub examples: Vec<Spanned<String>>,
    #[serde(default)]
    pub related: Vec<Spanned<String>>,
    #[serde(default)]
    pub statements: Vec<Spanned<RawStatement>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStatement {
    pub id: Spanned<String>,
    pub status: Spanned<String>,
    pub text: Spanned<String>,
    pub speaker: Spanned<String>,
    pub party: Spanned<String>,
    pub source: Spanned<String>,
}

/// What kind of thing an id names; ids of one kind are unique across the fact base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum IdKind {
    Deal,
    Topic,
    Statement,
}

impl IdKind {
    pub fn noun(self) -> &'static str {
        match self {
            IdKind::Deal => "deal",
            IdKind::Topic => "topic",
            IdKind::Statement => "statement",
        }
    }
}

/// A file that parsed and passed its own rules, with the position of each id for the
/// cross-file uniqueness check.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub deal: Deal,
    pub ids: Vec<(IdKind, String, Problem)>,
}

/// Maps byte offsets of one text to 1-based line and column (in characters).
pub(crate) struct Locator<'a> {
    text: &'a str,
    origin: &'a Path,
    /// Byte offset where each line starts: a lookup is a binary search, not a scan.
    line_starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str, origin: &'a Path) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Locator {
            text,
            origin,
            line_starts,
        }
    }

    /// A problem at the start of `span`.
    pub fn at(&self, span: Range<usize>, message: impl Into<String>) -> Problem {
        let offset = floor_char_boundary(self.text, span.start.min(self.text.len()));
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let line_start = self.line_starts[line - 1];
        let col = self.text[line_start..offset].chars().count() + 1;
        Problem {
            file: self.origin.to_path_buf(),
            line,
            col,
            message: message.into(),
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Parses and checks one fact file, returning every id with its position. `origin` is only
/// used in messages and kept on the deal.
pub(crate) fn parse_with_ids(text: &str, origin: &Path) -> Result<Parsed, Vec<Problem>> {
    let loc = Locator::new(text, origin);
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        vec![loc.at(span, super::one_line_message(e.message()))]
    })?;
    let problems = validate::file(&raw, &loc);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(build(raw, &loc))
}

fn build(raw: RawFile, loc: &Locator<'_>) -> Parsed {
    let mut ids = Vec::new();
    let deal = raw.deal.into_inner();
    ids.push((
        IdKind::Deal,
        deal.id.get_ref().clone(),
        loc.at(deal.id.span(), ""),
    ));
    let sources = raw
        .sources
        .into_iter()
        .map(|(key, s)| {
            let s = s.into_inner();
            let source = Source {
                key: key.clone(),
                title: s.title.into_inner(),
                publisher: s.publisher.map(Spanned::into_inner),
                url: s.url.map(Spanned::into_inner),
                date: s.date.map(Spanned::into_inner),
            };
            (key, source)
        })
        .collect();
    let topics = raw
        .topics
        .into_iter()
        .map(|t| {
            let t = t.into_inner();
            ids.push((
                IdKind::Topic,
                t.id.get_ref().clone(),
                loc.at(t.id.span(), ""),
            ));
            let statements = t
                .statements
                .into_iter()
                .map(|s| {
                    let s = s.into_inner();
                    ids.push((
                        IdKind::Statement,
                        s.id.get_ref().clone(),
                        loc.at(s.id.span(), ""),
                    ));
                    Statement {
                        id: s.id.into_inner(),
                        status: super::Status::parse(s.status.get_ref()).expect("validated status"),
                        text: s.text.into_inner().trim().to_string(),
                        speaker: s.speaker.into_inner().trim().to_string(),
                        party: s.party.into_inner(),
                        source: s.source.into_inner(),
                    }
                })
                .collect();
            Topic {
                id: t.id.into_inner(),
                title: t.title.into_inner().trim().to_string(),
                aliases: strings(t.aliases),
                examples: strings(t.examples),
                related: strings(t.related),
                statements,
            }
        })
        .collect();
    Parsed {
        deal: Deal {
            id: deal.id.into_inner(),
            title: deal.title.into_inner().trim().to_string(),
            parties: strings(deal.parties),
            aliases: strings(deal.aliases),
            sources,
            topics,
            origin: loc.origin.to_path_buf(),
        },
        ids,
    }
}

fn strings(v: Vec<Spanned<String>>) -> Vec<String> {
    v.into_iter().map(Spanned::into_inner).collect()
}
