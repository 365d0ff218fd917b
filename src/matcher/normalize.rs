//! Question text to terms: Unicode, case, punctuation, Discord mentions, numbers and money,
//! countries, stop words and stemming.
//!
//! The same function normalizes fact text at load and questions at query time, so both
//! sides agree on every term.

use std::borrow::Cow;

use compact_str::CompactString;
use rust_stemmers::{Algorithm, Stemmer};

use super::pieces::{pieces, split_number_suffix, Piece};

pub use super::lexicon::{entity, is_misspelt_stop_word, is_stop_word};
use super::lexicon::{
    is_currency_word, is_percent_word, scale, starts_entity_name, MAX_ENTITY_WORDS, NUMBER_WORDS,
};

/// One normalized term and the sentence-like segment it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// The term (see [`Term`]).
    pub term: Term,
    /// Index of the segment (split at `. ? ! ; :`, newlines, and a comma before `and`,
    /// `or`, `but`, `also`, `plus`).
    pub segment: u16,
    /// For a word, the lowercased word before stemming (typo candidates are looked up by
    /// it); empty otherwise.
    pub surface: CompactString,
    /// Written as a name: capitalized inside a sentence, or an acronym (`TSMC`, `Kumamoto`),
    /// in a message that is not all capitals.
    pub name: bool,
}

impl Token {
    /// A term that is not a word as written (a figure, an entity, a bigram): no surface, no
    /// name.
    fn bare(term: Term, segment: u16) -> Token {
        Token {
            term,
            segment,
            surface: CompactString::default(),
            name: false,
        }
    }
}

/// A normalized term.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    /// A stemmed word (`invest`, `tariff`).
    Word(CompactString),
    /// A named country or institution, canonical (`japan`, `united-kingdom`).
    Entity(&'static str),
    /// An amount of money in U.S. dollars or a bare figure with a scale word.
    Money(f64),
    /// A percentage.
    Percent(f64),
    /// A bare number (`550` in "the 550 thing").
    Number(f64),
}

impl Term {
    /// The key under which the index stores this term.
    pub fn key(&self) -> Cow<'_, str> {
        match self {
            Term::Word(w) => Cow::Borrowed(w),
            Term::Entity(e) => {
                entity_key(e).map_or_else(|| Cow::Owned(format!("@{e}")), Cow::Borrowed)
            }
            Term::Money(v) => Cow::Owned(format!("${}", round_figure(*v))),
            Term::Percent(v) => Cow::Owned(format!("%{}", round_figure(*v))),
            Term::Number(v) => Cow::Owned(format!("#{}", round_figure(*v))),
        }
    }
}

/// The index key of an entity (`@japan`), made once per entity: every question looks its
/// entities up.
fn entity_key(e: &str) -> Option<&'static str> {
    static KEYS: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, Box<str>>> =
        std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        super::lexicon::entity_names()
            .map(|e| (e, format!("@{e}").into()))
            .collect()
    })
    .get(e)
    .map(|k| &**k)
}

/// Rounds a figure so that `0.55 trillion` and `550 billion` print the same.
fn round_figure(v: f64) -> String {
    if v.abs() >= 1e6 {
        let millions = (v / 1e6).round();
        // Integer formatting where it is exact; a pasted 30-digit number stays a float.
        if millions.abs() < 1e15 {
            return format!("{}000000", millions as i64);
        }
        format!("{:.0}", millions * 1e6)
    } else if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{:.2}", v)
    }
}

/// Formats money for people: `$550 billion`, `$1.2 trillion`, `$400,000`.
pub fn format_money(v: f64) -> String {
    let (n, unit) = if v >= 1e12 {
        (v / 1e12, " trillion")
    } else if v >= 1e9 {
        (v / 1e9, " billion")
    } else if v >= 1e6 {
        (v / 1e6, " million")
    } else {
        (v, "")
    };
    let n = (n * 100.0).round() / 100.0;
    if n.fract() == 0.0 {
        format!("${}{unit}", n as i64)
    } else {
        format!("${n}{unit}")
    }
}

/// Formats a percentage for people: `90%`.
pub fn format_percent(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}%", v as i64)
    } else {
        format!("{v}%")
    }
}

/// Stems already computed, by word (see [`Normalizer::terms_cached`]).
#[derive(Debug, Default)]
pub struct StemCache(rustc_hash::FxHashMap<CompactString, CompactString>);

impl StemCache {
    /// Every (word, stem) pair kept.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(w, s)| (w.as_str(), s.as_str()))
    }

    /// Keeps the stems of `other` too.
    pub(crate) fn extend(&mut self, other: StemCache) {
        self.0.extend(other.0);
    }

    /// The stem of `word`, from the cache or stemmed and kept.
    pub fn stem(&mut self, norm: &Normalizer, word: &str) -> CompactString {
        if let Some(s) = self.0.get(word) {
            return s.clone();
        }
        let s = norm.stem(word);
        self.0.insert(word.into(), s.clone());
        s
    }
}

