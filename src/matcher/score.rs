//! Scoring a question against the index.
//!
//! A question is split into segments (sentences). Each segment, and the whole question,
//! is scored against every topic sharing a term with it: the weight of the terms the
//! topic holds over the weight of all the question's meaningful terms (rare terms weigh
//! more; words the fact base does not know dilute, common English ones much less than rare
//! ones, which usually mean another subject). A topic's score is its best unit's. Near misses (another
//! country or institution, a figure the deal does not hold, with nothing tying the
//! question to the deal) are refused before scoring.

use compact_str::CompactString;

use super::evidence::{name_tails, Tally, EVERYDAY_FACTOR};
use super::figures::{has_figure, FigureNote, Figures, CLOSE_FIGURE_FACTOR};
use super::index::{Index, MAX_PHRASE};
use super::names::{other_names, OtherNames};
use super::normalize::Term;
use super::qterm::QTerm;

/// Lowest score of a confident match.
pub const THRESHOLD: f32 = 0.50;
/// A second or third match must score at least this share of the best one.
pub const RELATIVE: f32 = 0.8;
/// Most matches returned.
pub const MAX_MATCHES: usize = 3;
/// Most suggestions returned when nothing is confident.
pub const MAX_SUGGESTIONS: usize = 3;
/// Lowest score worth suggesting.
pub const SUGGEST_MIN: f32 = 0.2;
/// The term a named country outside the deal also is (`countries`, stemmed).
const COUNTRY: &str = "countri";
/// Weight kept by a country heard as "a country".
const COUNTRY_FACTOR: f32 = 0.8;
/// Score kept when the question also names an entity outside the deal.
const FOREIGN_FACTOR: f32 = 0.85;
/// Score kept for each name the fact base does not know (`TSMC`, `Kumamoto`) in a question
/// that nothing ties to the deal: it is probably about something else (0.8 until round 4;
/// 0.7 refuses one more near miss of the development sets and loses no positive).
const UNKNOWN_NAME_FACTOR: f32 = 0.7;
/// And once more when one of them is a law or programme ("the CHIPS Act", "CHIPS法"): a
/// message about another programme that does not name the deal. Measured on the development
/// sets: 0.5-0.8 turn one more near miss away and lose no positive; 0.7 as for a name.
const PROGRAMME_FACTOR: f32 = 0.7;

/// One scored topic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// Global topic number (fact-base order).
    pub topic: u32,
    /// Confidence in [0, 1].
    pub score: f32,
}

/// What the matcher found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Confident matches, best first.
    pub matches: Vec<Scored>,
    /// Closest topics when nothing is confident, best first.
    pub suggestions: Vec<Scored>,
    /// Figures asked about that differ from the record (only for confident matches).
    pub figures: Vec<FigureNote>,
    /// Why: the terms that counted, for traces.
    pub explain: Vec<String>,
}

/// What a ranking's decision needs beside the scores.
struct Ranked<'a> {
    /// Per deal: the question names it.
    named_deals: &'a [bool],
    /// Positions of question terms inside names the base does not know.
    in_names: &'a [usize],
    /// Figure notes, with the deal each is for.
    figures: Vec<(usize, FigureNote)>,
    /// Why deals were passed over (debug output).
    explain: Vec<String>,
}

impl Index {
    /// Scores a question. Deterministic: ties go to the topic earlier in the fact base.
    pub fn search(&self, question: &str) -> Outcome {
        self.search_with(question, THRESHOLD)
    }

    /// [`Index::search`] with another confidence threshold (for calibration).
    pub fn search_with(&self, question: &str, threshold: f32) -> Outcome {
        self.rank(&self.prepare(question), threshold)
    }

    /// Step 1: the question's terms, looked up (typos forgiven), with alias phrases added.
    pub(crate) fn prepare(&self, question: &str) -> Vec<QTerm> {
        let tokens = self.norm.terms(question);
        let mut q: Vec<QTerm> = tokens
            .into_iter()
            .map(|t| {
                let (id, factor) = self.lookup(&t.term, &t.surface);
                QTerm {
                    id,
                    factor,
                    segment: t.segment,
                    term: t.term,
                    phrase: false,
                    name: t.name,
                }
            })
            .collect();
        self.add_phrases(&mut q);
        q
    }

