//! The pure half of building the index: each fact text read into terms and typo-candidate
//! words, with no term ids yet. A large base is read on several threads, in blocks of
//! topics, while the builder assigns ids in fact-base order ([`prepared_topics`]); what
//! comes out is the same as reading every text in order on one thread.

use std::sync::mpsc;

use rustc_hash::FxHashSet as HashSet;

use super::index::{field, TYPO_MIN_LEN};
use super::normalize::{Normalizer, StemCache, Term};
use crate::facts::{Deal, Topic};

/// One fact text, read: its terms in order, the alias phrase first, each as a number of
/// the reader's own ([`Reader`]); the builder turns them into term ids. A key is sent once
/// per reader, with the text that first uses it: most terms recur, and the builder looks
/// a number up in an array, not a key in the vocabulary.
pub(super) struct Prepared {
    /// The terms, numbered by the reader.
    pub terms: Vec<u32>,
    /// The keys of the numbers first used in this text, in order, one after another.
    keys: String,
    /// Where each key ends in `keys`.
    ends: Vec<u32>,
    /// The first term is an alias's phrase key ([`super::index::phrase_key`]).
    pub phrase: bool,
    /// The text holds one term (frames aside).
    pub single: bool,
    /// Money amounts and percentages of the text, when its figures count.
    pub money: Vec<f64>,
    pub percent: Vec<f64>,
    /// Typo-candidate words of the text not seen before by the thread that read it.
    pub surface: Vec<Surface>,
}

impl Prepared {
    /// The keys of the numbers first used in this text, in order.
    pub fn new_keys(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(a, &b)| &self.keys[a as usize..b as usize])
    }
}

/// A word of the facts that may become a typo candidate.
pub(super) struct Surface {
    /// The word, lowercased.
    pub word: Box<str>,
    /// The index key it stands for (its stem, or its entity's key).
    pub key: String,
    /// A word common in English (see [`super::lexicon::is_common_english`]).
    pub common: bool,
}

/// The texts of one topic the index reads, in the order it reads them: the text, its
/// field weight, and whether its figures are the deal's figures.
pub(super) fn topic_texts<'a>(
    deal: &'a Deal,
    topic: &'a Topic,
) -> impl Iterator<Item = (&'a str, f32, bool)> + 'a {
    let title = std::iter::once((topic.title.as_str(), field::TITLE, false));
    let aliases = topic
        .aliases
        .iter()
        .map(|a| (a.as_str(), field::ALIAS, false));
    let examples = topic
        .examples
        .iter()
        .map(|e| (e.as_str(), field::EXAMPLE, false));
    let statements = topic.statements.iter().flat_map(|s| {
        [
            (s.text.as_str(), field::STATEMENT, true),
            (s.speaker.as_str(), field::STATEMENT, false),
        ]
    });
    let related = topic
        .related
        .iter()
        .filter_map(|id| deal.statement(id))
        .flat_map(|r| {
            [
                (r.text.as_str(), field::RELATED, false),
                (r.speaker.as_str(), field::RELATED, false),
            ]
        });
    title
        .chain(aliases)
        .chain(examples)
        .chain(statements)
        .chain(related)
}

/// Reads texts with one stem cache and one set of words already seen.
pub(super) struct Reader<'n> {
    norm: &'n Normalizer,
    /// Stems computed so far (the same words recur in every topic).
    pub stems: StemCache,
    seen: HashSet<compact_str::CompactString>,
    /// Key → the reader's number for it.
    numbers: rustc_hash::FxHashMap<compact_str::CompactString, u32>,
    /// The tokens of the text being read (one buffer for every text).
    tokens: Vec<super::normalize::Token>,
}

