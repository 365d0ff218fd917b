//! A question's term as the scoring steps see it: the term, its id in the vocabulary and how
//! much it counts. Its own module, below every step that reads it.

use super::normalize::Term;

/// A question term after lookup.
#[derive(Debug, Clone)]
pub(crate) struct QTerm {
    /// Term id in the vocabulary, if known (after typo correction or figure substitution).
    pub id: Option<u32>,
    /// Multiplier for its contribution (typo, substituted figure).
    pub factor: f32,
    pub segment: u16,
    pub term: Term,
    /// A phrase term: it sharpens the match but is not a word of its own.
    pub phrase: bool,
    /// Written as a name (capitalized inside a sentence, or an acronym).
    pub name: bool,
}
