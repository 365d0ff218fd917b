//! The matcher's index, built once per fact-base snapshot: vocabulary, term weights,
//! postings, typo candidates and each deal's anchors and figures.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::normalize::{Normalizer, Term};
use super::prepare::{Prepared, Reader, Reading, Surface};
use crate::facts::Deal;

/// How much a term counts for a topic, by the field it appears in (the highest wins).
pub(crate) mod field {
    /// The topic's title.
    pub const TITLE: f32 = 1.0;
    /// An alias: a term chosen by the fact editor.
    pub const ALIAS: f32 = 1.0;
    /// An example question.
    pub const EXAMPLE: f32 = 0.7;
    /// The text or speaker of a statement filed under the topic.
    pub const STATEMENT: f32 = 0.5;
    /// A related statement from another topic.
    pub const RELATED: f32 = 0.35;
}

/// Words shorter than this are never typo-corrected (too many false friends).
pub(crate) const TYPO_MIN_LEN: usize = 4;
/// Words at least this long may be corrected at edit distance 2.
pub(crate) const TYPO_LONG_LEN: usize = 7;

/// A typo candidate: a known surface word and the term id it stands for.
pub(crate) type Candidate = (Box<str>, u32);

/// What the matcher knows about one deal.
#[derive(Debug)]
pub(crate) struct DealInfo {
    /// Entities of the deal's parties (`japan`, `united-states`).
    pub parties: Vec<&'static str>,
    /// Each alias of the deal as a set of term ids; a question holding all ids of one alias
    /// is anchored to the deal.
    pub anchors: Vec<Vec<u32>>,
    /// Per anchor: it is nothing but a party's name (`japan`, `tokyo`, `日本`). Such an
    /// anchor ties a question to the deal less than a deal word does ("rice prices in
    /// japan" is not about the deal): see `Index::rank_once`.
    pub party_only: Vec<bool>,
    /// Money amounts stated in the deal's statements.
    pub money: Vec<f64>,
    /// Percentages stated in the deal's statements.
    pub percent: Vec<f64>,
    /// Range of global topic numbers that belong to the deal.
    pub topics: std::ops::Range<u32>,
    /// Per speaker (in the deal's order), each of their names and aliases as term ids.
    pub speakers: Vec<Vec<Vec<u32>>>,
    /// The term ids of all speakers' names (the flattened `speakers`), sorted.
    pub speaker_ids: Vec<u32>,
    /// Terms that name the deal, not a point of it (its one-term aliases `japan`, `tokyo`,
    /// and the words for a deal [`super::lexicon::CONTEXT_NOUNS`]), sorted: a topic that
    /// does not hold them is not diluted by them ("is the jp pledge enforceable").
    pub context: Vec<u32>,
}

/// The index over every topic of every deal. Topics are numbered globally in fact-base
/// order (deal by deal, file order), the same order as [`crate::facts::FactBase::topics`].
#[derive(Debug)]
pub struct Index {
    pub(crate) norm: Normalizer,
    /// Term key → term id.
    pub(crate) vocab: HashMap<String, u32>,
    /// Term id → term key (the reverse of `vocab`).
    pub(crate) words: Vec<Box<str>>,
    /// Inverse topic frequency of each term id.
    pub(crate) idf: Vec<f32>,
    /// Per term id: a word common in English and no topic's one-word alias (`give`, `come`):
    /// it weighs less, and alone it makes no sentence about a topic.
    pub(crate) common: Vec<bool>,
    /// Per term id: some topic's one-term alias (`signed`, `in writing`): alone it can make a
    /// sentence about that topic.
    pub(crate) curated: Vec<bool>,
    /// Per term id: a word that says nothing more than "the deal" (generic, asking, or a
    /// Japanese bigram of grammar; see [`super::intent::says_nothing`]), read once at load.
    pub(crate) vague: Vec<bool>,
    /// Per term id: a word that only says "the deal" ([`super::lexicon::is_generic`]).
    pub(crate) generic: Vec<bool>,
    /// The first term of every phrase key (`~pay back` → `pay`), and every longer run of
    /// its first terms: a question's phrase can only start at one of them.
    pub(crate) phrase_heads: HashSet<Box<str>>,
    /// Per term id: some word of the facts it stands for is an everyday English word (Zipf
    /// at least [`EVERYDAY_ZIPF`]: `time`, `person`, `keep`); see
    /// [`super::evidence::EVERYDAY_FACTOR`].
    pub(crate) everyday: Vec<bool>,
    /// For each term id, the topics holding it and the term's weight there.
    pub(crate) postings: Vec<Vec<(u32, f32)>>,
    /// Surface words (lowercased, unstemmed, at least [`TYPO_MIN_LEN`] long) by
    /// (first letter, length), with the term id each stems to: the typo candidates.
    pub(crate) surface: HashMap<(char, u8), Vec<Candidate>>,
    /// Per deal: parties, anchors, figures.
    pub(crate) deals: Vec<DealInfo>,
    /// Global topic number → deal number.
    pub(crate) deal_of: Vec<u32>,
    /// Weight of a word the fact base does not know: it dilutes the match.
    pub(crate) unknown_weight: f32,
    /// Per topic, what autocomplete compares typed text with (lowercased once, here).
    pub(crate) titles: Vec<TitleKey>,
}

