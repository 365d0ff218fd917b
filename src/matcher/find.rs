//! The matcher's one entry point, [`find`]: a question becomes a topic answer, a speaker
//! reply ("anything from Akazawa?"), a deal overview ("where are we on the japan deal?"),
//! or no match with suggestions.
//!
//! Steps: prepare the question's terms once ([`Index::prepare`]); if it names a speaker and
//! asks about them (or says little else), answer with the speaker unless the rest of the
//! question is a confident topic of its own; rank the topics ([`Index::rank`]); if the
//! question is about the deal as a whole (it names the deal and asks for news, or names
//! nothing more specific, or one clause of a longer message does), answer with the
//! overview unless a topic is asked about.

use super::index::Index;
use super::intent;
use super::normalize::Term;
use super::qterm::QTerm;
use super::score::{Outcome, THRESHOLD};

/// What kind of answer a question gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Confident topic matches (in the outcome).
    Topics,
    /// The statements of one speaker: deal number and speaker number in that deal.
    Speaker {
        /// Deal index in the fact base.
        deal: u32,
        /// Speaker index in the deal.
        speaker: u32,
    },
    /// The deal as a whole.
    Overview {
        /// Deal index in the fact base.
        deal: u32,
    },
    /// Nothing confident (the outcome may hold suggestions).
    NoMatch,
}

/// The answer's kind, with the topic ranking it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Topic answer, speaker reply, deal overview or no match.
    pub kind: Kind,
    /// The topic ranking (matches only for [`Kind::Topics`]).
    pub outcome: Outcome,
}

/// Below this, a topic matched in a speaker question about an unknown subject is not kept.
const WEAK_TOPIC: f32 = 0.6;

/// Answers the question: see the module documentation. Pure and deterministic.
pub fn find(facts: &super::Snapshot, question: &str) -> Found {
    let index = facts.index();
    let q = index.prepare(question);
    let outcome = index.rank(&q, THRESHOLD);
    let deal = overview(index, &q);
    // Another country or institution, and nothing tying the question to a deal: a near miss,
    // whoever is named in it.
    if deal.is_none()
        && q.iter()
            .any(|t| matches!(t.term, Term::Entity(_)) && !is_party(index, t))
    {
        return topics(outcome);
    }
    // What the words ask is read from the text only when a speaker or the deal is named.
    let asks = std::cell::OnceCell::new();
    let asks = || asks.get_or_init(|| intent::asks(question));
    let outcome = match speaker_reply(index, &q, asks, outcome) {
        Ok(found) => return found,
        Err(outcome) => outcome,
    };
    match deal {
        Some(deal)
            if is_overview(index, &q, asks, deal, &outcome)
                || clause_is_overview(index, question, deal, asks) =>
        {
            Found {
                kind: Kind::Overview { deal },
                outcome,
            }
        }
        _ => topics(outcome),
    }
}

/// Whether one clause of a longer message asks for the deal's news, names the deal and
/// nothing more specific ("been offline for a week, what happened with japan and the 550
/// billion"): that clause is the question, the rest the ramble around it. Only a message
/// of several clauses that asks for the news somewhere is read clause by clause.
fn clause_is_overview<'a>(
    index: &Index,
    question: &str,
    deal: u32,
    asks: impl Fn() -> &'a intent::Asks,
) -> bool {
    let names = &index.deals[deal as usize].speaker_ids;
    let clauses = clauses(question);
    // One clause: the whole question, already read.
    clauses.len() > 1
        && asks().overview
        && clauses.iter().any(|c| {
            let asks = intent::asks(c);
            asks.overview && !asks.reported && {
                let q = index.prepare(c);
                // Another country counts as content ([`content_terms`]).
                overview(index, &q) == Some(deal)
                    && content_terms(index, &q, deal, names, None, false) == 0
            }
        })
}

/// A message's clauses: split at commas, semicolons, newlines and sentence ends (a full
/// stop only before a space, not in `U.S.` or `5.5`), Japanese punctuation too.
fn clauses(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends = match c {
            ',' | ';' | '?' | '!' | '\n' | '。' | '、' | '？' | '！' => true,
            '.' => chars.peek().is_none_or(|(_, n)| n.is_whitespace()),
            _ => false,
        };
        if ends {
            out.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&text[start..]);
    out.retain(|c| !c.trim().is_empty());
    out
}

