//! The answer to a question, independent of where it is shown: the CLI renders it as plain
//! text or JSON, the Discord layer as an embed.

use std::fmt::Write as _;

use serde::Serialize;

use crate::facts::{FactBase, Status, TopicRef};
use crate::matcher::FigureNote;

/// Longest question accepted, in characters.
pub const MAX_QUESTION_CHARS: usize = 1000;

/// Why a question was not even looked up. Shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuestionError {
    /// Nothing but whitespace.
    #[error("the question is empty: ask something like \"is Japan's $550 billion a loan?\"")]
    Empty,
    /// Over [`MAX_QUESTION_CHARS`].
    #[error("the question is {0} characters long; the limit is {MAX_QUESTION_CHARS}")]
    TooLong(usize),
}

/// Checks a question before matching.
pub fn check_question(question: &str) -> Result<&str, QuestionError> {
    let q = question.trim();
    let n = q.chars().count();
    if n == 0 {
        Err(QuestionError::Empty)
    } else if n > MAX_QUESTION_CHARS {
        Err(QuestionError::TooLong(n))
    } else {
        Ok(q)
    }
}

/// Where a statement was reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRef {
    /// How the source is cited.
    pub title: String,
    /// Link, only where known.
    pub url: Option<String>,
}

/// One statement with its attribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attributed {
    /// The statement id (for moderators; not part of the JSON contract).
    #[serde(skip)]
    pub id: String,
    /// The claim.
    pub text: String,
    /// Who said it.
    pub speaker: String,
    /// The side it speaks for, or "neither".
    pub party: String,
    /// Where it was reported.
    pub source: SourceRef,
}

impl Attributed {
    /// "Speaker (party); source" as shown after each statement.
    pub fn attribution(&self) -> String {
        let party = if self.party == crate::facts::NEITHER {
            "for neither side".to_string()
        } else {
            format!("for {}", self.party)
        };
        format!(
            "{}, {party}; reported in: {}",
            self.speaker, self.source.title
        )
    }
}

/// One matched topic with its statements by status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicAnswer {
    /// Topic id.
    pub topic: String,
    /// Topic title.
    pub title: String,
    /// Confidence in [0, 1], rounded to 3 places.
    pub score: f64,
    /// The deal's title (shown, not part of the JSON contract).
    #[serde(skip)]
    pub deal: String,
    /// What was claimed or announced.
    pub announced: Vec<Attributed>,
    /// What was later clarified or disputed.
    pub clarified: Vec<Attributed>,
    /// What is still open.
    pub under_negotiation: Vec<Attributed>,
}

impl TopicAnswer {
    /// The statements under one status.
    pub fn section(&self, status: Status) -> &[Attributed] {
        match status {
            Status::Announced => &self.announced,
            Status::Clarified => &self.clarified,
            Status::UnderNegotiation => &self.under_negotiation,
        }
    }
}

/// A topic that came close.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// Topic id.
    pub topic: String,
    /// Topic title.
    pub title: String,
    /// Confidence in [0, 1], rounded to 3 places.
    pub score: f64,
}

/// The whole answer. Its JSON form is the `ask --json` contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reply {
    /// The question as asked (trimmed).
    pub question: String,
    /// Confident matches, best first; empty when nothing is confident.
    pub matches: Vec<TopicAnswer>,
    /// Closest topics when nothing is confident.
    pub suggestions: Vec<Suggestion>,
    /// Figures asked about that differ from the record (shown, not in the JSON contract).
    #[serde(skip)]
    pub figures: Vec<FigureNote>,
    /// Titles of the deals the fact base covers, to say what it does know.
    #[serde(skip)]
    pub known_deals: Vec<String>,
}

fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

impl Reply {
    /// Answers a question from a fact base. The question must have passed [`check_question`].
    pub fn answer(facts: &FactBase, question: &str) -> Reply {
        let outcome = facts.index().search(question);
        let matches = outcome
            .matches
            .iter()
            .map(|m| Reply::topic_answer(facts, facts.topic_ref_at(m.topic), m.score))
            .collect();
        let suggestions = outcome
            .suggestions
            .iter()
            .map(|s| {
                let (_, t) = facts.get(facts.topic_ref_at(s.topic));
                Suggestion {
                    topic: t.id.clone(),
                    title: t.title.clone(),
                    score: round3(s.score),
                }
            })
            .collect();
        tracing::debug!(question, terms = ?outcome.explain, "matched");
        Reply {
            question: question.trim().to_string(),
            matches,
            suggestions,
            figures: outcome.figures,
            known_deals: facts.deals().iter().map(|d| d.title.clone()).collect(),
        }
    }

    /// A topic's full answer (for `/topic`, where the user picked it).
    pub fn topic_answer(facts: &FactBase, r: TopicRef, score: f32) -> TopicAnswer {
        let (deal, topic) = facts.get(r);
        let mut answer = TopicAnswer {
            topic: topic.id.clone(),
            title: topic.title.clone(),
            score: round3(score),
            deal: deal.title.clone(),
            announced: Vec::new(),
            clarified: Vec::new(),
            under_negotiation: Vec::new(),
        };
        for s in facts.statements_for(deal, topic) {
            let source = deal.sources.get(&s.source);
            let a = Attributed {
                id: s.id.clone(),
                text: s.text.clone(),
                speaker: s.speaker.clone(),
                party: s.party.clone(),
                source: SourceRef {
                    title: source.map_or_else(|| s.source.clone(), |x| x.title.clone()),
                    url: source.and_then(|x| x.url.clone()),
                },
            };
            match s.status {
                Status::Announced => answer.announced.push(a),
                Status::Clarified => answer.clarified.push(a),
                Status::UnderNegotiation => answer.under_negotiation.push(a),
            }
        }
        answer
    }

    /// The sentence said when nothing matched.
    pub fn no_match_text(&self) -> String {
        let mut s = String::from("I don't have facts on that");
        if !self.known_deals.is_empty() {
            let _ = write!(s, ". I know about: {}", self.known_deals.join("; "));
        }
        s.push('.');
        s
    }

    /// The figure notes as sentences.
    pub fn figure_lines(&self) -> Vec<String> {
        self.figures
            .iter()
            .map(|f| format!("The figure on record is {}, not {}.", f.on_record, f.asked))
            .collect()
    }

    /// Plain text, the CLI's output: the same content as the Discord reply.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.matches.is_empty() {
            let _ = writeln!(out, "No confident match. {}", self.no_match_text());
            if !self.suggestions.is_empty() {
                let _ = writeln!(out, "\nDid you mean:");
                for s in &self.suggestions {
                    let _ = writeln!(out, "  - {} (topic {})", s.title, s.topic);
                }
            }
            return out;
        }
        for line in self.figure_lines() {
            let _ = writeln!(out, "Note: {line}\n");
        }
        for (i, m) in self.matches.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let _ = writeln!(out, "{}", m.title);
            let _ = writeln!(out, "({}; topic {}; score {:.2})", m.deal, m.topic, m.score);
            for status in Status::ALL {
                let _ = writeln!(out, "\n{}:", status.heading());
                let items = m.section(status);
                if items.is_empty() {
                    let _ = writeln!(out, "  (nothing on record)");
                }
                for a in items {
                    let _ = writeln!(out, "  - {}", a.text);
                    let _ = writeln!(out, "    -- {}", a.attribution());
                }
            }
        }
        out
    }
}
