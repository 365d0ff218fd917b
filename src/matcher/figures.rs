//! Figures in a question that a deal does not hold ("$700 billion" for $550 billion): each
//! is replaced by the nearest one on record, at a lower weight, and noted for the reply.

use super::index::Index;
use super::normalize::{format_money, format_percent, Term};
use super::qterm::QTerm;

/// A figure in the question that the deal does not hold, and the one on record.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FigureNote {
    /// The figure as asked, formatted (`$1 trillion`).
    pub asked: String,
    /// The figure on record, formatted (`$550 billion`).
    pub on_record: String,
}

/// Weight kept by a wrong figure replaced by the figure on record.
const FIGURE_FACTOR: f32 = 0.9;
/// A wrong figure at most this many times off one on record ("7000億ドル" for 5500億ドル)
/// may be the deal misremembered even when nothing else names the deal.
const CLOSE_FIGURE: f64 = 2.0;
/// Score kept then.
pub(super) const CLOSE_FIGURE_FACTOR: f32 = 0.85;

/// The figures of a question that one deal does not hold.
pub(super) struct Figures {
    /// Some figure is not on record.
    pub(super) wrong: bool,
    /// Every wrong figure is within [`CLOSE_FIGURE`] of one on record (700 for 550).
    pub(super) close: bool,
    /// Each wrong figure with the one on record, once.
    pub(super) notes: Vec<FigureNote>,
}

impl Default for Figures {
    fn default() -> Figures {
        Figures {
            wrong: false,
            close: true,
            notes: Vec::new(),
        }
    }
}

/// Whether the question holds a figure (money or a percentage).
pub(super) fn has_figure(q: &[QTerm]) -> bool {
    q.iter()
        .any(|t| matches!(t.term, Term::Money(_) | Term::Percent(_)))
}

impl Index {
    /// Whether the question holds the pledge's own figure as a topic's curator wrote it
    /// ("half a trillion"): beside it, another figure ("from a country whose whole economy
    /// is like 4 trillion") is compared with the pledge, not another pledge.
    pub(super) fn names_pledge(&self, deal: &super::index::DealInfo, q: &[QTerm]) -> bool {
        q.iter().any(|t| {
            matches!(t.term, Term::Money(_))
                && t.id.is_some_and(|id| {
                    self.curated[id as usize]
                        && self.postings[id as usize]
                            .iter()
                            .any(|p| deal.topics.contains(&p.0))
                })
        })
    }

    /// Replaces each figure the deal does not hold by the nearest one on record, at
    /// [`FIGURE_FACTOR`], and notes both.
    pub(super) fn substitute_figures(
        &self,
        deal: &super::index::DealInfo,
        q: &mut [QTerm],
    ) -> Figures {
        let mut out = Figures::default();
        for t in q.iter_mut() {
            let (record, fmt): (&[f64], fn(f64) -> String) = match t.term {
                Term::Money(_) => (&deal.money, format_money),
                Term::Percent(_) => (&deal.percent, format_percent),
                _ => continue,
            };
            let (Term::Money(v) | Term::Percent(v)) = t.term else {
                continue;
            };
            if record.is_empty() || record.contains(&v) {
                continue;
            }
            out.wrong = true;
            let nearest = record
                .iter()
                .copied()
                .min_by(|a, b| (a / v).ln().abs().total_cmp(&(b / v).ln().abs()))
                .unwrap_or(v);
            out.close &= (nearest / v).ln().abs() <= CLOSE_FIGURE.ln();
            let sub = match t.term {
                Term::Money(_) => Term::Money(nearest),
                _ => Term::Percent(nearest),
            };
            t.id = self.vocab.get(sub.key().as_ref()).copied();
            t.factor = FIGURE_FACTOR;
            let note = FigureNote {
                asked: fmt(v),
                on_record: fmt(nearest),
            };
            if !out.notes.contains(&note) {
                out.notes.push(note);
            }
        }
        out
    }

    /// For each figure of the question (as asked) that the deal states but none of `topics`
    /// holds, the nearest figure of its kind that one of `topics` holds: (position in the
    /// question, that figure as a term). A topic holding no figure of that kind has none.
    fn figures_elsewhere(&self, q: &[QTerm], topics: &[u32]) -> Vec<(usize, Term)> {
        let Some(deal) = topics
            .first()
            .map(|&a| &self.deals[self.deal_of[a as usize] as usize])
        else {
            return Vec::new();
        };
        // Postings are in topic order (see `Index::build`): a figure of a large base is in
        // thousands of topics, and `topics` holds one to three.
        let holds = |id: u32| {
            let postings = &self.postings[id as usize];
            topics
                .iter()
                .any(|t| postings.binary_search_by_key(t, |p| p.0).is_ok())
        };
        let mut out = Vec::new();
        for (i, t) in q.iter().enumerate().filter(|(_, t)| t.factor >= 1.0) {
            let (Term::Money(v) | Term::Percent(v)) = t.term else {
                continue;
            };
            if t.id.is_none_or(holds) {
                continue;
            }
            let (record, as_term): (&[f64], fn(f64) -> Term) = match t.term {
                Term::Money(_) => (&deal.money, Term::Money),
                _ => (&deal.percent, Term::Percent),
            };
            // A figure not on record is another deal's, or wrong: `substitute_figures`.
            if !record.contains(&v) {
                continue;
            }
            let nearest = record
                .iter()
                .copied()
                .filter(|&r| {
                    r != v
                        && self
                            .vocab
                            .get(as_term(r).key().as_ref())
                            .is_some_and(|&id| holds(id))
                })
                .min_by(|a, b| (a / v).ln().abs().total_cmp(&(b / v).ln().abs()));
            if let Some(r) = nearest {
                out.push((i, as_term(r)));
            }
        }
        out
    }

    /// Adds to `notes` one note for each figure the deal holds but none of the answered
    /// topics does ("America only gets 10% of the profits" answered with the profit split,
    /// when 10% is the share of GDP another topic states): it is set against the nearest
    /// figure of its kind that an answered topic holds.
    pub(super) fn add_topic_figure_notes(
        &self,
        q: &[QTerm],
        answered: impl Iterator<Item = u32>,
        notes: &mut Vec<FigureNote>,
    ) {
        if !has_figure(q) {
            return;
        }
        let answered: Vec<u32> = answered.collect();
        for (i, on_record) in self.figures_elsewhere(q, &answered) {
            let note = match (&q[i].term, on_record) {
                (Term::Money(v), Term::Money(r)) => FigureNote {
                    asked: format_money(*v),
                    on_record: format_money(r),
                },
                (Term::Percent(v), Term::Percent(r)) => FigureNote {
                    asked: format_percent(*v),
                    on_record: format_percent(r),
                },
                _ => continue,
            };
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
    }

    /// The question read again with the figures the leading topic does not hold replaced by
    /// its own nearest ones, at [`FIGURE_FACTOR`]: "america only gets 10% of the profits"
    /// is about the 90% split even though another topic holds 10%. `None` when nothing
    /// changes (most questions hold no figure).
    pub(super) fn leader_figures(&self, q: &[QTerm], leader: u32) -> Option<Vec<QTerm>> {
        let subs = self.figures_elsewhere(q, &[leader]);
        if subs.is_empty() {
            return None;
        }
        let mut v = q.to_vec();
        for (i, term) in subs {
            v[i].id = self.vocab.get(term.key().as_ref()).copied();
            v[i].term = term;
            v[i].factor = FIGURE_FACTOR;
        }
        Some(v)
    }
}