/// A speaker reply when the question names a speaker and asks what they said (or says
/// little else), unless the rest is a confident topic of its own ("what did Akazawa say
/// about the review?") or a subject the base does not know ("what did Lutnick say about
/// the tiktok sale?": no match). `Err` gives the outcome back when it is no speaker question.
fn speaker_reply<'a>(
    index: &Index,
    q: &[QTerm],
    asks: impl Fn() -> &'a intent::Asks,
    outcome: Outcome,
) -> Result<Found, Outcome> {
    let Some((deal, speaker, names)) = named_speaker(index, q) else {
        return Err(outcome);
    };
    let asks = asks();
    // "Akazawa?" says nothing else at all; what is asked about him leaves common words out.
    let said_else = content_terms(index, q, deal, &names, None, true) > 0;
    let rest = content_terms(index, q, deal, &names, None, false);
    // "The latest from Akazawa", "ラトニック氏の発言まとめて": the speaker as a whole.
    let speaker_summary = asks.overview && asks.person && rest == 0;
    if (asks.overview && !speaker_summary) || (!asks.person && said_else) {
        return Err(outcome);
    }
    // "Trump says Japan will pay for it": the claim, when it is a topic.
    if asks.reported && !outcome.matches.is_empty() {
        return Ok(topics(outcome));
    }
    // Mostly a subject the base does not know ("...about the census") and no topic is
    // clearly asked: nothing to answer, even where the speaker's name is a topic's alias.
    let weak = outcome.matches.first().is_none_or(|m| m.score < WEAK_TOPIC);
    if rest > 0 && weak && unknown_words(q, None) * 2 >= rest {
        return Ok(topics(Outcome {
            matches: Vec::new(),
            suggestions: outcome.suggestions,
            ..Outcome::default()
        }));
    }
    if rest > 0 && !outcome.matches.is_empty() {
        return Ok(topics(outcome));
    }
    Ok(Found {
        kind: Kind::Speaker { deal, speaker },
        outcome: Outcome::default(),
    })
}

/// Whether the question is about the deal as a whole: only the deal's names, speakers,
/// generic and vague words and the asking, and it asks for the news of the deal in so many
/// words or no topic is confident. Unknown words ("tokyo weather") ask about something else.
/// With no confident topic, only the last sentence naming the deal counts (the one that
/// asks, after a ramble).
fn is_overview<'a>(
    index: &Index,
    q: &[QTerm],
    asks: impl Fn() -> &'a intent::Asks,
    deal: u32,
    outcome: &Outcome,
) -> bool {
    let info = &index.deals[deal as usize];
    let names = &info.speaker_ids;
    let unit = if outcome.matches.is_empty() {
        q.iter()
            .filter(|t| {
                t.id.is_some_and(|id| info.anchors.iter().any(|a| a.contains(&id)))
            })
            .map(|t| t.segment)
            .max()
    } else {
        None
    };
    // Two topics matched equally well by the deal's names alone, with a word for a deal
    // itself ("what is the japan deal?", "the pact"): no topic is asked about more than the
    // deal. Its figure or its money asks what the pledge is ("the japan 550bn investment
    // promise, what is it", "is the jp money even real"): the headline's topic.
    let tied = outcome
        .matches
        .get(1)
        .is_some_and(|m| m.score >= outcome.matches[0].score);
    let undecided = outcome.matches.is_empty()
        || (tied
            && q.iter().any(super::evidence::names_a_deal)
            && !q.iter().any(|t| matches!(t.term, Term::Money(_))));
    content_terms(index, q, deal, names, unit, false) == 0
        && (asks().overview || (undecided && unknown_words(q, unit) == 0))
}

/// How many of the question's words (in `unit`, if given) the base does not know and that
/// are neither generic, asking nor vague: they usually name another subject.
fn unknown_words(q: &[QTerm], unit: Option<u16>) -> usize {
    q.iter()
        .filter(|t| unit.is_none_or(|u| u == t.segment))
        .filter(|t| {
            t.id.is_none()
                && t.factor > 0.0
                && matches!(&t.term, Term::Word(w) if !intent::says_nothing(w)
                    && !intent::is_misspelt_asking(w))
        })
        .count()
}

fn topics(outcome: Outcome) -> Found {
    let kind = if outcome.matches.is_empty() {
        Kind::NoMatch
    } else {
        Kind::Topics
    };
    Found { kind, outcome }
}

/// Whether an entity term is a party of some deal (Japan, the United States).
fn is_party(index: &Index, t: &QTerm) -> bool {
    matches!(t.term, Term::Entity(e) if index.deals.iter().any(|d| d.parties.contains(&e)))
}