    /// Step 2: every topic scored against the prepared terms, best first, split into
    /// confident matches or suggestions. When nothing is confident, a figure the deal holds
    /// in another topic than the leading one is read as the leader's nearest figure, and
    /// noted ([`Index::leader_figures`]).
    pub(crate) fn rank(&self, q: &[QTerm], threshold: f32) -> Outcome {
        let first = self.rank_once(q, threshold);
        // A confident answer keeps its ranking (its notes come from `rank_once`): the
        // second reading is for questions a misread figure left unanswered.
        if !first.matches.is_empty() || !has_figure(q) {
            return first;
        }
        let leader = first.suggestions.first();
        let Some(q2) = leader.and_then(|l| self.leader_figures(q, l.topic)) else {
            return first;
        };
        let mut second = self.rank_once(&q2, threshold);
        // Noted against the figures as asked, not as read.
        let answered = second.matches.iter().map(|m| m.topic);
        self.add_topic_figure_notes(q, answered, &mut second.figures);
        second
    }

    /// One ranking of the prepared terms (see [`Index::rank`]).
    fn rank_once(&self, q: &[QTerm], threshold: f32) -> Outcome {
        let n_segments = q.iter().map(|t| t.segment).max().map_or(0, |s| s + 1);
        let mut explain = Vec::new();
        let mut figures: Vec<(usize, FigureNote)> = Vec::new();
        let OtherNames {
            unknown: unknown_names,
            inside: in_names,
            programme: named_programme,
        } = other_names(q);
        let other_subject = q.iter().any(super::evidence::is_other_subject);
        let mut tally = Tally::take(self.topic_count());
        let mut touched: Vec<u32> = Vec::new();
        let mut named_deals: Vec<bool> = vec![false; self.deals.len()];

        for (d, deal) in self.deals.iter().enumerate() {
            let holds = |ids: &[u32], seg: Option<u16>, q: &[QTerm]| {
                ids.iter().all(|id| {
                    q.iter()
                        .any(|t| t.id == Some(*id) && seg.is_none_or(|s| s == t.segment))
                })
            };
            let anchored_in =
                |seg: Option<u16>, q: &[QTerm]| deal.anchors.iter().any(|ids| holds(ids, seg, q));
            let anchored = anchored_in(None, q);
            named_deals[d] = anchored;
            // Named by no more than a party's name ("rice prices in japan", not "the japan
            // deal"): a word of another subject counts against the sentence holding it.
            let by_name_only = anchored
                && !deal
                    .anchors
                    .iter()
                    .zip(&deal.party_only)
                    .any(|(ids, &party)| !party && holds(ids, None, q))
                && !q.iter().any(super::evidence::names_a_deal);
            let foreign = deal.names_another(q, None);
            // Another country and the deal not named: a near miss, unless the question is
            // about other countries as a topic is, naming more than one ("does this put
            // pressure on korea and the eu"): then only the topics whose curator wrote of
            // other countries may answer.
            let country_topics = if foreign && !anchored {
                explain.push(format!("deal {d}: names another country or institution"));
                match self.vocab.get(COUNTRY) {
                    Some(&id) if deal.others_named(q) >= 2 => Some(&self.postings[id as usize]),
                    _ => continue,
                }
            } else {
                None
            };
            let mut deal_q = self.deal_question(deal, q, anchored, foreign, &in_names);
            let Figures {
                wrong,
                close,
                notes,
            } = match &mut deal_q {
                std::borrow::Cow::Owned(v) => self.substitute_figures(deal, v),
                std::borrow::Cow::Borrowed(_) => Figures::default(),
            };
            // Beside the pledge's own figure, another figure is compared with the pledge.
            let wrong = wrong && !self.names_pledge(deal, q);
            if wrong && !anchored && !close {
                explain.push(format!("deal {d}: a figure it does not hold, unanchored"));
                continue;
            }
            figures.extend(notes.into_iter().map(|n| (d, n)));
            let mut penalty = if foreign { FOREIGN_FACTOR } else { 1.0 };
            if wrong && !anchored {
                penalty *= CLOSE_FIGURE_FACTOR;
            }
            if !anchored {
                if other_subject {
                    penalty *= super::evidence::OTHER_SUBJECT_FACTOR;
                }
                penalty *= UNKNOWN_NAME_FACTOR.powi(unknown_names as i32);
                if named_programme {
                    penalty *= PROGRAMME_FACTOR;
                }
            }
            let tails = name_tails(&deal_q, deal);
            // Units: the whole question, then each segment when there are several.
            let units =
                std::iter::once(None).chain((0..n_segments).filter(|_| n_segments > 1).map(Some));
            for unit in units {
                if unit.is_some()
                    && ((deal.names_another(&deal_q, unit) && !anchored_in(unit, &deal_q))
                        || !self.says_something(&deal_q, unit))
                {
                    continue;
                }
                self.score_unit(&deal_q, unit, deal, &tails, &mut tally, &mut touched);
                let penalty = if by_name_only && super::evidence::off_subject(unit, &deal_q) {
                    penalty * super::evidence::OTHER_SUBJECT_FACTOR
                } else {
                    penalty
                };
                for &t in &touched {
                    let t = t as usize;
                    // Only everyday words ("time", "year", "person") for this topic.
                    let everyday = if std::mem::take(&mut tally.specific[t]) {
                        1.0
                    } else {
                        EVERYDAY_FACTOR
                    };
                    let score = std::mem::take(&mut tally.acc[t]) * penalty * everyday;
                    if country_topics
                        .is_some_and(|p| !self.answers_for_countries(p, t as u32, &deal_q))
                    {
                        continue;
                    }
                    if unit.is_none() && score > 0.0 {
                        tally.whole[t] = score;
                    }
                    tally.raise(t, score);
                }
                touched.clear();
            }
        }
        if tracing::enabled!(tracing::Level::DEBUG) {
            for t in q.iter() {
                let Some(id) = t.id else { continue };
                let id = id as usize;
                explain.push(format!(
                    "{} (x{:.2}, idf {:.2}, in {} topics)",
                    t.term.key(),
                    t.factor,
                    self.idf[id],
                    self.postings[id].len()
                ));
            }
        }

        let ranked = best_few(&tally);
        tally.give_back();
        let ctx = Ranked {
            named_deals: &named_deals,
            in_names: &in_names,
            figures,
            explain,
        };
        self.decide(q, ranked, ctx, threshold)
    }

