//! The matcher's one entry point, [`find`]: a question becomes a topic answer, a speaker
//! reply ("anything from Akazawa?"), a deal overview ("where are we on the japan deal?"),
//! or no match with suggestions.
//!
//! Steps: prepare the question's terms once ([`Index::prepare`]); if it names a speaker and
//! asks about them (or says little else), answer with the speaker unless the rest of the
//! question is a confident topic of its own; rank the topics ([`Index::rank`]); if the
//! question is about the deal as a whole (it names the deal and asks for news, or names
//! nothing more specific), answer with the overview unless a topic is asked about.

use super::index::Index;
use super::normalize::Term;
use super::score::{Outcome, QTerm, THRESHOLD};

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

/// Words that ask what someone said (lowercase; Japanese ones matched inside the text).
const PERSON_WORDS: [&str; 28] = [
    "say",
    "said",
    "says",
    "saying",
    "comment",
    "comments",
    "commented",
    "position",
    "stance",
    "stand",
    "stands",
    "view",
    "views",
    "think",
    "thinks",
    "quote",
    "quotes",
    "response",
    "respond",
    "responded",
    "statement",
    "statements",
    "told",
    "anything",
    "confirm",
    "confirmed",
    "deny",
    "denied",
];
const PERSON_JA: [&str; 8] = [
    "言っ", "発言", "見解", "立場", "述べ", "話し", "何と", "主張",
];

/// Words that ask about the deal as a whole.
const OVERVIEW_WORDS: [&str; 19] = [
    "update",
    "updates",
    "status",
    "news",
    "latest",
    "overview",
    "summary",
    "summarize",
    "recap",
    "rundown",
    "gist",
    "tldr",
    "fill",
    "story",
    "happening",
    "done",
    "finished",
    "situation",
    "whole",
];
const OVERVIEW_PHRASES: [&str; 4] = [
    "where are we",
    "where do things stand",
    "what's going on",
    "whats going on",
];
const OVERVIEW_JA: [&str; 7] = ["状況", "進捗", "最新", "概要", "現状", "結局", "まとめ"];

/// Terms that only say "the deal" (stems): they name it without asking about a part of it.
const GENERIC: [&str; 16] = [
    "deal",
    "thing",
    "stuff",
    "money",
    "invest",
    "pledg",
    "agreement",
    "trade",
    "framework",
    "promis",
    "whole",
    "japan",
    "us",
    "america",
    "billion",
    "pact",
];

/// The stems of the intent words: they ask, they are not what is asked about.
fn intent_stems() -> &'static std::collections::HashSet<String> {
    static STEMS: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    STEMS.get_or_init(|| {
        let norm = super::normalize::Normalizer::default();
        let mut stems: std::collections::HashSet<String> = PERSON_WORDS
            .iter()
            .chain(&OVERVIEW_WORDS)
            .map(|w| norm.stem(w))
            .collect();
        // Japanese asking words, as the bigrams they are indexed as.
        for w in PERSON_JA.iter().chain(&OVERVIEW_JA) {
            stems.extend(super::cjk::terms(w));
        }
        stems
    })
}

fn is_hiragana(c: char) -> bool {
    ('\u{3040}'..='\u{309f}').contains(&c)
}

/// What the question's words ask for, found in one pass over them.
#[derive(Default)]
struct Asks {
    /// What someone said.
    person: bool,
    /// The deal as a whole.
    overview: bool,
    /// `where` or `going`: "where are we", "what's going on" may follow.
    phrase_start: bool,
}

