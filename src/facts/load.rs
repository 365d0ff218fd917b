//! Parsing one fact file: TOML text in, a [`Deal`] (or every problem, with its position) out.
//!
//! Pure: no file I/O here. [`crate::facts::FactBase::from_dir`] reads files and calls [`parse`].

use std::path::Path;

use toml::Spanned;

use super::model::{Deal, Source, Speaker, Statement, Topic};
use super::raw::{Locator, RawFile};
use super::{validate, Archives, Problem};

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

/// Parses and checks one fact file, returning every id with its position. `origin` is only
/// used in messages and kept on the deal.
pub(crate) fn parse_with_ids(
    text: &str,
    origin: &Path,
    archives: &Archives,
) -> Result<Parsed, Vec<Problem>> {
    let loc = Locator::new(text, origin);
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        vec![loc.at(span, super::one_line_message(e.message()))]
    })?;
    let problems = validate::file(&raw, &loc, archives);
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
                archive: s.archive.map(Spanned::into_inner),
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
                        text_ja: s.text_ja.map(|t| t.into_inner().trim().to_string()),
                        speaker: s.speaker.into_inner().trim().to_string(),
                        party: s.party.into_inner(),
                        source: s.source.into_inner(),
                        quote: s.quote.map(|q| q.into_inner().trim().to_string()),
                        responds_to: s.responds_to.map(Spanned::into_inner),
                        said_on: s.said_on.map(Spanned::into_inner),
                    }
                })
                .collect();
            Topic {
                id: t.id.into_inner(),
                title: t.title.into_inner().trim().to_string(),
                title_ja: t.title_ja.map(|s| s.into_inner().trim().to_string()),
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
            reviewed_on: deal.reviewed_on.map(Spanned::into_inner),
            title_ja: deal.title_ja.map(|s| s.into_inner().trim().to_string()),
            overview: strings(deal.overview),
            speakers: raw
                .speakers
                .into_iter()
                .map(|(key, s)| {
                    let s = s.into_inner();
                    Speaker {
                        key,
                        name: s.name.into_inner(),
                        name_ja: s.name_ja.map(|n| n.into_inner().trim().to_string()),
                        speakers: strings(s.speakers),
                        aliases: strings(s.aliases),
                    }
                })
                .collect(),
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