    /// The outcome of a ranking (the best few, best first: [`best_few`]): confident matches
    /// (with the figure notes of the deals answered) or suggestions.
    fn decide(&self, q: &[QTerm], ranked: Vec<Scored>, ctx: Ranked<'_>, threshold: f32) -> Outcome {
        let Ranked {
            named_deals,
            in_names,
            figures,
            explain,
        } = ctx;
        let top = ranked.first().map_or(0.0, |s| s.score);
        // (A leader at or above the threshold needs no second look.)
        let threshold = if top < threshold && self.clear_leader(q, &ranked, named_deals, in_names) {
            threshold.min(top)
        } else {
            threshold
        };
        let mut out = Outcome {
            explain,
            ..Outcome::default()
        };
        if top >= threshold {
            out.matches = ranked
                .into_iter()
                .filter(|s| s.score >= threshold && s.score >= RELATIVE * top)
                .take(MAX_MATCHES)
                .collect();
            // Notes only of the deals answered, each once.
            for (d, note) in figures {
                let answered = out
                    .matches
                    .iter()
                    .any(|m| self.deal_of[m.topic as usize] as usize == d);
                if answered && !out.figures.contains(&note) {
                    out.figures.push(note);
                }
            }
            let answered = out.matches.iter().map(|m| m.topic);
            self.add_topic_figure_notes(q, answered, &mut out.figures);
        } else {
            out.suggestions = ranked
                .into_iter()
                .filter(|s| s.score >= SUGGEST_MIN)
                .take(MAX_SUGGESTIONS)
                .collect();
        }
        out
    }