/// The normalizer: a stemmer plus tables. Build once, share.
pub struct Normalizer {
    stemmer: Stemmer,
    /// The stems of the fact base's words, kept from building the index: most words of a
    /// question about the base are among them, and a lookup costs a tenth of stemming.
    known: StemCache,
}

impl std::fmt::Debug for Normalizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Normalizer")
    }
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer {
            stemmer: Stemmer::create(Algorithm::English),
            known: StemCache::default(),
        }
    }
}

impl Normalizer {
    /// Stems one lowercase word.
    pub fn stem(&self, word: &str) -> CompactString {
        if let Some(s) = self.known.0.get(word) {
            return s.clone();
        }
        let w = strip_possessive(word).trim_end_matches('\'');
        match super::lexicon::english_stem(w) {
            Some(s) => s.into(),
            None => self.stemmer.stem(w).into(),
        }
    }

    /// This normalizer, answering stems from `cache` before stemming.
    pub(crate) fn with_stems(self, cache: StemCache) -> Normalizer {
        Normalizer {
            known: cache,
            ..self
        }
    }

    /// Normalizes text into terms, in order, stop words removed.
    pub fn terms(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        self.terms_with(text, &mut |w| self.stem(w), &mut out);
        out
    }

    /// [`Normalizer::terms`] with a stem cache: building an index stems the same words
    /// again and again (10,000 topics: most of the load time), a question does not.
    /// Its terms go into `out`, which is cleared first: a reader of many texts keeps one
    /// buffer.
    pub fn terms_cached(&self, text: &str, cache: &mut StemCache, out: &mut Vec<Token>) {
        self.terms_with(text, &mut |w| cache.stem(self, w), out)
    }

    fn terms_with(
        &self,
        text: &str,
        stem: &mut dyn FnMut(&str) -> CompactString,
        out: &mut Vec<Token>,
    ) {
        let mut ps = pieces(text);
        // Read before the loop, which moves each plain word's text into its token.
        let frames = super::frames::frames(&ps);
        out.clear();
        out.reserve(ps.len() + frames.len());
        let mut i = 0;
        while i < ps.len() {
            let p = &ps[i];
            let seg = p.segment;
            let same_seg = |j: usize| j < ps.len() && ps[j].segment == seg;
            let glued = |j: usize, w: &str| same_seg(j) && ps[j].joined && ps[j].text == w;

            if p.cjk {
                for e in super::cjk::entities(&p.text) {
                    out.push(Token::bare(Term::Entity(e), seg));
                }
                for bigram in super::cjk::terms(&p.text) {
                    out.push(Token::bare(Term::Word(bigram), seg));
                }
                i += 1;
                continue;
            }

            // "9 out of every 10", "nine tenths": a share.
            if let Some((value, used)) = super::ratio::ratio(&ps, i) {
                out.push(Token::bare(Term::Percent(value), seg));
                i += used;
                continue;
            }
            // Numbers and money.
            if let Some((mut value, suffix)) = split_number_suffix(&p.text) {
                let mut consumed = 1;
                let mut is_money = p.dollar;
                let mut is_percent = p.percent;
                let mut scaled = false;
                if !suffix.is_empty() {
                    if let Some(f) = scale(suffix) {
                        value *= f;
                        scaled = true;
                    } else if is_percent_word(suffix) {
                        is_percent = true;
                    } else {
                        // `2nd`, `737max`: not a figure; keep it as a word.
                        out.push(Token {
                            term: Term::Word(p.text.clone()),
                            segment: seg,
                            surface: p.text.clone(),
                            name: p.name,
                        });
                        i += 1;
                        continue;
                    }
                }
                if !scaled && !is_percent && same_seg(i + 1) && !ps[i + 1].percent {
                    if let Some(f) = scale(&ps[i + 1].text) {
                        value *= f;
                        scaled = true;
                        consumed += 1;
                    }
                }
                // 5500億ドル, 9割, 90パーセント.
                if !scaled && same_seg(i + 1) && ps[i + 1].joined {
                    if let Some(f) = super::cjk::scale(&ps[i + 1].text) {
                        value *= f;
                        scaled = true;
                        consumed += 1;
                    }
                }
                if !is_percent && glued(i + consumed, "割") {
                    value *= 10.0;
                    is_percent = true;
                    consumed += 1;
                }
                if !is_percent && same_seg(i + consumed) && is_percent_word(&ps[i + consumed].text)
                {
                    is_percent = true;
                    consumed += 1;
                }
                if !is_percent && same_seg(i + consumed) && is_currency_word(&ps[i + consumed].text)
                {
                    is_money = true;
                    consumed += 1;
                }
                let term = if is_percent {
                    Term::Percent(value)
                } else if is_money || (scaled && value >= 1e6) {
                    Term::Money(value)
                } else {
                    Term::Number(value)
                };
                out.push(Token {
                    term,
                    segment: seg,
                    surface: CompactString::default(),
                    name: false,
                });
                i += consumed;
                continue;
            }
            // "half a trillion", "a billion dollars", "one trillion".
            if let Some(t) = self.worded_amount(&ps, i) {
                out.push(Token::bare(Term::Money(t.0), seg));
                i += t.1;
                continue;
            }
            // Entities, longest name first; `US` in capitals is the country, `us` a pronoun.
            if let Some((e, n)) = longest_entity(&ps, i) {
                out.push(Token::bare(Term::Entity(e), seg));
                i += n;
                continue;
            }
            if p.upper && (p.text == "us" || p.text == "us.") {
                out.push(Token::bare(Term::Entity("united-states"), seg));
                i += 1;
                continue;
            }
            let word = p.text.trim_end_matches('.');
            if word.is_empty() || is_stop_word(word) {
                i += 1;
                continue;
            }
            let mut letters = word.chars().filter(|&c| c != '.');
            let one_char =
                letters.next().is_some_and(|c| !c.is_numeric()) && letters.next().is_none();
            if one_char || p.percent {
                i += 1;
                continue;
            }
            let name = p.name;
            let word = if word.contains('.') || word.len() < p.text.len() {
                word.replace('.', "").into()
            } else {
                std::mem::take(&mut ps[i].text)
            };
            let stem = stem(&word);
            if !stem.is_empty() && !is_stop_word(&stem) {
                out.push(Token {
                    term: Term::Word(stem),
                    segment: seg,
                    surface: word,
                    name,
                });
            }
            i += 1;
        }
        // What kind of thing each sentence asks (`?source`, `?control`), after its words.
        for (segment, frame) in frames {
            out.push(Token {
                term: Term::Word(frame.into()),
                segment,
                surface: CompactString::default(),
                name: false,
            });
        }
        super::pieces::recycle(ps);
    }

