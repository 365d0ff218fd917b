//! The answer to a question, independent of where it is shown: the CLI renders it as plain
//! text or JSON, the Discord layer as an embed.

use std::fmt::Write as _;

use serde::Serialize;

use crate::facts::{FactBase, Status, TopicRef};
use crate::matcher::FigureNote;

/// Facts older than this many days (since the deal file's `reviewed_on`) are flagged as
/// possibly out of date (the bot's `facts_stale_days` overrides it).
pub const STALE_DAYS: u32 = 30;

/// Days since 1970-01-01 of an ISO date `YYYY-MM-DD` (proleptic Gregorian), or `None`.
pub fn days_of(date: &str) -> Option<i64> {
    if !crate::facts::validate::is_iso_date(date) {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (
        date[0..4].parse().ok()?,
        date[5..7].parse().ok()?,
        date[8..10].parse().ok()?,
    );
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Today, in days since 1970-01-01 (UTC).
pub fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as i64
}

/// "As of <reviewed_on>." and, past `stale_days`, a warning that the facts may be out of
/// date; `None` when the deal records no review date.
pub fn as_of_line(reviewed_on: Option<&str>, today: i64, stale_days: u32) -> Option<String> {
    let date = reviewed_on?;
    let age = today - days_of(date)?;
    Some(if age > i64::from(stale_days) {
        format!("As of {date} ({age} days ago): these facts may be out of date.")
    } else {
        format!("As of {date}.")
    })
}

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

/// One source of a topic's answer, listed once and numbered; statements point to `n`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceEntry {
    /// Its number in this answer, from 1.
    pub n: usize,
    /// How the source is cited.
    pub title: String,
    /// Link, only where known.
    pub url: Option<String>,
    /// Whether an archived copy of its text is kept (so quotes from it are verified).
    pub archived: bool,
}

/// One statement with its attribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attributed {
    /// The statement id (moderators edit by it).
    pub id: String,
    /// The claim, in the fact file's words (a paraphrase: never shown in quotation marks).
    pub text: String,
    /// Who said it.
    pub speaker: String,
    /// The side it speaks for, or "neither".
    pub party: String,
    /// Where it was reported.
    pub source: SourceRef,
    /// The number of its source in the answer's `sources`.
    pub source_n: usize,
    /// The exact words of the source it rests on, if recorded.
    pub quote: Option<String>,
    /// Whether the quote was checked against the source's archived text.
    pub quote_verified: bool,
    /// When it was said, only where the source gives it.
    pub said_on: Option<String>,
    /// The other side's statement it answers.
    pub responds_to: Option<String>,
}

/// Short marks for the sides, so a contrast reads at a glance. Parties the table does not
/// know are shown by name alone.
const MARKS: [(&str, &str); 2] = [
    ("United States", "\u{1f1fa}\u{1f1f8}"),
    ("Japan", "\u{1f1ef}\u{1f1f5}"),
];

/// A side as shown: its flag (where known) and name; the source's own voice as "report".
pub fn side(party: &str) -> String {
    if party == crate::facts::NEITHER {
        return "report".into();
    }
    match MARKS.iter().find(|(p, _)| *p == party) {
        Some((_, mark)) => format!("{mark} {party}"),
        None => party.to_string(),
    }
}

impl Attributed {
    /// "Speaker (side) [n]" as shown after each statement.
    pub fn attribution(&self) -> String {
        if self.party == crate::facts::NEITHER {
            return format!("{} [{}]", self.speaker, self.source_n);
        }
        format!(
            "{} ({}) [{}]",
            self.speaker,
            side(&self.party),
            self.source_n
        )
    }

    /// The quote as shown in the detailed view: a verified quote as a quotation; an
    /// unverified one marked as such.
    pub fn quote_line(&self) -> Option<String> {
        let q = self.quote.as_deref()?;
        Some(if self.quote_verified {
            format!("> \u{201c}{q}\u{201d}")
        } else {
            format!("> \u{201c}{q}\u{201d} (unverified: no archived copy of the source)")
        })
    }
}

/// Two statements of one point from the two sides: `response` answers `claim`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    /// The statement answered.
    pub claim: String,
    /// The other side's answer to it.
    pub response: String,
}

/// One block of a rendered answer: a heading and its entries (each one or more lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The heading ("Both sides", "Announced", ...).
    pub heading: String,
    /// The entries, in order.
    pub entries: Vec<String>,
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
    /// What a party claimed or announced.
    pub announced: Vec<Attributed>,
    /// What a party later clarified or disputed.
    pub clarified: Vec<Attributed>,
    /// What is still open.
    pub under_negotiation: Vec<Attributed>,
    /// The source's own context or analysis, apart from the parties' positions.
    pub background: Vec<Attributed>,
    /// Points where both sides are on record: shown side by side, first.
    pub pairs: Vec<Pair>,
    /// The sources cited, numbered once.
    pub sources: Vec<SourceEntry>,
    /// The day the deal's file was last reviewed against its sources.
    pub reviewed_on: Option<String>,
}

impl TopicAnswer {
    /// The statements under one status.
    pub fn section(&self, status: Status) -> &[Attributed] {
        match status {
            Status::Announced => &self.announced,
            Status::Clarified => &self.clarified,
            Status::UnderNegotiation => &self.under_negotiation,
            Status::Context => &self.background,
        }
    }

    fn find(&self, id: &str) -> Option<&Attributed> {
        Status::ALL
            .into_iter()
            .flat_map(|s| self.section(s))
            .find(|a| a.id == id)
    }