    /// The question as one deal reads it: another country is one of the "other countries"
    /// its topics may speak of ("meant to pressure Korea and the EU"); unless the deal is
    /// named, words inside other names (`in_names`) are not its words. Copied only when
    /// something may change (a figure may be substituted later); most questions are not.
    fn deal_question<'q>(
        &self,
        deal: &super::index::DealInfo,
        q: &'q [QTerm],
        anchored: bool,
        foreign: bool,
        in_names: &[usize],
    ) -> std::borrow::Cow<'q, [QTerm]> {
        if !has_figure(q) && !foreign && (anchored || in_names.is_empty()) {
            return std::borrow::Cow::Borrowed(q);
        }
        let mut v = q.to_vec();
        if let Some(&country) = self.vocab.get(COUNTRY) {
            for t in v.iter_mut().filter(|t| {
                t.id.is_none() && matches!(t.term, Term::Entity(e) if !deal.parties.contains(&e))
            }) {
                t.id = Some(country);
                t.factor = COUNTRY_FACTOR;
            }
        }
        if !anchored {
            for &i in in_names {
                v[i].id = None;
                v[i].factor = 1.0;
            }
        }
        std::borrow::Cow::Owned(v)
    }

    /// Whether a sentence says enough to be scored on its own: one of its words is a topic's
    /// one-word alias, or two are words the base knows that are not common English. "wait,
    /// was it coming?" or "going next month" says nothing about a topic of its own.
    fn says_something(&self, q: &[QTerm], unit: Option<u16>) -> bool {
        // "rice??? in a trade deal??": a sentence of words for the deal alone names no topic.
        let generic_only = q
            .iter()
            .filter(|t| unit.is_none_or(|u| u == t.segment))
            .filter(|t| !t.phrase && !matches!(t.term, Term::Entity(_)))
            .filter(|t| t.id.is_some() || t.factor > 0.0)
            .all(|t| t.id.is_some_and(|id| self.generic[id as usize]));
        if generic_only {
            return false;
        }
        let mut known = 0;
        for t in q {
            let Some(id) = t.id.filter(|_| {
                unit.is_none_or(|u| u == t.segment) && !matches!(t.term, Term::Entity(_))
            }) else {
                continue;
            };
            if self.curated[id as usize] {
                return true;
            }
            known += usize::from(!self.common[id as usize]);
        }
        known >= 2
    }

    /// Appends a phrase term for each run of 2-3 consecutive terms (in one segment) that is
    /// a known alias phrase.
    fn add_phrases(&self, q: &mut Vec<QTerm>) {
        let words = q.len();
        // Phrases match on the corrected word when a typo was forgiven.
        let keys: Vec<std::borrow::Cow<'_, str>> = q
            .iter()
            .map(|t| match t.id.and_then(|id| self.words.get(id as usize)) {
                Some(w) if t.factor < 1.0 => std::borrow::Cow::Borrowed(&**w),
                _ => t.term.key(),
            })
            .collect();
        let mut found: Vec<(u32, u16, CompactString)> = Vec::new();
        let mut key = String::new();
        for start in 0..words {
            if !self.phrase_heads.contains(&*keys[start]) {
                continue;
            }
            for len in 2..=MAX_PHRASE {
                let end = start + len;
                if end > words || q[end - 1].segment != q[start].segment {
                    break;
                }
                key.clear();
                key.push('~');
                for (i, k) in keys[start..end].iter().enumerate() {
                    if i > 0 {
                        key.push(' ');
                    }
                    key.push_str(k);
                }
                if let Some(&id) = self.vocab.get(key.as_str()) {
                    found.push((id, q[start].segment, key.as_str().into()));
                }
            }
        }
        q.extend(found.into_iter().map(|(id, segment, key)| QTerm {
            id: Some(id),
            factor: 1.0,
            segment,
            term: Term::Word(key),
            phrase: true,
            name: false,
        }));
    }
}

/// Best first: score, then the score for the whole question, then topic order.
fn ranking(a: &(Scored, f32), b: &(Scored, f32)) -> std::cmp::Ordering {
    (b.0.score.total_cmp(&a.0.score))
        .then(b.1.total_cmp(&a.1))
        .then(a.0.topic.cmp(&b.0.topic))
}

/// The lit topics that can be shown (only the best few ever are), best first: one pass
/// over them, nothing sorted but the few (a large base lights thousands).
fn best_few(tally: &Tally) -> Vec<Scored> {
    let keep = MAX_MATCHES.max(MAX_SUGGESTIONS);
    let mut few: Vec<(Scored, f32)> = Vec::with_capacity(keep + 1);
    for &t in &tally.lit {
        let s = Scored {
            topic: t,
            score: tally.best[t as usize],
        };
        let s = (s, tally.whole[t as usize]);
        if few.len() == keep && few.last().is_some_and(|w| ranking(&s, w).is_ge()) {
            continue;
        }
        let at = few.partition_point(|x| ranking(x, &s).is_lt());
        few.insert(at, s);
        few.truncate(keep);
    }
    few.into_iter().map(|(s, _)| s).collect()
}