    /// `half a trillion` → (5e11, 3), `a billion` → (1e9, 2).
    fn worded_amount(&self, ps: &[Piece], i: usize) -> Option<(f64, usize)> {
        let seg = ps[i].segment;
        let word_at = |j: usize| {
            ps.get(j)
                .filter(|p| p.segment == seg)
                .map(|p| p.text.as_str())
        };
        let (n, mut used) = NUMBER_WORDS
            .iter()
            .find(|(w, _)| Some(*w) == word_at(i))
            .map(|(_, v)| (*v, 1))?;
        let mut value = n;
        if n == 0.5 && word_at(i + used) == Some("a") {
            used += 1;
        }
        if word_at(i + used).is_some_and(|w| matches!(w, "full" | "whole" | "entire" | "cool")) {
            used += 1;
        }
        let f = scale(word_at(i + used)?)?;
        if f < 1e6 {
            return None;
        }
        used += 1;
        value *= f;
        if word_at(i + used).is_some_and(is_currency_word) {
            used += 1;
        }
        Some((value, used))
    }
}

/// A word without its possessive `'s` (`japan's` → `japan`); cheaper than a string pattern,
/// which every word of every text would build.
pub(super) fn strip_possessive(mut word: &str) -> &str {
    while let Some(w) = word.strip_suffix("'s") {
        word = w;
    }
    word
}

/// The entity of a name, or of the name without its trailing dots (`u.s.`, `Japan.`).
fn entity_or_dotless(name: &str) -> Option<&'static str> {
    entity(name).or_else(|| {
        let dotless = name.trim_end_matches('.');
        (dotless.len() < name.len())
            .then(|| entity(dotless))
            .flatten()
    })
}

fn longest_entity(ps: &[Piece], i: usize) -> Option<(&'static str, usize)> {
    let seg = ps[i].segment;
    let first = strip_possessive(&ps[i].text);
    let mut best = entity_or_dotless(first).map(|e| (e, 1));
    if !starts_entity_name(first) {
        return best;
    }
    let mut name = first.to_string();
    for n in 1..MAX_ENTITY_WORDS {
        let Some(p) = ps.get(i + n).filter(|p| p.segment == seg) else {
            break;
        };
        name.push(' ');
        name.push_str(strip_possessive(&p.text));
        if let Some(e) = entity_or_dotless(&name) {
            best = Some((e, n + 1));
        }
    }
    best
}

#[cfg(test)]
#[path = "normalize_tests.rs"]
mod tests;