impl<'n> Reader<'n> {
    pub fn new(norm: &'n Normalizer) -> Reader<'n> {
        Reader {
            norm,
            stems: StemCache::default(),
            seen: HashSet::default(),
            numbers: Default::default(),
            tokens: Vec::new(),
        }
    }

    /// Adds `key` to the text being read.
    fn push(&mut self, out: &mut Prepared, key: &str) {
        let n = match self.numbers.get(key) {
            Some(&n) => n,
            None => {
                let n = self.numbers.len() as u32;
                self.numbers.insert(key.into(), n);
                out.keys.push_str(key);
                out.ends.push(out.keys.len() as u32);
                n
            }
        };
        out.terms.push(n);
    }

    /// Reads one text of field weight `w`; with `figures`, keeps its figures.
    pub fn read(&mut self, text: &str, w: f32, figures: bool) -> Prepared {
        let mut toks = std::mem::take(&mut self.tokens);
        self.norm.terms_cached(text, &mut self.stems, &mut toks);
        let words = toks
            .iter()
            .filter(|t| !super::index::is_frame_token(t))
            .count();
        let mut out = Prepared {
            terms: Vec::with_capacity(toks.len() + 1),
            keys: String::new(),
            ends: Vec::new(),
            phrase: false,
            single: words == 1,
            money: Vec::new(),
            percent: Vec::new(),
            surface: self.surface(text),
        };
        if w == field::ALIAS {
            if let Some(key) = super::index::phrase_key(&toks) {
                self.push(&mut out, &key);
                out.phrase = true;
            }
        }
        for tok in &toks {
            self.push(&mut out, &tok.term.key());
            match tok.term {
                Term::Money(v) => {
                    if let Some(bare) = bare_figure(v) {
                        self.push(&mut out, &bare.key());
                    }
                    if figures {
                        out.money.push(v);
                    }
                }
                Term::Percent(v) if figures => out.percent.push(v),
                _ => {}
            }
        }
        self.tokens = toks;
        out
    }

    /// The words of `text` that may be typo candidates (at least [`TYPO_MIN_LEN`]
    /// letters, no digits, not Chinese or Japanese), each once per reader.
    pub fn surface(&mut self, text: &str) -> Vec<Surface> {
        let mut out = Vec::new();
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            // Most words are lowercase ASCII and seen before: one byte pass and one lookup.
            let ascii_lower = word.bytes().all(|b| b.is_ascii_lowercase());
            if ascii_lower && (word.len() < TYPO_MIN_LEN || self.seen.contains(word)) {
                continue;
            }
            let candidate = word.chars().count() >= TYPO_MIN_LEN
                && word
                    .chars()
                    .all(|c| c.is_alphabetic() && !super::cjk::is_cjk(c));
            if !candidate {
                continue;
            }
            let lower = if word.chars().any(char::is_uppercase) {
                word.to_lowercase()
            } else {
                word.to_string()
            };
            if self.seen.contains(lower.as_str()) {
                continue;
            }
            let key = match super::normalize::entity(&lower) {
                Some(e) => format!("@{e}"),
                None => self.stems.stem(self.norm, &lower).into(),
            };
            out.push(Surface {
                common: super::lexicon::is_common_english(&lower),
                word: lower.as_str().into(),
                key,
            });
            self.seen.insert(lower.into());
        }
        out
    }
}

/// A money amount's bare figure (`$550 billion` → 550), under which it is also indexed:
/// it answers "the 550 thing".
fn bare_figure(v: f64) -> Option<Term> {
    [1e12, 1e9, 1e6]
        .into_iter()
        .find(|&scale| v >= scale)
        .map(|scale| Term::Number(v / scale))
}

/// How a base is read: on how many threads, how many topics at a time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reading {
    /// Reading threads besides the builder's; under 2, the builder reads alone.
    pub threads: usize,
    /// Topics per block handed to one thread. A base of one block or less is read by the
    /// builder alone.
    pub block: usize,
}

impl Default for Reading {
    /// One thread per core (at most 4), blocks of 256 topics: a base of a few hundred
    /// topics loads in milliseconds on one thread.
    fn default() -> Reading {
        Reading {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get().min(4)),
            block: 256,
        }
    }
}

