//! What a question's terms are worth to a topic beyond their weights: whether they say
//! anything specific, and which bigrams of a Japanese name are the same word.

use super::index::{DealInfo, Index};
use super::normalize::Term;
use super::qterm::QTerm;

/// Words that name a deal in any deal (stems).
pub(super) const DEAL_NOUNS: [&str; 10] = [
    "deal",
    "fund",
    "invest",
    "pledg",
    "agreement",
    "trade",
    "framework",
    "promis",
    "pact",
    "money",
];

/// Words for a deal itself (stems): in a question they name what is asked about, not the
/// point asked (see [`super::index::DealInfo::context`]).
pub(super) const CONTEXT_NOUNS: [&str; 6] =
    ["deal", "pledg", "agreement", "framework", "pact", "promis"];

/// Words of news subjects no trade deal's fact base answers (stems, and Japanese bigrams):
/// household money (student loans, mortgages), shop prices, strikes and layoffs, the stock
/// market, company results, accidents and safety. With one of them and nothing naming the deal, a topic sharing another word
/// ("loan", "rice", "Boeing") counts [`OTHER_SUBJECT_FACTOR`] of its weight.
const OTHER_SUBJECTS: &[&str] = &[
    "student", "tuition", "mortgag", "price", "pricey", "expens", "strike", "layoff", "stock",
    "nikkei", "crash", "accid", "safeti", "recal", "値段", "価格", "値上", "高す", "株価", "決算",
    "事故", "安全", "リコ",
];

/// See [`OTHER_SUBJECTS`].
pub(super) const OTHER_SUBJECT_FACTOR: f32 = 0.6;

/// Whether a question term is a word of a news subject no deal answers ([`OTHER_SUBJECTS`]).
pub(super) fn is_other_subject(t: &QTerm) -> bool {
    matches!(&t.term, Term::Word(w) if OTHER_SUBJECTS.contains(&w.as_str()))
}

/// Verbs of making a deal (stems): with [`DEAL_NOUNS`], they speak of a deal.
const DEAL_VERBS: [&str; 2] = ["agre", "commit"];

/// Whether a stem speaks of a deal ("the japan deal", "japan agreed"): see
/// `Index::clear_leader`.
pub(super) fn speaks_of_a_deal(stem: &str) -> bool {
    DEAL_NOUNS.contains(&stem) || DEAL_VERBS.contains(&stem)
}

/// A topic held by nothing but everyday English words of the question (Zipf at least
/// [`super::index::EVERYDAY_ZIPF`]: `time`, `year`, `person`, `keep`), none of them a topic's
/// one-word alias, a name or a figure, scores this much of its weight: "best time of year to
/// visit kyoto" is not about the quarterly review. Measured on the development sets: 0.8,
/// 0.5 and 0.0 gain the same two negatives and lose nothing; 0.8 leaves "what time of year
/// is best for a trip?" on the quarterly review.
pub(super) const EVERYDAY_FACTOR: f32 = 0.5;

/// Per-topic scratch of one question's scoring, reset after each unit.
pub(super) struct Tally {
    /// Weight accumulated.
    pub acc: Vec<f32>,
    /// Words held.
    pub hits: Vec<u16>,
    /// Held by a term that says something specific ([`Index::is_specific`]).
    pub specific: Vec<bool>,
    /// Weight of the deal's context terms held (see `DealInfo::context`).
    pub context: Vec<f32>,
    /// Context words held.
    pub context_hits: Vec<u16>,
}

impl Tally {
    pub(super) fn new(topics: usize) -> Tally {
        Tally {
            acc: vec![0.0; topics],
            hits: vec![0; topics],
            specific: vec![false; topics],
            context: vec![0.0; topics],
            context_hits: vec![0; topics],
        }
    }
}

impl Index {
    /// Whether a term held by a topic says something specific: not an everyday English
    /// word, or a topic's one-word alias (the curator chose it), a name or a figure.
    pub(super) fn is_specific(&self, id: u32, term: &Term) -> bool {
        !self.everyday[id as usize] || self.curated[id as usize] || !matches!(term, Term::Word(_))
    }
}

/// A speaker's name written in Japanese is one word, as `trump` is: where the question holds
/// all the bigrams of one of a speaker's names in a row (`トラ ラン ンプ`), the positions of all
/// but the first. Empty for most questions (no Japanese, or no name).
pub(super) fn name_tails(q: &[QTerm], deal: &DealInfo) -> Vec<usize> {
    let mut tails = Vec::new();
    let bigram = |t: &QTerm| matches!(&t.term, Term::Word(w) if w.chars().any(super::cjk::is_cjk));
    for i in 0..q.len() {
        let Some(first) = q[i].id else {
            continue;
        };
        if deal.speaker_ids.binary_search(&first).is_err() || !bigram(&q[i]) {
            continue;
        }
        let run = deal.speakers.iter().flatten().find(|alias| {
            alias.len() >= 2
                && alias[0] == first
                && q.get(i..i + alias.len()).is_some_and(|ts| {
                    ts.iter()
                        .zip(alias.iter())
                        .all(|(t, id)| t.id == Some(*id) && bigram(t))
                })
        });
        if let Some(alias) = run {
            tails.extend(i + 1..i + alias.len());
        }
    }
    tails
}