/// A topic's title and id as autocomplete sees them.
#[derive(Debug)]
pub(crate) struct TitleKey {
    /// The title, lowercased.
    pub lower: Box<str>,
    /// The topic id.
    pub id: Box<str>,
    /// The title's words, lowercased.
    pub words: Vec<Box<str>>,
}

impl Index {
    /// Builds the index over validated deals.
    pub fn build(deals: &[Deal]) -> Index {
        Index::build_reading(deals, Reading::default())
    }

    /// [`Index::build`], reading the fact texts as `reading` says; the index is the same
    /// whichever way they are read.
    pub(crate) fn build_reading(deals: &[Deal], reading: Reading) -> Index {
        let norm = Normalizer::default();
        let mut b = Builder {
            common: HashSet::default(),
            aliased: HashSet::default(),
            chosen: HashSet::default(),
            vocab: HashMap::default(),
            topic_terms: Vec::new(),
            surface: HashMap::default(),
            surface_seen: HashSet::default(),
            money: Vec::new(),
            percent: Vec::new(),
            numbers: Vec::new(),
        };
        let mut infos = Vec::with_capacity(deals.len());
        let mut deal_of = Vec::new();
        let mut titles = Vec::new();
        let mut reader = super::prepare::Reader::new(&norm);
        let stems = super::prepare::prepared_topics(&norm, deals, reading, |r, d, t, texts| {
            // Deals finish in order, also one with no topics.
            while infos.len() < d {
                let done = &deals[infos.len()];
                infos.push(b.finish_deal(&norm, &mut reader, done, deal_of.len() as u32));
            }
            let deal = &deals[d];
            let topic = &deal.topics[t];
            titles.push(TitleKey::new(topic));
            let mut terms: HashMap<u32, f32> = HashMap::default();
            for ((text, w, _), prepared) in super::prepare::topic_texts(deal, topic).zip(texts) {
                b.add_text(&mut terms, r, text, prepared, w);
            }
            let mut terms: Vec<(u32, f32)> = terms.into_iter().collect();
            terms.sort_by_key(|(id, _)| *id);
            b.topic_terms.push(terms);
            deal_of.push(d as u32);
            if t + 1 == deal.topics.len() {
                infos.push(b.finish_deal(&norm, &mut reader, deal, deal_of.len() as u32));
            }
        });
        while infos.len() < deals.len() {
            let done = &deals[infos.len()];
            infos.push(b.finish_deal(&norm, &mut reader, done, deal_of.len() as u32));
        }
        let mut stems_all = stems;
        stems_all.extend(reader.stems);
        let stems = stems_all;

        let n_topics = b.topic_terms.len();
        let mut postings = vec![Vec::new(); b.vocab.len()];
        for (t, terms) in b.topic_terms.iter().enumerate() {
            for &(id, w) in terms {
                postings[id as usize].push((t as u32, w));
            }
        }
        // Specific in the base (IDF) and in the language: a word common in English (`put`,
        // `give`) says less than a name, an institution or a rare word.
        // A topic's one-word alias was chosen by its curator: it keeps its weight.
        let common: Vec<bool> = (0..b.vocab.len() as u32)
            .map(|id| b.common.contains(&id) && !b.chosen.contains(&id))
            .collect();
        let curated: Vec<bool> = (0..b.vocab.len() as u32)
            .map(|id| b.aliased.contains(&id))
            .collect();
        let idf: Vec<f32> = postings
            .iter()
            .zip(&common)
            .map(|(p, &common)| {
                let base = (1.0 + n_topics as f32 / p.len().max(1) as f32).ln();
                if common {
                    base * COMMON_WORD_WEIGHT
                } else {
                    base
                }
            })
            .collect();
        let max_idf = (1.0 + n_topics.max(1) as f32).ln();
        let everyday = b.everyday(&stems);
        let mut words = vec![Box::<str>::from(""); b.vocab.len()];
        for (k, &id) in &b.vocab {
            words[id as usize] = k.as_str().into();
        }
        let vague = words
            .iter()
            .map(|w| super::intent::says_nothing(w))
            .collect();
        let phrase_heads = phrase_heads(&words);
        let generic = words
            .iter()
            .map(|w| super::lexicon::is_generic(w))
            .collect();
        Index {
            norm: norm.with_stems(stems),
            vague,
            generic,
            phrase_heads,
            words,
            vocab: b.vocab,
            idf,
            common,
            curated,
            everyday,
            postings,
            surface: b.surface,
            deals: infos,
            deal_of,
            unknown_weight: 0.3 * max_idf,
            titles,
        }
    }

