//! What a question's terms are worth to a topic beyond their weights: whether they say
//! anything specific, and which bigrams of a Japanese name are the same word.

use super::index::{DealInfo, Index};
use super::lexicon::{CONTEXT_NOUNS, DEAL_NOUNS};
use super::normalize::Term;
use super::qterm::QTerm;

/// Words of news subjects no trade deal's fact base answers (stems, and Japanese bigrams):
/// household money (student loans, mortgages, pensions, retirement savings), shop prices, strikes and layoffs,
/// the stock market, company results, accidents and safety, defence and troops. With one of
/// them and nothing naming the deal, a topic sharing another word ("loan", "rice",
/// "Boeing") counts [`OTHER_SUBJECT_FACTOR`] of its weight; so it does when only a party's
/// name ties the question to the deal ([`off_subject`]).
const OTHER_SUBJECTS: &[&str] = &[
    "student",
    "tuition",
    "mortgag",
    "pension",
    "retir",
    "portfolio",
    "401k",
    "stimulus",
    "rent",
    "price",
    "pricey",
    "expens",
    "strike",
    "layoff",
    "stock",
    "nikkei",
    "crash",
    "accid",
    "safeti",
    "recal",
    "defens",
    "defenc",
    "militari",
    "troop",
    "値段",
    "価格",
    "値上",
    "高す",
    "株価",
    "決算",
    "事故",
    "安全",
    "リコ",
    "イキ",
    "年金",
    "防衛",
    "米軍",
];

/// See [`OTHER_SUBJECTS`].
pub(super) const OTHER_SUBJECT_FACTOR: f32 = 0.6;

/// Whether a question term is a word of a news subject no deal answers ([`OTHER_SUBJECTS`]).
pub(super) fn is_other_subject(t: &QTerm) -> bool {
    matches!(&t.term, Term::Word(w) if OTHER_SUBJECTS.contains(&w.as_str()))
}

/// Whether the question (or its sentence `unit`), naming the deal by a party's name only,
/// is about another subject: it holds a word of one ([`OTHER_SUBJECTS`]) and at most one
/// word the base knows ("why is rice so expensive in japan", not "will japanese car prices
/// drop with lower tariffs").
pub(super) fn off_subject(unit: Option<u16>, q: &[QTerm]) -> bool {
    let mut in_unit = q.iter().filter(|t| unit.is_none_or(|u| u == t.segment));
    let known = in_unit
        .clone()
        .filter(|t| t.id.is_some() && !t.phrase && matches!(t.term, Term::Word(_)))
        .count();
    known <= 1 && in_unit.any(is_other_subject)
}

