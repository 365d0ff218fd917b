//! Scoring one unit of a question (the whole question, or one sentence) against one deal's
//! topics: see [`Index::score_unit`].

use super::evidence::Tally;
use super::index::Index;
use super::normalize::Term;
use super::qterm::QTerm;

/// The weight a unit is divided by at least, so that one common word is not a match.
const FLOOR: f32 = 2.2;

impl Index {
    /// Accumulates into `acc` each topic's score for one unit (`None`: the whole question),
    /// restricted to one deal's topics; `touched` lists the topics that got any.
    ///
    /// Score = (weight of the unit's terms the topic holds / weight of all its terms)
    ///       × (0.6 + 0.4 × share of the unit's words the topic holds).
    /// The first factor favours rare terms; the second keeps one shared word among many
    /// unknown ones ("is toyota recalling the rav4") from passing.
    pub(super) fn score_unit(
        &self,
        q: &[QTerm],
        unit: Option<u16>,
        deal: &super::index::DealInfo,
        name_tails: &[usize],
        tally: &mut Tally,
        touched: &mut Vec<u32>,
    ) {
        let Tally {
            acc,
            hits,
            specific,
            context,
            context_hits,
            ..
        } = tally;
        let topics = deal.topics.clone();
        let mut denom = 0.0f32;
        let mut words = 0u16;
        // The context terms' share of `denom` and `words`.
        let mut ctx_denom = 0.0f32;
        let mut ctx_words = 0u16;
        let mut seen: Vec<u32> = Vec::with_capacity(q.len());
        let mut unknown: Vec<&str> = Vec::new();
        for (i, t) in q.iter().enumerate() {
            if unit.is_some_and(|u| u != t.segment) || name_tails.contains(&i) {
                continue;
            }
            let counts = !t.phrase && !matches!(t.term, Term::Entity(_));
            match t.id {
                // Known only as a speaker's name: for topics it is a word they do not hold.
                Some(id) if self.postings[id as usize].is_empty() => {
                    if !seen.contains(&id) {
                        seen.push(id);
                        words += u16::from(counts);
                        denom += self.unknown_weight;
                    }
                }
                Some(id) => {
                    if seen.contains(&id) {
                        continue;
                    }
                    seen.push(id);
                    words += u16::from(counts);
                    let idf = self.idf[id as usize];
                    denom += idf;
                    let ctx = deal.context.binary_search(&id).is_ok();
                    if ctx {
                        ctx_denom += idf;
                        ctx_words += u16::from(counts);
                    }
                    let specific_term = self.is_specific(id, &t.term);
                    // Postings are in topic order: the deal's topics are one slice of them.
                    let all = &self.postings[id as usize];
                    let from = all.partition_point(|p| p.0 < topics.start);
                    let to = from + all[from..].partition_point(|p| p.0 < topics.end);
                    for &(topic, w) in &all[from..to] {
                        if acc[topic as usize] == 0.0 {
                            touched.push(topic);
                        }
                        acc[topic as usize] += idf * w * t.factor;
                        hits[topic as usize] += u16::from(counts);
                        if ctx {
                            context[topic as usize] += idf;
                            context_hits[topic as usize] += u16::from(counts);
                        }
                        if specific_term {
                            specific[topic as usize] = true;
                        }
                    }
                }
                None if t.factor == 0.0 => {}
                None => {
                    if let Term::Word(w) = &t.term {
                        if unknown.contains(&w.as_str()) {
                            continue;
                        }
                        unknown.push(w);
                    }
                    // A weak (common) unknown word dilutes the weight a little and is not
                    // counted as a word the topic misses.
                    words += u16::from(counts && t.factor >= 1.0);
                    denom += self.unknown_weight * t.factor;
                }
            }
        }
        for &t in touched.iter() {
            let t = t as usize;
            // Context terms the topic does not hold do not dilute it.
            let denom = (denom - ctx_denom + std::mem::take(&mut context[t])).max(FLOOR);
            let words = words - ctx_words + std::mem::take(&mut context_hits[t]);
            let share = if words == 0 {
                1.0
            } else {
                (f32::from(hits[t]) / f32::from(words)).min(1.0)
            };
            acc[t] = acc[t] / denom * (0.6 + 0.4 * share);
            hits[t] = 0;
        }
    }
}
