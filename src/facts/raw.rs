//! The fact file as written: every value with its position (`Spanned`), and [`Locator`],
//! which turns a position into `file:line:col`. Read by both loading and validation, so the
//! loading path runs one way: raw -> validate -> load.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

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
    #[serde(default)]
    pub speakers: BTreeMap<String, Spanned<RawSpeaker>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSpeaker {
    pub name: Spanned<String>,
    pub name_ja: Option<Spanned<String>>,
    #[serde(default)]
    pub speakers: Vec<Spanned<String>>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
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
    pub reviewed_on: Option<Spanned<String>>,
    pub title_ja: Option<Spanned<String>>,
    #[serde(default)]
    pub overview: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub title: Spanned<String>,
    pub publisher: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
    pub archive: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTopic {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub title_ja: Option<Spanned<String>>,
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
    pub text_ja: Option<Spanned<String>>,
    pub speaker: Spanned<String>,
    pub party: Spanned<String>,
    pub source: Spanned<String>,
    pub quote: Option<Spanned<String>>,
    pub responds_to: Option<Spanned<String>>,
    pub said_on: Option<Spanned<String>>,
}

/// Maps byte offsets of one text to 1-based line and column (in characters).
pub(crate) struct Locator<'a> {
    text: &'a str,
    pub(crate) origin: &'a Path,
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