/// The question's asking words, in any case, letters repeated for effect squeezed.
fn asks(text: &str) -> Asks {
    static SETS: std::sync::OnceLock<[rustc_hash::FxHashSet<&'static str>; 2]> =
        std::sync::OnceLock::new();
    let [person, overview] = SETS.get_or_init(|| {
        [
            PERSON_WORDS.iter().copied().collect(),
            OVERVIEW_WORDS.iter().copied().collect(),
        ]
    });
    let mut out = Asks::default();
    let mut lower = String::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() || w.len() > 24 {
            continue;
        }
        let w = if w.bytes().any(|b| b.is_ascii_uppercase()) {
            lower.clear();
            lower.push_str(w);
            lower.make_ascii_lowercase();
            lower.as_str()
        } else {
            w
        };
        let w = super::chat::squeeze(w);
        out.person |= person.contains(w.as_ref());
        out.overview |= overview.contains(w.as_ref());
        out.phrase_start |= matches!(w.as_ref(), "where" | "going");
    }
    out
}

/// Whether the text holds one of the Japanese words (only looked for in non-ASCII text).
fn has_ja(question: &str, list: &[&str]) -> bool {
    !question.is_ascii() && list.iter().any(|w| question.contains(w))
}

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
    let words = asks(question);
    let asks_overview = words.overview
        || has_ja(question, &OVERVIEW_JA)
        || (words.phrase_start && {
            let lower = question.to_lowercase();
            OVERVIEW_PHRASES.iter().any(|p| lower.contains(p))
        });
    let person = words.person || has_ja(question, &PERSON_JA);
    if let Some((deal, speaker, names)) = named_speaker(index, &q) {
        let rest = content_terms(index, &q, &names);
        if !asks_overview && (person || rest == 0) {
            // "What did Akazawa say about the review?" is about the review.
            if !outcome.matches.is_empty() && rest > 0 {
                return topics(outcome);
            }
            return Found {
                kind: Kind::Speaker { deal, speaker },
                outcome: Outcome::default(),
            };
        }
    }
    if let Some(deal) = deal {
        // Only the deal's names, generic words and the asking: the deal as a whole.
        // Unknown words ("tokyo weather") ask about something else, unless the question asks
        // for the news of the deal in so many words.
        let unknown = q.iter().any(|t| {
            t.id.is_none()
                && t.factor > 0.0
                && matches!(&t.term, Term::Word(w) if !w.chars().any(is_hiragana)
                    && !GENERIC.contains(&w.as_str()) && !intent_stems().contains(w))
        });
        if content_terms(index, &q, &[]) == 0
            && (asks_overview || (outcome.matches.is_empty() && !unknown))
        {
            return Found {
                kind: Kind::Overview { deal },
                outcome,
            };
        }
    }
    topics(outcome)
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

/// The first speaker one of whose names the question holds in full: deal, speaker, and the
/// term ids of all their names (none of them says what is asked about them).
fn named_speaker(index: &Index, q: &[QTerm]) -> Option<(u32, u32, Vec<u32>)> {
    let ids: Vec<u32> = q.iter().filter_map(|t| t.id).collect();
    index.deals.iter().enumerate().find_map(|(d, info)| {
        info.speakers.iter().enumerate().find_map(|(s, aliases)| {
            aliases
                .iter()
                .any(|a| a.iter().all(|id| ids.contains(id)))
                .then(|| (d as u32, s as u32, aliases.concat()))
        })
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

/// How many of the question's terms say something more specific than "the deal": words
/// and figures that are not the deal's own aliases, generic words, or `skip`.
fn content_terms(index: &Index, q: &[QTerm], skip: &[u32]) -> usize {
    q.iter()
        .filter(|t| !t.phrase && (t.id.is_some() || t.factor >= 1.0))
        .filter(|t| match &t.term {
            // A Japanese bigram with kana of grammar in it (`氏は`, `と言`) joins two words.
            Term::Word(w) if w.chars().any(is_hiragana) => false,
            Term::Word(w) => !GENERIC.contains(&w.as_str()) && !intent_stems().contains(w),
            Term::Money(_) | Term::Percent(_) => true,
            Term::Entity(_) | Term::Number(_) => false,
        })
        .filter(|t| {
            t.id.is_none_or(|id| {
                !skip.contains(&id)
                    && !index
                        .deals
                        .iter()
                        .any(|d| d.anchors.iter().any(|a| a.contains(&id)))
            })
        })
        .count()
}
