//! The language of a reply: Japanese questions get Japanese headings, no-match text and
//! footer, and topic titles in Japanese where the fact file gives them. Statements stay in
//! the words of their source.

use serde::Serialize;

/// The language a reply is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Japanese: the question holds kana or kanji.
    Ja,
}

/// The fixed words of a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    /// "Both sides".
    BothSides,
    /// "Announced".
    Announced,
    /// "Clarified".
    Clarified,
    /// "Still under negotiation".
    Open,
    /// "Nothing on record".
    Nothing,
    /// "Background (the source's own context)".
    Background,
    /// "Sources".
    Sources,
    /// "No confident match".
    NoMatch,
    /// "I don't have facts on that".
    NoFacts,
    /// "I know about".
    KnowAbout,
    /// "Did you mean".
    DidYouMean,
    /// "What {name} said".
    SaidBy,
    /// "Where the deal stands".
    Stands,
    /// "As of".
    AsOf,
}

impl Lang {
    /// Japanese when the question holds kana or kanji.
    pub fn of(question: &str) -> Lang {
        if question.chars().any(crate::matcher::is_cjk) {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    /// A fixed word in this language.
    pub fn word(self, w: Word) -> &'static str {
        use Word::*;
        match (self, w) {
            (Lang::En, BothSides) => "Both sides",
            (Lang::En, Announced) => "Announced",
            (Lang::En, Clarified) => "Clarified",
            (Lang::En, Open) => "Still under negotiation",
            (Lang::En, Nothing) => "Nothing on record",
            (Lang::En, Background) => "Background (the source's own context)",
            (Lang::En, Sources) => "Sources",
            (Lang::En, NoMatch) => "No confident match",
            (Lang::En, NoFacts) => "I don't have facts on that",
            (Lang::En, KnowAbout) => "I know about",
            (Lang::En, DidYouMean) => "Did you mean",
            (Lang::En, SaidBy) => "What {name} said",
            (Lang::En, Stands) => "Where the deal stands",
            (Lang::En, AsOf) => "As of",
            (Lang::Ja, BothSides) => "双方の立場",
            (Lang::Ja, Announced) => "発表",
            (Lang::Ja, Clarified) => "説明・反論",
            (Lang::Ja, Open) => "交渉中",
            (Lang::Ja, Nothing) => "記録なし",
            (Lang::Ja, Background) => "背景（報道自身の説明）",
            (Lang::Ja, Sources) => "出典",
            (Lang::Ja, NoMatch) => "確かな一致はありません",
            (Lang::Ja, NoFacts) => "その件についての事実は記録にありません",
            (Lang::Ja, KnowAbout) => "扱っている案件",
            (Lang::Ja, DidYouMean) => "もしかして",
            (Lang::Ja, SaidBy) => "{name}の発言",
            (Lang::Ja, Stands) => "合意の現状",
            (Lang::Ja, AsOf) => "時点",
        }
    }

    /// The heading of a statement kind.
    pub fn heading(self, status: crate::facts::Status) -> &'static str {
        use crate::facts::Status;
        self.word(match status {
            Status::Announced => Word::Announced,
            Status::Clarified => Word::Clarified,
            Status::UnderNegotiation => Word::Open,
            Status::Context => Word::Background,
        })
    }

    /// A title in this language: the Japanese one where given, else the English one.
    pub fn title<'a>(self, en: &'a str, ja: Option<&'a str>) -> &'a str {
        match (self, ja) {
            (Lang::Ja, Some(ja)) => ja,
            _ => en,
        }
    }
}
