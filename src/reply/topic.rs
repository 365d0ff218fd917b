//! One topic's answer: its statements by kind, both sides of a point paired, the sources
//! numbered once, and the blocks every renderer (text, embed) shows in the same order.

use serde::Serialize;

use super::lang::{Lang, Word};
use crate::facts::{Deal, Statement, Status};

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
    /// A Japanese translation of `text` from the fact file, if it holds one.
    pub text_ja: Option<String>,
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
    /// The claim as a reply in `lang` shows it: in Japanese, the fact file's translation
    /// (marked as one) above the original words, else the original words.
    pub fn shown_text(&self, lang: Lang) -> String {
        match (&self.text_ja, lang) {
            (Some(ja), Lang::Ja) => format!("{ja}〔翻訳〕\n{}", self.text),
            _ => self.text.clone(),
        }
    }

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
        self.find_with_status(id).map(|(_, a)| a)
    }

    /// A statement of this answer by id, with its kind.
    pub fn find_with_status(&self, id: &str) -> Option<(Status, &Attributed)> {
        Status::ALL
            .into_iter()
            .find_map(|s| self.section(s).iter().find(|a| a.id == id).map(|a| (s, a)))
    }

    /// The answer as blocks, in reading order: both sides of each point first; then the
    /// three sections with what is not in a pair; one line naming the sections with nothing
    /// on record; the background; the sources. `detailed` adds each statement's quote.
    pub fn blocks(&self, detailed: bool, lang: Lang) -> Vec<Block> {
        let entry = |a: &Attributed, lead: &str| {
            // In a pair the lead already names the side.
            let by = if lead.starts_with('\u{2022}') {
                a.attribution()
            } else {
                format!("{} [{}]", a.speaker, a.source_n)
            };
            let mut e = format!("{lead}{}\n\u{2014} {by}", a.shown_text(lang));
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
                heading: lang.word(Word::BothSides).into(),
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
                nothing.push(lang.heading(status));
            } else if !rest.is_empty() {
                out.push(Block {
                    heading: lang.heading(status).into(),
                    entries: rest,
                });
            }
        }
        if !nothing.is_empty() {
            out.push(Block {
                heading: lang.word(Word::Nothing).into(),
                entries: vec![nothing.join(" \u{b7} ")],
            });
        }
        if !self.background.is_empty() {
            out.push(Block {
                heading: lang.word(Word::Background).into(),
                entries: self
                    .background
                    .iter()
                    .map(|a| entry(a, "\u{2022} "))
                    .collect(),
            });
        }
        out.push(Block {
            heading: lang.word(Word::Sources).into(),
            entries: self.sources.iter().map(SourceEntry::line).collect(),
        });
        out
    }
}

impl TopicAnswer {
    /// The answer made of `statements` (of `deal`), under the id and title given: a topic's
    /// own and related statements, a speaker's statements in one topic, or the overview.
    pub fn of(
        deal: &Deal,
        id: &str,
        title: &str,
        score: f64,
        statements: Vec<&Statement>,
    ) -> TopicAnswer {
        let mut answer = TopicAnswer {
            topic: id.to_string(),
            title: title.to_string(),
            score,
            deal: deal.title.clone(),
            announced: Vec::new(),
            clarified: Vec::new(),
            under_negotiation: Vec::new(),
            background: Vec::new(),
            pairs: Vec::new(),
            sources: Vec::new(),
            reviewed_on: deal.reviewed_on.clone(),
        };
        for s in &statements {
            let a = answer.attributed(deal, s);
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

    /// A statement with its attribution, its source numbered in this answer.
    fn attributed(&mut self, deal: &Deal, s: &Statement) -> Attributed {
        let source = deal.sources.get(&s.source);
        let title = source.map_or_else(|| s.source.clone(), |x| x.title.clone());
        let url = source.and_then(|x| x.url.clone());
        let archived = source.is_some_and(|x| x.archive.is_some());
        let n = match self
            .sources
            .iter()
            .find(|e| e.title == title && e.url == url)
        {
            Some(e) => e.n,
            None => {
                let n = self.sources.len() + 1;
                self.sources.push(SourceEntry {
                    n,
                    title: title.clone(),
                    url: url.clone(),
                    archived,
                });
                n
            }
        };
        Attributed {
            id: s.id.clone(),
            text: s.text.clone(),
            text_ja: s.text_ja.clone(),
            speaker: s.speaker.clone(),
            party: s.party.clone(),
            source: SourceRef { title, url },
            source_n: n,
            quote: s.quote.clone(),
            quote_verified: s.quote.is_some() && archived,
            said_on: s.said_on.clone(),
            responds_to: s.responds_to.clone(),
        }
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
