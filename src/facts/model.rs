//! The validated fact model: what the rest of the program reads.
//!
//! These types are built only by [`crate::facts::FactBase`] after validation, so every
//! reference they hold (a statement's source, a topic's related statements) resolves.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// Where a statement sits in the reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// What was claimed or announced.
    Announced,
    /// What was later clarified, qualified or disputed.
    Clarified,
    /// What is still open.
    UnderNegotiation,
    /// The source's own context or analysis (the report speaking, not a party): shown apart,
    /// under *Background*, never as a party's position.
    Context,
}

impl Status {
    /// Every status, in reply order.
    pub const ALL: [Status; 4] = [
        Status::Announced,
        Status::Clarified,
        Status::UnderNegotiation,
        Status::Context,
    ];

    /// The three sections that hold a party's positions and what is open.
    pub const POSITIONS: [Status; 3] = [
        Status::Announced,
        Status::Clarified,
        Status::UnderNegotiation,
    ];

    /// The spelling used in fact files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Announced => "announced",
            Status::Clarified => "clarified",
            Status::UnderNegotiation => "under_negotiation",
            Status::Context => "context",
        }
    }

    /// The heading shown to people.
    pub fn heading(self) -> &'static str {
        match self {
            Status::Announced => "Announced",
            Status::Clarified => "Clarified",
            Status::UnderNegotiation => "Still under negotiation",
            Status::Context => "Background",
        }
    }

    /// Parses the fact-file spelling; `None` for anything else.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The party a statement speaks for when it speaks for no side (a report's own analysis).
pub const NEITHER: &str = "neither";

/// A publication or document that statements cite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Key used by statements in the same file (`source = "report"`).
    #[serde(skip)]
    pub key: String,
    /// How the source is cited (a headline where one is known).
    pub title: String,
    /// Outlet, only where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Link, only where known; always http(s).
    pub url: Option<String>,
    /// Publication date as written in the file, only where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Path (relative to the facts folder) of an archived copy of the source's text, against
    /// which statements' quotes are checked.
    #[serde(skip)]
    pub archive: Option<String>,
}

/// One attributed claim about a topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Stable id, unique in the whole fact base, so moderators can edit it.
    pub id: String,
    /// Announced, clarified or under negotiation.
    pub status: Status,
    /// The claim, in one or two sentences.
    pub text: String,
    /// A Japanese translation of `text`, if the fact file holds one: shown in Japanese
    /// replies, always marked as a translation.
    pub text_ja: Option<String>,
    /// The person or office that said it.
    pub speaker: String,
    /// The side it speaks for: one of the deal's parties or [`NEITHER`].
    pub party: String,
    /// Key into the deal's sources.
    pub source: String,
    /// The exact words of the source the statement rests on (verified against the source's
    /// archived text when it has one).
    pub quote: Option<String>,
    /// The statement of the other side that this one answers (same deal).
    pub responds_to: Option<String>,
    /// When it was said (ISO date), only where the source gives it.
    pub said_on: Option<String>,
}

/// One question people ask about a deal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// Stable id, unique in the whole fact base.
    pub id: String,
    /// The question, as shown in replies.
    pub title: String,
    /// The question in Japanese, shown to Japanese questions, if the file gives it.
    pub title_ja: Option<String>,
    /// Extra match terms.
    pub aliases: Vec<String>,
    /// Ways people ask; they feed the matcher.
    pub examples: Vec<String>,
    /// Statements filed under this topic.
    pub statements: Vec<Statement>,
    /// Ids of statements filed under other topics of the same deal that also answer this one.
    pub related: Vec<String>,
}

/// One negotiation or agreement, loaded from one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deal {
    /// Stable id, unique in the fact base.
    pub id: String,
    /// Shown in replies.
    pub title: String,
    /// The sides; statements name one of them or [`NEITHER`].
    pub parties: Vec<String>,
    /// Terms that mean "this deal" in a question: they anchor it against near misses.
    pub aliases: Vec<String>,
    /// The day the file was last reviewed against its sources (ISO date), if recorded.
    pub reviewed_on: Option<String>,
    /// The deal's title in Japanese, if the file gives it.
    pub title_ja: Option<String>,
    /// Statement ids that give the deal as a whole: the headline, what is agreed in writing,
    /// what is open (the answer to "where does the deal stand?").
    pub overview: Vec<String>,
    /// People and offices whose statements can be asked for by name.
    pub speakers: Vec<Speaker>,
    /// Sources by key.
    pub sources: BTreeMap<String, Source>,
    /// Topics in file order.
    pub topics: Vec<Topic>,
    /// The file this deal was read from (for messages and for the store).
    pub origin: PathBuf,
}

/// A person or office people ask about ("anything from Akazawa?").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// Stable key (`akazawa`).
    pub key: String,
    /// How they are named in replies.
    pub name: String,
    /// How they are named in Japanese replies, if the fact file says.
    pub name_ja: Option<String>,
    /// The `speaker` values of the statements that are theirs, exactly as written.
    pub speakers: Vec<String>,
    /// How people refer to them: surname, title, office, common misspellings, Japanese.
    pub aliases: Vec<String>,
}

impl Deal {
    /// Finds a statement of this deal by id, in any topic.
    pub fn statement(&self, id: &str) -> Option<&Statement> {
        self.topics
            .iter()
            .flat_map(|t| t.statements.iter())
            .find(|s| s.id == id)
    }
}
