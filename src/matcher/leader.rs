//! When the best topic is confident below the threshold: it is well ahead of the next and
//! the question names its deal (see [`Index::clear_leader`]).

use super::index::Index;
use super::normalize::Term;
use super::qterm::QTerm;
use super::score::Scored;

/// A topic this sure, this far ahead of the next, in a question that names its deal, is
/// confident below the threshold (see `Index::clear_leader`). Measured on the development
/// sets: 0.40 and 1.6 gain 7 questions and lose none; 0.36 or a ratio of 1.3-1.4 gain up to
/// 11 and answer a question about Japan's pension fund.
const LEADER_MIN: f32 = 0.40;
/// How far ahead of the next topic a clear leader is (a factor).
const LEADER_RATIO: f32 = 1.6;
/// The same for a question naming the deal by a party alone ("can japan even afford
/// that"; see `Index::named_by_party_alone`). Measured on the development sets: 0.40 and
/// 0.42 each let one or two near misses through, 0.45 none.
const PARTY_LEADER_MIN: f32 = 0.45;
/// A topic this sure, in a question holding [`SPECIFIC_TERMS`] terms only it holds, is
/// confident below the threshold (see `Index::specific_leader`). Measured on the 20
/// development sets: 0.40 gains 10 English and 2 Japanese positives and loses nothing;
/// 0.35 gains 3 more and a near miss, 0.45 four fewer.
const SPECIFIC_MIN: f32 = 0.40;
/// How many terms held by one topic alone make a question specific to it; one does in a
/// question that names the deal as a deal ("the japan deal", "the 550b") when the topic
/// is [`SPECIFIC_ONE_RATIO`] ahead of the next. Measured on the development sets: +4
/// English positives, nothing lost; without the ratio +9 and +1 Japanese, but four new
/// wrong topics; named by a party alone ("rice prices in japan"), three near misses.
const SPECIFIC_TERMS: usize = 2;
/// How far ahead of the next topic a leader with one term of its own must be (a factor).
const SPECIFIC_ONE_RATIO: f32 = 1.25;
/// See `Index::named_by_party_alone`. Measured: 0 or 1 gain nothing, 2 gains six English
/// positives, 3 loses a near miss.
const PARTY_LEADER_UNKNOWN: usize = 2;

impl Index {
    /// Whether the best topic is confident below the threshold: the question names its deal
    /// and speaks of a deal ("the japan deal", "the 550b", "the trade framework", not only
    /// "japan"), and the topic is well ahead of the next ("does the US-Japan trade framework
    /// include any aircraft purchases?"). Words inside another name do not count
    /// ("Government Pension Investment Fund"). Named by a party alone ("can japan even
    /// afford that"), the leader must be surer ([`PARTY_LEADER_MIN`]) and the question
    /// free of other countries and of more than a couple of unknown words.
    pub(super) fn clear_leader(
        &self,
        q: &[QTerm],
        ranked: &[Scored],
        named_deals: &[bool],
        in_names: &[usize],
    ) -> bool {
        let speaks_of_a_deal = q.iter().enumerate().any(|(i, t)| match &t.term {
            Term::Word(w) => super::evidence::speaks_of_a_deal(w) && !in_names.contains(&i),
            Term::Money(_) => t.id.is_some(),
            _ => false,
        });
        ranked.first().is_some_and(|s| {
            let d = self.deal_of[s.topic as usize] as usize;
            // One term of its own, in a question naming the deal as a deal, if the topic is
            // ahead of the next.
            let ahead = ranked
                .get(1)
                .is_none_or(|r| r.score * SPECIFIC_ONE_RATIO <= s.score);
            let terms = if named_deals[d] && speaks_of_a_deal && ahead {
                1
            } else {
                SPECIFIC_TERMS
            };
            if s.score >= SPECIFIC_MIN && self.specific_leader(q, s.topic, d, terms) {
                return true;
            }
            let min = if speaks_of_a_deal {
                LEADER_MIN
            } else if self.named_by_party_alone(q, d) {
                PARTY_LEADER_MIN
            } else {
                return false;
            };
            named_deals[d]
                && s.score >= min
                && ranked
                    .get(1)
                    .is_none_or(|r| r.score * LEADER_RATIO <= s.score)
        })
    }

    /// Whether words this specific decide, even in a question that does not name the deal
    /// ("government banks lending it out or private companies writing checks"): it holds
    /// `terms` of `topic`'s own terms ([`Index::own_terms`]; see [`SPECIFIC_TERMS`]), at
    /// most one word the base does not know, and no other country, unknown name or word of
    /// another subject ([`super::evidence::is_other_subject`]: "stimulus checks").
    fn specific_leader(&self, q: &[QTerm], topic: u32, d: usize, terms: usize) -> bool {
        let mut unknown = 0;
        for t in q {
            match t.id {
                Some(_) => {}
                None if t.name => return false,
                // An unknown Japanese bigram in kanji or katakana weighs less than a word
                // but is as unknown; one with kana of grammar in it joins two words.
                None => {
                    let word = match &t.term {
                        Term::Word(w) if w.is_ascii() => t.factor >= 1.0,
                        Term::Word(w) => t.factor > 0.0 && !w.chars().any(super::cjk::is_hiragana),
                        _ => false,
                    };
                    unknown += usize::from(word);
                }
            }
        }
        unknown <= 1
            && !self.deals[d].names_another(q, None)
            && !q.iter().any(super::evidence::is_other_subject)
            && self.own_terms(q, topic, terms) == terms
    }

    /// How many of the question's terms (up to `max`, each once) only `topic` holds in the
    /// whole base, specific in English too (not everyday words, unless a curator's alias:
    /// `number` of "drop that number" is not), and not a speaker's name.
    pub(super) fn own_terms(&self, q: &[QTerm], topic: u32, max: usize) -> usize {
        let mut own: [u32; SPECIFIC_TERMS] = [u32::MAX; SPECIFIC_TERMS];
        let max = max.min(SPECIFIC_TERMS);
        // A speaker's name says who, not what (`japanese government`).
        let speakers = &self.deals[self.deal_of[topic as usize] as usize].speaker_ids;
        let mut n = 0;
        for t in q {
            let Some(id) = t.id else { continue };
            let p = &self.postings[id as usize];
            if p.len() == 1
                && p[0].0 == topic
                && self.is_specific(id, &t.term)
                && !own[..n].contains(&id)
                && speakers.binary_search(&id).is_err()
            {
                own[n] = id;
                n += 1;
                if n == max {
                    break;
                }
            }
        }
        n
    }

    /// Whether a question naming deal `d` by a party alone ("can japan even afford that")
    /// may still have a clear leader: it names no other country and holds at most
    /// [`PARTY_LEADER_UNKNOWN`] words the base does not know (more usually means another
    /// subject: "is tokyo super crowded with tourists this time of year").
    fn named_by_party_alone(&self, q: &[QTerm], d: usize) -> bool {
        let unknown = q
            .iter()
            .filter(|t| {
                t.id.is_none()
                    && t.factor >= 1.0
                    && matches!(&t.term, Term::Word(w) if w.is_ascii())
            })
            .count();
        !self.deals[d].names_another(q, None) && unknown <= PARTY_LEADER_UNKNOWN
    }
}