/// Whether a question term is a word for a deal itself ([`CONTEXT_NOUNS`]: "pact", "pledge").
pub(super) fn names_a_deal(t: &QTerm) -> bool {
    matches!(&t.term, Term::Word(w) if CONTEXT_NOUNS.contains(&w.as_str()))
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

/// Per-topic scratch of one question's scoring, reset after each unit, and each topic's best
/// score. Kept per thread between questions (zeroing it for every question of a large base
/// cost more than scoring): see [`Tally::take`].
#[derive(Default)]
pub(super) struct Tally {
    /// Best score of each topic over the units so far.
    pub best: Vec<f32>,
    /// The topics whose `best` is above zero, each once.
    pub lit: Vec<u32>,
    /// Each topic's score for the whole question: it breaks a tie in `best` (one
    /// sentence's perfect match for two topics goes to the one the message supports more).
    pub whole: Vec<f32>,
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

thread_local! {
    static SPARE: std::cell::Cell<Option<Tally>> = const { std::cell::Cell::new(None) };
}

impl Tally {
    /// A zeroed tally for at least `topics` topics: the thread's spare one if it has one.
    /// A tally dropped half-way (a panic) is not given back, so a spare is always zeroed.
    pub(super) fn take(topics: usize) -> Tally {
        let mut t = SPARE.with(|s| s.take()).unwrap_or_default();
        if t.acc.len() < topics {
            t.best.resize(topics, 0.0);
            t.whole.resize(topics, 0.0);
            t.acc.resize(topics, 0.0);
            t.hits.resize(topics, 0);
            t.specific.resize(topics, false);
            t.context.resize(topics, 0.0);
            t.context_hits.resize(topics, 0);
        }
        t
    }

    /// Raises topic `t`'s best score to `score`.
    pub(super) fn raise(&mut self, t: usize, score: f32) {
        let b = &mut self.best[t];
        if *b == 0.0 && score > 0.0 {
            self.lit.push(t as u32);
        }
        *b = b.max(score);
    }

    /// Keeps the tally for the thread's next question, zeroing the topics it lit (the unit
    /// scratch is zeroed as each unit is read).
    pub(super) fn give_back(mut self) {
        for &t in &self.lit {
            self.best[t as usize] = 0.0;
            self.whole[t as usize] = 0.0;
        }
        self.lit.clear();
        debug_assert!(self
            .best
            .iter()
            .chain(&self.whole)
            .chain(&self.acc)
            .chain(&self.context)
            .all(|&x| x == 0.0));
        debug_assert!(self.hits.iter().chain(&self.context_hits).all(|&x| x == 0));
        debug_assert!(!self.specific.iter().any(|&x| x));
        SPARE.with(|s| s.set(Some(self)));
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

impl Index {
    /// Whether topic `t` may answer a question naming other countries and not the deal
    /// (`country`: the postings of the term for countries): its curator wrote of other
    /// countries (in an alias or the title), and the question holds a word of its own
    /// ("pressure"), not only "tariffs" or a word for a deal.
    pub(super) fn answers_for_countries(
        &self,
        country: &[(u32, f32)],
        t: u32,
        q: &[QTerm],
    ) -> bool {
        country
            .iter()
            .any(|&(c, w)| c == t && w >= super::index::field::ALIAS)
            && self.own_terms(q, t, 1) == 1
    }
}

impl DealInfo {
    /// The countries and institutions other than the deal's parties that question `q` (or
    /// its sentence `seg`) names, as often as named.
    fn others<'q>(
        &'q self,
        q: &'q [QTerm],
        seg: Option<u16>,
    ) -> impl Iterator<Item = &'static str> + 'q {
        q.iter()
            .filter(move |t| seg.is_none_or(|s| s == t.segment))
            .filter_map(|t| match t.term {
                Term::Entity(e) if !self.parties.contains(&e) => Some(e),
                _ => None,
            })
    }

    /// Whether question `q` (or its sentence `seg`) names a country or institution that is
    /// not one of the deal's parties.
    pub(crate) fn names_another(&self, q: &[QTerm], seg: Option<u16>) -> bool {
        self.others(q, seg).next().is_some()
    }

    /// How many different countries or institutions other than its parties the question
    /// names.
    pub(crate) fn others_named(&self, q: &[QTerm]) -> usize {
        let mut seen: Vec<&str> = Vec::new();
        for e in self.others(q, None) {
            if !seen.contains(&e) {
                seen.push(e);
            }
        }
        seen.len()
    }
}

#[cfg(test)]
mod tests {
    use super::super::normalize::Normalizer;
    use super::OTHER_SUBJECTS;

    #[test]
    fn other_subject_words_are_read_as_listed() {
        let norm = Normalizer::default();
        for w in [
            "students",
            "mortgages",
            "pensions",
            "retirement",
            "portfolio",
            "401k",
            "stimulus",
            "rent",
            "prices",
            "expensive",
            "strikes",
            "layoffs",
            "stocks",
            "accidents",
            "safety",
            "recalls",
            "defense",
            "defence",
            "military",
            "troops",
        ] {
            let stem = norm.stem(w);
            assert!(
                OTHER_SUBJECTS.contains(&stem.as_str()),
                "{w} reads as {stem}"
            );
        }
        // ストライキ (a strike) is read as bigrams; イキ is the one no other common word holds.
        let terms: Vec<String> = norm
            .terms("ストライキ")
            .iter()
            .map(|t| t.term.key().to_string())
            .collect();
        assert!(terms.iter().any(|k| k == "イキ"), "{terms:?}");
    }
}
