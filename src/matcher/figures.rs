//! Figures in a question that a deal does not hold ("$700 billion" for $550 billion): each
//! is replaced by the nearest one on record, at a lower weight, and noted for the reply.

use super::index::Index;
use super::normalize::{format_money, format_percent, Term};
use super::qterm::QTerm;

/// A figure in the question that the deal does not hold, and the one on record.
#[derive(Debug, Clone, PartialEq)]
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

impl Index {
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

    /// Notes for figures the deal holds but none of the answered topics does ("America only
    /// gets 10% of the profits" answered with the profit split, when 10% is the share of GDP
    /// another topic states): each is set against the nearest figure of its kind that an
    /// answered topic holds. A topic holding no figure of that kind gets no note.
    pub(super) fn topic_figure_notes(&self, q: &[QTerm], answered: &[u32]) -> Vec<FigureNote> {
        let mut notes = Vec::new();
        let holds = |id: u32| {
            self.postings[id as usize]
                .iter()
                .any(|(t, _)| answered.contains(t))
        };
        for t in q.iter().filter(|t| t.factor >= 1.0) {
            let (Term::Money(v) | Term::Percent(v)) = t.term else {
                continue;
            };
            if t.id.is_none_or(holds) {
                continue;
            }
            let Some(deal) = answered
                .first()
                .map(|&a| &self.deals[self.deal_of[a as usize] as usize])
            else {
                continue;
            };
            let (record, fmt): (&[f64], fn(f64) -> String) = match t.term {
                Term::Money(_) => (&deal.money, format_money),
                _ => (&deal.percent, format_percent),
            };
            let key = |r: f64| match t.term {
                Term::Money(_) => Term::Money(r).key().into_owned(),
                _ => Term::Percent(r).key().into_owned(),
            };
            let nearest = record
                .iter()
                .copied()
                .filter(|&r| r != v && self.vocab.get(key(r).as_str()).is_some_and(|&i| holds(i)))
                .min_by(|a, b| (a / v).ln().abs().total_cmp(&(b / v).ln().abs()));
            if let Some(nearest) = nearest {
                let note = FigureNote {
                    asked: fmt(v),
                    on_record: fmt(nearest),
                };
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
        }
        notes
    }
}