    /// The answer as blocks, in reading order: both sides of each point first; then the
    /// three sections with what is not in a pair; one line naming the sections with nothing
    /// on record; the background; the sources. `detailed` adds each statement's quote.
    pub fn blocks(&self, detailed: bool) -> Vec<Block> {
        let entry = |a: &Attributed, lead: &str| {
            // In a pair the lead already names the side.
            let by = if lead.starts_with('\u{2022}') {
                a.attribution()
            } else {
                format!("{} [{}]", a.speaker, a.source_n)
            };
            let mut e = format!("{lead}{}\n\u{2014} {by}", a.text);
            if let Some(q) = a.quote_line().filter(|_| detailed) {
                e.push('\n');
                e.push_str(&q);
            }
            e
        };
        let mut out = Vec::new();
        let paired: Vec<&str> = self
            .pairs
            .iter()
            .flat_map(|p| [p.claim.as_str(), p.response.as_str()])
            .collect();
        let sides: Vec<String> = self
            .pairs
            .iter()
            .filter_map(|p| Some((self.find(&p.claim)?, self.find(&p.response)?)))
            .map(|(a, b)| {
                format!(
                    "{}\n{}",
                    entry(a, &format!("{}: ", side(&a.party))),
                    entry(b, &format!("{}: ", side(&b.party)))
                )
            })
            .collect();
        if !sides.is_empty() {
            out.push(Block {
                heading: "Both sides".into(),
                entries: sides,
            });
        }
        let mut nothing = Vec::new();
        for status in Status::POSITIONS {
            let all = self.section(status);
            let rest: Vec<String> = all
                .iter()
                .filter(|a| !paired.contains(&a.id.as_str()))
                .map(|a| entry(a, "\u{2022} "))
                .collect();
            if all.is_empty() {
                nothing.push(status.heading());
            } else if !rest.is_empty() {
                out.push(Block {
                    heading: status.heading().into(),
                    entries: rest,
                });
            }
        }
        if !nothing.is_empty() {
            out.push(Block {
                heading: "Nothing on record".into(),
                entries: vec![nothing.join(" \u{b7} ")],
            });
        }
        if !self.background.is_empty() {
            out.push(Block {
                heading: "Background (the source's own context)".into(),
                entries: self
                    .background
                    .iter()
                    .map(|a| entry(a, "\u{2022} "))
                    .collect(),
            });
        }
        out.push(Block {
            heading: "Sources".into(),
            entries: self.sources.iter().map(SourceEntry::line).collect(),
        });
        out
    }
}

impl SourceEntry {
    /// "[1] Title, https://..." as listed once per answer.
    pub fn line(&self) -> String {
        let mut line = format!("[{}] {}", self.n, self.title);
        if let Some(url) = &self.url {
            line.push_str(&format!(", {url}"));
        }
        if self.archived {
            line.push_str(" (archived copy kept)");
        }
        line
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
            background: Vec::new(),
            pairs: Vec::new(),
            sources: Vec::new(),
            reviewed_on: deal.reviewed_on.clone(),
        };
        let statements: Vec<&crate::facts::Statement> = facts.statements_for(deal, topic).collect();
        for s in &statements {
            let source = deal.sources.get(&s.source);
            let title = source.map_or_else(|| s.source.clone(), |x| x.title.clone());
            let url = source.and_then(|x| x.url.clone());
            let archived = source.is_some_and(|x| x.archive.is_some());
            let n = match answer
                .sources
                .iter()
                .find(|e| e.title == title && e.url == url)
            {
                Some(e) => e.n,
                None => {
                    let n = answer.sources.len() + 1;
                    answer.sources.push(SourceEntry {
                        n,
                        title: title.clone(),
                        url: url.clone(),
                        archived,
                    });
                    n
                }
            };
            let a = Attributed {
                id: s.id.clone(),
                text: s.text.clone(),
                speaker: s.speaker.clone(),
                party: s.party.clone(),
                source: SourceRef { title, url },
                source_n: n,
                quote: s.quote.clone(),
                quote_verified: s.quote.is_some() && archived,
                said_on: s.said_on.clone(),
                responds_to: s.responds_to.clone(),
            };
            match s.status {
                Status::Announced => answer.announced.push(a),
                Status::Clarified => answer.clarified.push(a),
                Status::UnderNegotiation => answer.under_negotiation.push(a),
                Status::Context => answer.background.push(a),
            }
        }
        for s in &statements {
            if let Some(target) = &s.responds_to {
                if statements.iter().any(|t| &t.id == target) {
                    answer.pairs.push(Pair {
                        claim: target.clone(),
                        response: s.id.clone(),
                    });
                }
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
            for block in m.blocks(false) {
                let _ = writeln!(out, "\n{}:", block.heading);
                for e in &block.entries {
                    let _ = writeln!(out, "  {}", e.replace('\n', "\n  "));
                }
            }
            if let Some(line) = as_of_line(m.reviewed_on.as_deref(), today(), STALE_DAYS) {
                let _ = writeln!(out, "\n{line}");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_count_days_and_old_facts_are_flagged() {
        assert_eq!(days_of("1970-01-01"), Some(0));
        assert_eq!(days_of("2000-03-01"), Some(11_017));
        assert_eq!(days_of("2026-02-30"), None);
        let today = days_of("2026-12-31").unwrap();
        assert_eq!(
            as_of_line(Some("2026-12-01"), today, 30).as_deref(),
            Some("As of 2026-12-01.")
        );
        assert_eq!(
            as_of_line(Some("2026-11-01"), today, 30).as_deref(),
            Some("As of 2026-11-01 (60 days ago): these facts may be out of date.")
        );
        assert_eq!(as_of_line(None, today, 30), None);
    }
}