/// The speaker named first in the question (one of whose names it holds in full): deal,
/// speaker, and the term ids of all their names (none of them says what is asked about
/// them, sorted). "Has the WH walked back what Trump said" is about the White House.
fn named_speaker(index: &Index, q: &[QTerm]) -> Option<(u32, u32, Vec<u32>)> {
    let at = |id: &u32| q.iter().position(|t| t.id == Some(*id));
    let mut best: Option<(usize, u32, u32)> = None;
    for (d, info) in index.deals.iter().enumerate() {
        // Most questions name nobody: one look per term before the aliases.
        let names_any = q.iter().any(|t| {
            t.id.is_some_and(|id| info.speaker_ids.binary_search(&id).is_ok())
        });
        if !names_any {
            continue;
        }
        // Where a name of several terms is written, its terms in a row (`japan's government`,
        // not "Tokyo ... govt-run banks").
        let words: Vec<(usize, Option<u32>)> = q
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                !t.phrase && !matches!(&t.term, Term::Word(w) if super::frames::is_frame(w))
            })
            .map(|(i, t)| (i, t.id))
            .collect();
        let at_run = |ids: &[u32]| -> Option<usize> {
            if ids.len() == 1 {
                return at(&ids[0]);
            }
            words
                .windows(ids.len())
                .find(|w| {
                    w.iter()
                        .zip(ids)
                        .all(|((_, got), want)| *got == Some(*want))
                })
                .map(|w| w[0].0)
        };
        for (s, aliases) in info.speakers.iter().enumerate() {
            // Where the alias is named (its first term), if its terms stand together.
            let first = aliases.iter().filter_map(|a| at_run(a)).min();
            if let Some(p) = first.filter(|p| best.is_none_or(|(b, _, _)| *p < b)) {
                best = Some((p, d as u32, s as u32));
            }
        }
    }
    best.map(|(_, d, s)| {
        let mut names = index.deals[d as usize].speakers[s as usize].concat();
        names.sort_unstable();
        (d, s, names)
    })
}

/// The deal the question names (by one of its aliases), if any.
fn overview(index: &Index, q: &[QTerm]) -> Option<u32> {
    index
        .deals
        .iter()
        .position(|info| {
            info.anchors
                .iter()
                .any(|a| a.iter().all(|id| q.iter().any(|t| t.id == Some(*id))))
        })
        .map(|d| d as u32)
}

/// How many of the question's terms say something more specific than deal `deal`: words,
/// figures and other countries (in `unit`, if given) that are not the deal's own aliases,
/// generic, asking or vague words, or `skip` (sorted); words common in English only if
/// `common`.
fn content_terms(
    index: &Index,
    q: &[QTerm],
    deal: u32,
    skip: &[u32],
    unit: Option<u16>,
    common: bool,
) -> usize {
    q.iter()
        .filter(|t| unit.is_none_or(|u| u == t.segment))
        .filter(|t| !t.phrase && (t.id.is_some() || t.factor >= 1.0))
        .filter(|t| common || t.id.is_none_or(|id| !index.common[id as usize]))
        .filter(|t| match &t.term {
            // Generic and asking words, and Japanese bigrams with kana of grammar in them
            // (`氏は`, `と言`), say nothing ([`intent::says_nothing`]). A known word (a
            // misspelt one is the word it was read as: `tradd`, trade) was read at load
            // ([`Index::vague`]).
            Term::Word(w) => match t.id {
                Some(id) => !index.vague[id as usize],
                None => !intent::says_nothing(w) && !intent::is_misspelt_asking(w),
            },
            // A figure a topic's curator wrote as an alias names the pledge as its aliases
            // do ("the half-trillion thing"); another figure asks about that amount.
            Term::Money(_) => t.id.is_none_or(|id| !index.curated[id as usize]),
            Term::Percent(_) => true,
            // Another country is another subject ("did trump and the japanese pm talk about
            // north korea"); a party is the deal.
            Term::Entity(e) => !index.deals[deal as usize].parties.contains(e),
            Term::Number(_) => false,
        })
        .filter(|t| {
            t.id.is_none_or(|id| {
                skip.binary_search(&id).is_err()
                    && !index
                        .deals
                        .iter()
                        .any(|d| d.anchors.iter().any(|a| a.contains(&id)))
            })
        })
        .count()
}