    /// Number of topics indexed.
    pub fn topic_count(&self) -> usize {
        self.deal_of.len()
    }

    /// Number of distinct terms.
    pub fn vocabulary_size(&self) -> usize {
        self.vocab.len()
    }

    /// The normalizer the index was built with.
    pub fn normalizer(&self) -> &Normalizer {
        &self.norm
    }
}

/// The heads of the phrase keys among `words` (see [`Index::phrase_heads`]).
fn phrase_heads(words: &[Box<str>]) -> HashSet<Box<str>> {
    let mut heads = HashSet::default();
    for phrase in words.iter().filter_map(|w| w.strip_prefix('~')) {
        for (at, _) in phrase.match_indices(' ') {
            heads.insert(phrase[..at].into());
        }
    }
    heads
}

/// The key of a multi-word phrase (`pay back` → `pay back`, stemmed, stop words out), or
/// `None` for a single term. Questions are looked up for the same keys over runs of 2-3
/// consecutive terms.
pub(crate) fn phrase_key(tokens: &[super::normalize::Token]) -> Option<String> {
    let words = || tokens.iter().filter(|t| !is_frame_token(t));
    let n = words().count();
    if !(2..=MAX_PHRASE).contains(&n) {
        return None;
    }
    let mut key = String::from("~");
    for (i, t) in words().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        key.push_str(&t.term.key());
    }
    Some(key)
}

/// Whether a token is a question frame (`?source`), not a word of the text.
pub(super) fn is_frame_token(t: &super::normalize::Token) -> bool {
    matches!(&t.term, Term::Word(w) if super::frames::is_frame(w))
}

/// How much a word common in English (the ISO stop-word list) counts, against a rare one.
pub(crate) const COMMON_WORD_WEIGHT: f32 = 0.5;

/// Words used at least this often in English (Zipf 5: ten uses in a million words) are
/// everyday words (measured on the development sets: 4.5 and 4.8 lose positives, 5.3 gains
/// one negative fewer).
pub(crate) const EVERYDAY_ZIPF: f32 = 5.0;

/// Longest alias phrase, in terms, that gets a phrase term of its own.
pub(crate) const MAX_PHRASE: usize = 3;

struct Builder {
    /// Term ids of words common in English (see [`COMMON_WORD_WEIGHT`]).
    common: HashSet<u32>,
    /// Term ids that are a topic's alias of one term (`rice`, `in writing`).
    aliased: HashSet<u32>,
    /// Term ids that are a topic's alias of one word (`give`, not `give back`).
    chosen: HashSet<u32>,
    vocab: HashMap<String, u32>,
    topic_terms: Vec<Vec<(u32, f32)>>,
    surface: HashMap<(char, u8), Vec<Candidate>>,
    /// Surface words already considered (whether or not they became candidates).
    surface_seen: HashSet<Box<str>>,
    /// Money amounts stated in the current deal's statements.
    money: Vec<f64>,
    /// Percentages stated in the current deal's statements.
    percent: Vec<f64>,
    /// Per reader ([`super::prepare::Reader`]), its term numbers' ids.
    numbers: Vec<Vec<u32>>,
}

impl Builder {
    /// Per term id, whether a word of the facts it stands for is an everyday English word.
    fn everyday(&self, stems: &super::normalize::StemCache) -> Vec<bool> {
        let mut out = vec![false; self.vocab.len()];
        for (word, stem) in stems.iter() {
            if let Some(&id) = self.vocab.get(stem) {
                if !out[id as usize]
                    && super::lexicon::zipf(word).is_some_and(|z| z >= EVERYDAY_ZIPF)
                {
                    out[id as usize] = true;
                }
            }
        }
        out
    }

    fn id(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.vocab.get(key) {
            return id;
        }
        let id = self.vocab.len() as u32;
        self.vocab.insert(key.to_string(), id);
        id
    }

