//! Words that are part of another name in a question: a known word written as a name next to
//! a name the base does not know (`CHIPS` in "the CHIPS Act", `Steel` in "Nippon Steel"), or
//! a word named by a following law or programme word (`chips` in "the chips act"). Unless the
//! question names the deal, they are not the topic's word.

use super::normalize::Term;
use super::qterm::QTerm;

/// Known words written as a name next to a name the base does not know (`CHIPS` in "the
/// CHIPS Act", `Steel` in "Nippon Steel"): part of another name, they are not the topic's
/// word. Positions in `q`.
fn in_unknown_names(q: &[QTerm]) -> Vec<usize> {
    let word_name = |t: &QTerm| t.name && !t.phrase && matches!(t.term, Term::Word(_));
    (0..q.len())
        .filter(|&i| word_name(&q[i]) && q[i].id.is_some())
        .filter(|&i| {
            [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .any(|j| {
                    q.get(j).is_some_and(|n| {
                        word_name(n) && n.id.is_none() && n.segment == q[i].segment
                    })
                })
        })
        .collect()
}

/// Words that, after another word, make it the name of a law or programme ("the CHIPS
/// Act", "the farm bill", "the rice program"): stems.
const PROGRAMME_WORDS: &[&str] = &[
    "act", "bill", "law", "program", "programm", "initiat", "scheme",
];

/// A law or bill in Japanese, right after a name in Latin letters (`CHIPS法`, `IRA法案`).
const PROGRAMME_JA: char = '法';

/// Words named by a following law or programme word (`chips` in "the chips act"): like a
/// word inside an unknown name, they are not the topic's word unless the question names the
/// deal. Positions in `q`.
fn in_programme_names(q: &[QTerm]) -> Vec<usize> {
    (1..q.len())
        .filter(|&i| {
            !q[i].phrase
                && q[i].segment == q[i - 1].segment
                && matches!(&q[i].term, Term::Word(w) if PROGRAMME_WORDS.contains(&w.as_str())
                    || w.starts_with(PROGRAMME_JA))
                && matches!(&q[i - 1].term, Term::Word(w) if !w.chars().any(super::cjk::is_cjk))
                && !q[i - 1].phrase
        })
        .map(|i| i - 1)
        .collect()
}

/// The names of a question the base does not know.
pub(super) struct OtherNames {
    /// How many different ones (words written as names, and words naming a law or
    /// programme).
    pub unknown: usize,
    /// Positions of the base's words inside them.
    pub inside: Vec<usize>,
    /// A law or programme is named ("the chips act").
    pub programme: bool,
}

/// The names of question `q` the base does not know (see [`OtherNames`]).
pub(super) fn other_names(q: &[QTerm]) -> OtherNames {
    let mut unknown: Vec<&str> = q
        .iter()
        .filter(|t| t.name && t.id.is_none())
        .filter_map(|t| match &t.term {
            Term::Word(w) => Some(w.as_str()),
            _ => None,
        })
        .collect();
    let programmes = in_programme_names(q);
    for &i in &programmes {
        if let Term::Word(w) = &q[i + 1].term {
            unknown.push(w.as_str());
        }
    }
    unknown.sort_unstable();
    unknown.dedup();
    let mut inside = if unknown.is_empty() {
        Vec::new()
    } else {
        in_unknown_names(q)
    };
    let programme = !programmes.is_empty();
    inside.extend(programmes);
    OtherNames {
        unknown: unknown.len(),
        inside,
        programme,
    }
}
