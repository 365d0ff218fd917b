//! The answer to a question, independent of where it is shown: the CLI renders it as plain
//! text or JSON, the Discord layer as an embed.

//!
//! - `topic`: one topic's answer ([`TopicAnswer`]) and its blocks;
//! - `dates`: the "As of" line.

mod dates;
mod lang;
mod topic;

use std::fmt::Write as _;

use serde::Serialize;

use crate::facts::{FactBase, Statement, TopicRef};
use crate::matcher::Snapshot;
use crate::matcher::{FigureNote, Kind};

pub use dates::{as_of_line, days_of, today, STALE_DAYS};
pub use lang::{Lang, Word};
pub use topic::{side, Attributed, Block, Pair, SourceEntry, SourceRef, TopicAnswer};

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

/// A speaker's statements across topics: one answer (sources numbered once) and the topics
/// it spans, in fact-file order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerAnswer {
    /// The speaker's key in the fact file.
    pub speaker: String,
    /// How they are named.
    pub name: String,
    /// Every statement of theirs, by kind.
    pub answer: TopicAnswer,
    /// The topics their statements are filed under, each with its statement ids.
    pub topics: Vec<SpeakerTopic>,
}

/// One topic of a speaker reply.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerTopic {
    /// Topic id.
    pub topic: String,
    /// Topic title (in the reply's language where the file gives it).
    pub title: String,
    /// The speaker's statements under it.
    pub statements: Vec<String>,
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
    /// A speaker reply: the question asked what a person or office said.
    pub speaker: Option<SpeakerAnswer>,
    /// A deal overview: the question asked about the deal as a whole (its `topic` is the
    /// deal id).
    pub overview: Option<TopicAnswer>,
    /// The language the reply is shown in (`en`, `ja`).
    pub lang: Lang,
    /// Figures asked about that differ from the record, each as asked and as on record
    /// (`[{"asked": "$1 trillion", "on_record": "$550 billion"}]`; a key added after the
    /// first contract, always present).
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
    pub fn answer(facts: &Snapshot, question: &str) -> Reply {
        let lang = Lang::of(question);
        let found = crate::matcher::find(facts, question);
        let outcome = found.outcome;
        let matches = outcome
            .matches
            .iter()
            .map(|m| Reply::topic_answer_in(facts, facts.topic_ref_at(m.topic), m.score, lang))
            .collect();
        let suggestions = outcome
            .suggestions
            .iter()
            .map(|s| {
                let (_, t) = facts.get(facts.topic_ref_at(s.topic));
                Suggestion {
                    topic: t.id.clone(),
                    title: lang.title(&t.title, t.title_ja.as_deref()).to_string(),
                    score: round3(s.score),
                }
            })
            .collect();
        tracing::debug!(question, kind = ?found.kind, terms = ?outcome.explain, "matched");
        let (speaker, overview) = match found.kind {
            Kind::Speaker { deal, speaker } => (
                Some(Reply::speaker_answer(facts, deal, speaker, lang)),
                None,
            ),
            Kind::Overview { deal } => (None, Some(Reply::overview(facts, deal, lang))),
            Kind::Topics | Kind::NoMatch => (None, None),
        };
        Reply {
            question: question.trim().to_string(),
            matches,
            suggestions,
            speaker,
            overview,
            lang,
            figures: outcome.figures,
            // Said only when nothing matched.
            known_deals: if found.kind == Kind::NoMatch {
                facts
                    .deals()
                    .iter()
                    .map(|d| lang.title(&d.title, d.title_ja.as_deref()).to_string())
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    /// A topic's full answer (for `/topic`, where the user picked it).
    pub fn topic_answer(facts: &FactBase, r: TopicRef, score: f32) -> TopicAnswer {
        Reply::topic_answer_in(facts, r, score, Lang::En)
    }

    /// A topic's full answer, titled in `lang`.
    pub fn topic_answer_in(facts: &FactBase, r: TopicRef, score: f32, lang: Lang) -> TopicAnswer {
        let (deal, topic) = facts.get(r);
        let statements = facts.statements_for(deal, topic).collect();
        let title = lang.title(&topic.title, topic.title_ja.as_deref());
        TopicAnswer::of(deal, &topic.id, title, round3(score), statements)
    }

    /// Every statement of one speaker, grouped by the topics they are filed under.
    pub fn speaker_answer(facts: &FactBase, deal: u32, speaker: u32, lang: Lang) -> SpeakerAnswer {
        let d = &facts.deals()[deal as usize];
        let sp = &d.speakers[speaker as usize];
        let mut statements = Vec::new();
        let mut topics = Vec::new();
        for t in &d.topics {
            let own: Vec<&Statement> = t
                .statements
                .iter()
                .filter(|s| sp.speakers.contains(&s.speaker))
                .collect();
            if own.is_empty() {
                continue;
            }
            topics.push(SpeakerTopic {
                topic: t.id.clone(),
                title: lang.title(&t.title, t.title_ja.as_deref()).to_string(),
                statements: own.iter().map(|s| s.id.clone()).collect(),
            });
            statements.extend(own);
        }
        let name = lang.title(&sp.name, sp.name_ja.as_deref());
        let title = lang.word(Word::SaidBy).replace("{name}", name);
        SpeakerAnswer {
            speaker: sp.key.clone(),
            name: sp.name.clone(),
            answer: TopicAnswer::of(d, &sp.key, &title, 1.0, statements),
            topics,
        }
    }

    /// The deal as a whole: the statements its file lists under `overview`.
    pub fn overview(facts: &FactBase, deal: u32, lang: Lang) -> TopicAnswer {
        let d = &facts.deals()[deal as usize];
        let statements = d
            .overview
            .iter()
            .filter_map(|id| facts.statement_in(d, id))
            .collect();
        let title = format!(
            "{}: {}",
            lang.word(Word::Stands),
            lang.title(&d.title, d.title_ja.as_deref())
        );
        TopicAnswer::of(d, &d.id, &title, 1.0, statements)
    }

    /// The sentence said when nothing matched.
    pub fn no_match_text(&self) -> String {
        let mut s = String::from(self.lang.word(Word::NoFacts));
        if !self.known_deals.is_empty() {
            let sep = if self.lang == Lang::Ja { "。" } else { ". " };
            let _ = write!(
                s,
                "{sep}{}: {}",
                self.lang.word(Word::KnowAbout),
                self.known_deals.join("; ")
            );
        }
        s.push(if self.lang == Lang::Ja { '。' } else { '.' });
        s
    }

    /// The figure notes as sentences.
    pub fn figure_lines(&self) -> Vec<String> {
        self.figures
            .iter()
            .map(|f| match self.lang {
                Lang::Ja => format!(
                    "記録上の金額は{}で、{}ではありません。",
                    f.on_record, f.asked
                ),
                Lang::En => format!("The figure on record is {}, not {}.", f.on_record, f.asked),
            })
            .collect()
    }

    /// The blocks of a speaker reply: one per topic (each statement with its kind), then
    /// the sources.
    pub fn speaker_blocks(&self, sp: &SpeakerAnswer) -> Vec<Block> {
        let lang = self.lang;
        let mut out: Vec<Block> = sp
            .topics
            .iter()
            .map(|t| Block {
                heading: t.title.clone(),
                entries: t
                    .statements
                    .iter()
                    .filter_map(|id| sp.answer.find_with_status(id))
                    .map(|(status, a)| {
                        format!(
                            "{}: {}\n\u{2014} {}",
                            lang.heading(status),
                            a.shown_text(lang),
                            a.attribution()
                        )
                    })
                    .collect(),
            })
            .collect();
        out.push(Block {
            heading: lang.word(Word::Sources).into(),
            entries: sp.answer.sources.iter().map(SourceEntry::line).collect(),
        });
        out
    }

    /// Plain text, the CLI's output: the same content as the Discord reply.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let write_blocks = |out: &mut String, blocks: Vec<Block>| {
            for block in blocks {
                let _ = writeln!(out, "\n{}:", block.heading);
                for e in &block.entries {
                    let _ = writeln!(out, "  {}", e.replace('\n', "\n  "));
                }
            }
        };
        let as_of = |out: &mut String, reviewed_on: Option<&str>| {
            if let Some(line) = as_of_line(reviewed_on, today(), STALE_DAYS, self.lang) {
                let _ = writeln!(out, "\n{line}");
            }
        };
        if let Some(sp) = &self.speaker {
            let _ = writeln!(out, "{}", sp.answer.title);
            let _ = writeln!(out, "({}; speaker {})", sp.answer.deal, sp.speaker);
            write_blocks(&mut out, self.speaker_blocks(sp));
            as_of(&mut out, sp.answer.reviewed_on.as_deref());
            return out;
        }
        if let Some(o) = &self.overview {
            let _ = writeln!(out, "{}", o.title);
            let _ = writeln!(out, "(deal {})", o.topic);
            write_blocks(&mut out, o.blocks(false, self.lang));
            as_of(&mut out, o.reviewed_on.as_deref());
            return out;
        }
        if self.matches.is_empty() {
            let stop = if self.lang == Lang::Ja { "。" } else { ". " };
            let no_match = self.lang.word(Word::NoMatch);
            let _ = writeln!(out, "{no_match}{stop}{}", self.no_match_text());
            if !self.suggestions.is_empty() {
                let _ = writeln!(out, "\n{}:", self.lang.word(Word::DidYouMean));
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
            write_blocks(&mut out, m.blocks(false, self.lang));
            as_of(&mut out, m.reviewed_on.as_deref());
        }
        out
    }
}