/// Calls `each(reader, deal, topic, texts)` for every topic of every deal, in order, with
/// the topic's texts read ([`topic_texts`]) by reader number `reader`; returns the stems computed. A large base is read
/// on several threads, a block of topics at a time, at most two blocks ahead per thread.
pub(super) fn prepared_topics(
    norm: &Normalizer,
    deals: &[Deal],
    reading: Reading,
    mut each: impl FnMut(usize, usize, usize, Vec<Prepared>),
) -> StemCache {
    let units: Vec<(usize, usize)> = deals
        .iter()
        .enumerate()
        .flat_map(|(d, deal)| (0..deal.topics.len()).map(move |t| (d, t)))
        .collect();
    let Reading { threads, block } = reading;
    let read = |reader: &mut Reader, &(d, t): &(usize, usize)| -> Vec<Prepared> {
        topic_texts(&deals[d], &deals[d].topics[t])
            .map(|(text, w, figures)| reader.read(text, w, figures))
            .collect()
    };
    if threads < 2 || units.len() <= block {
        let mut reader = Reader::new(norm);
        for unit in &units {
            let texts = read(&mut reader, unit);
            each(0, unit.0, unit.1, texts);
        }
        return reader.stems;
    }
    let blocks: Vec<&[(usize, usize)]> = units.chunks(block.max(1)).collect();
    std::thread::scope(|scope| {
        let mut inboxes = Vec::with_capacity(threads);
        let mut workers = Vec::with_capacity(threads);
        for w in 0..threads {
            let (tx, rx) = mpsc::sync_channel::<Vec<Vec<Prepared>>>(2);
            inboxes.push(rx);
            let blocks = &blocks;
            let read = &read;
            workers.push(scope.spawn(move || {
                let mut reader = Reader::new(norm);
                for block in blocks.iter().skip(w).step_by(threads) {
                    let texts = block.iter().map(|u| read(&mut reader, u)).collect();
                    if tx.send(texts).is_err() {
                        break;
                    }
                }
                reader.stems
            }));
        }
        for (b, block) in blocks.iter().enumerate() {
            let texts = inboxes[b % threads]
                .recv()
                .expect("an index reading thread stopped");
            for (unit, texts) in block.iter().zip(texts) {
                each(b % threads, unit.0, unit.1, texts);
            }
        }
        let mut stems = StemCache::default();
        for worker in workers {
            stems.extend(worker.join().expect("an index reading thread panicked"));
        }
        stems
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::Reading;
    use crate::facts::FactBase;
    use crate::matcher::Index;

    /// The bundled deal and the fictional second deal (tests/fixtures/second-deal).
    fn two_deals() -> FactBase {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let tmp = tempfile::tempdir().expect("temporary folder");
        std::fs::create_dir(tmp.path().join("sources")).expect("sources folder");
        for (from, to) in [
            ("facts/us-japan-550b.toml", "us-japan-550b.toml"),
            ("facts/sources/report.txt", "sources/report.txt"),
            (
                "tests/fixtures/second-deal/freedonia-canal.toml",
                "freedonia-canal.toml",
            ),
        ] {
            std::fs::copy(root.join(from), tmp.path().join(to)).expect("fixture copies");
        }
        FactBase::from_dir(tmp.path()).expect("fixtures load")
    }

    #[test]
    fn reading_on_threads_builds_the_same_index_as_one_thread() {
        let facts = two_deals();
        let alone = Reading {
            threads: 1,
            block: 1,
        };
        let one = format!("{:?}", Index::build_reading(facts.deals(), alone));
        assert!(one.contains("freedonia"), "both deals are indexed");
        for (threads, block) in [(2, 1), (3, 2), (4, 5)] {
            let many = Index::build_reading(facts.deals(), Reading { threads, block });
            assert_eq!(
                format!("{many:?}"),
                one,
                "{threads} threads, blocks of {block}"
            );
        }
    }
}