    /// Adds one read text of a topic (`text`, read as `prepared`) with field weight `w`.
    fn add_text(
        &mut self,
        terms: &mut HashMap<u32, f32>,
        reader: usize,
        text: &str,
        p: Prepared,
        w: f32,
    ) {
        // A one-term alias (`in writing`) is the curator's choice of a term; a one-word
        // alias (not `come down`) also of a common word.
        let alias = w == field::ALIAS;
        let one_word = !text.trim().contains(char::is_whitespace);
        if self.numbers.len() <= reader {
            self.numbers.resize_with(reader + 1, Vec::new);
        }
        let mut keys = p.new_keys();
        for (i, &n) in p.terms.iter().enumerate() {
            let numbers = &self.numbers[reader];
            let id = match numbers.get(n as usize) {
                Some(&id) => id,
                None => {
                    debug_assert_eq!(n as usize, numbers.len(), "reader numbers out of order");
                    let key = keys.next().expect("a new reader number comes with its key");
                    let id = self.id(key);
                    self.numbers[reader].push(id);
                    id
                }
            };
            if i == 0 && p.phrase {
                terms.insert(id, w);
                continue;
            }
            let e = terms.entry(id).or_insert(0.0);
            *e = e.max(w);
            if alias && p.single {
                self.aliased.insert(id);
            }
            if alias && one_word {
                self.chosen.insert(id);
            }
        }
        drop(keys);
        for v in p.money {
            if !self.money.contains(&v) {
                self.money.push(v);
            }
        }
        for v in p.percent {
            if !self.percent.contains(&v) {
                self.percent.push(v);
            }
        }
        self.add_surface(p.surface);
    }

    /// What the matcher knows about a deal whose topics are all added (the last one is
    /// topic number `end - 1`): its parties, anchors, figures and speakers.
    fn finish_deal(
        &mut self,
        norm: &Normalizer,
        reader: &mut Reader,
        deal: &Deal,
        end: u32,
    ) -> DealInfo {
        let parties: Vec<&'static str> = deal
            .parties
            .iter()
            .filter_map(|p| super::normalize::entity(&p.to_lowercase()))
            .collect();
        let mut anchors: Vec<Vec<u32>> = Vec::new();
        let mut party_only = Vec::new();
        for a in &deal.aliases {
            let terms = norm.terms(a);
            if terms.is_empty() {
                continue;
            }
            party_only.push(
                terms
                    .iter()
                    .all(|t| matches!(t.term, Term::Entity(e) if parties.contains(&e))),
            );
            anchors.push(self.term_ids(&terms));
        }
        for a in &deal.aliases {
            self.add_surface(reader.surface(a));
        }
        let speakers: Vec<Vec<Vec<u32>>> = deal
            .speakers
            .iter()
            .map(|s| {
                std::iter::once(&s.name)
                    .chain(&s.aliases)
                    .map(|a| {
                        let ids = self.alias_ids(norm, a);
                        self.add_surface(reader.surface(a));
                        ids
                    })
                    .filter(|ids| !ids.is_empty())
                    .collect()
            })
            .collect();
        let mut speaker_ids: Vec<u32> = speakers.iter().flatten().flatten().copied().collect();
        speaker_ids.sort_unstable();
        speaker_ids.dedup();
        let mut context: Vec<u32> = anchors
            .iter()
            .filter(|ids| ids.len() == 1)
            .map(|ids| ids[0])
            .chain(
                super::lexicon::CONTEXT_NOUNS
                    .iter()
                    .filter_map(|w| self.vocab.get(*w).copied()),
            )
            .chain(
                parties
                    .iter()
                    .filter_map(|p| self.vocab.get(format!("@{p}").as_str()).copied()),
            )
            .collect();
        context.sort_unstable();
        context.dedup();
        DealInfo {
            parties,
            anchors,
            party_only,
            money: std::mem::take(&mut self.money),
            percent: std::mem::take(&mut self.percent),
            topics: end - deal.topics.len() as u32..end,
            speakers,
            speaker_ids,
            context,
        }
    }

    /// The term ids of a deal's or speaker's alias, in order, repeats in a row once.
    fn alias_ids(&mut self, norm: &Normalizer, alias: &str) -> Vec<u32> {
        self.term_ids(&norm.terms(alias))
    }

    /// The term ids of read terms, in order, repeats in a row dropped.
    fn term_ids(&mut self, terms: &[super::normalize::Token]) -> Vec<u32> {
        let mut ids: Vec<u32> = terms.iter().map(|t| self.id(&t.term.key())).collect();
        ids.dedup();
        ids
    }

    /// Records each word not considered before as a typo candidate for its term, if the
    /// facts hold that term.
    fn add_surface(&mut self, words: Vec<Surface>) {
        for s in words {
            if self.surface_seen.contains(&s.word) {
                continue;
            }
            self.surface_seen.insert(s.word.clone());
            let Some(&id) = self.vocab.get(s.key.as_str()) else {
                continue;
            };
            if s.common {
                self.common.insert(id);
            }
            let first = s.word.chars().next().unwrap_or(' ');
            let len = s.word.chars().count().min(255) as u8;
            self.surface
                .entry((first, len))
                .or_default()
                .push((s.word, id));
        }
    }
}

impl TitleKey {
    fn new(topic: &crate::facts::Topic) -> TitleKey {
        let lower = topic.title.to_lowercase();
        TitleKey {
            words: lower
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(Box::from)
                .collect(),
            lower: lower.into_boxed_str(),
            id: topic.id.as_str().into(),
        }
    }
}
