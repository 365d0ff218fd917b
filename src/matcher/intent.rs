//! What a question asks for, apart from its subject: what someone said ("what did Akazawa
//! say", "has the commerce secretary weighed in"), or the deal as a whole ("status?",
//! "tl;dr", "sum up", "big picture"). Also the vague words that name no subject of their
//! own (`details`, `everything`, `hype`): they never make a question about a topic.
//! Word lists are data; lookups go through sets built once.

use rustc_hash::FxHashSet as HashSet;
use std::sync::OnceLock;

/// Words that ask what someone said (lowercase; Japanese ones matched inside the text).
const PERSON_WORDS: &[&str] = &[
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
    "describe",
    "described",
    "describes",
    "describing",
    "characterize",
    "characterized",
    "calling",
    "weigh",
    "weighed",
    "weighing",
    "mention",
    "mentioned",
    "bragging",
    "brag",
    "bragged",
    "claim",
    "claims",
    "claimed",
    "claiming",
    "retract",
    "retracted",
    "tweeted",
    "posted",
    "selling",
    "pitching",
    "spinning",
    "framing",
    "framed",
    "clarify",
    "clarified",
    "clarifies",
    "clarifying",
    "touting",
    "touted",
];
/// Two words in a row that ask what someone said.
const PERSON_PAIRS: &[(&str, &str)] = &[
    ("official", "line"),
    ("pushed", "back"),
    ("push", "back"),
    ("pushing", "back"),
    ("walked", "back"),
    ("walk", "back"),
    ("weigh", "in"),
    ("put", "out"),
    ("puts", "out"),
];
const PERSON_JA: &[&str] = &[
    "言っ",
    "発言",
    "見解",
    "立場",
    "述べ",
    "話し",
    "何と",
    "主張",
    "説明",
    "コメント",
    "何て",
];
/// Japanese verbs that ask what someone said but whose noun names a subject: they ask, but
/// their bigrams are not asking words ("トランプの発表に驚いた" is about the surprise).
const PERSON_JA_VERBS: &[&str] = &["発表した", "発表して"];

/// Words that ask about the deal as a whole.
const OVERVIEW_WORDS: &[&str] = &[
    "update",
    "updates",
    "status",
    // Common misspellings.
    "staus",
    "stauts",
    "satus",
    "updte",
    "upd8",
    "news",
    "latest",
    "overview",
    "summary",
    "summarize",
    "summarise",
    "sum",
    "recap",
    "rundown",
    "gist",
    "tldr",
    "fill",
    "story",
    "happening",
    "happened",
    "done",
    "finished",
    "finalized",
    "finalised",
    "situation",
    "whole",
    "overall",
    "hype",
    "overhyped",
    "eli5",
    "explain",
    "explained",
    "breakdown",
    "lowdown",
];
/// Two words in a row that ask about the deal as a whole.
const OVERVIEW_PAIRS: &[(&str, &str)] = &[
    ("big", "picture"),
    ("short", "version"),
    ("quick", "version"),
    ("where", "are"),
    ("going", "on"),
    ("catch", "up"),
    ("catch", "me"),
    ("we", "know"),
    ("so", "far"),
    ("things", "stand"),
    ("state", "of"),
    ("i", "miss"),
    ("i", "missed"),
    ("real", "story"),
];
const OVERVIEW_JA: &[&str] = &[
    "状況",
    "進捗",
    "最新",
    "概要",
    "現状",
    "結局",
    "まとめ",
    "どうなって",
    "どうなった",
    "進展",
    "要点",
    "ざっくり",
    // Concluded, settled: "is it done?" (`done`, `finalized` above).
    "まとまっ",
    "決着",
    "妥結",
];

/// Reporting verbs that, followed by what was said, make the question about the claim
/// ("Trump says Japan will pay for it, true?"), not about who made it.
const REPORTING: &[&str] = &[
    "says",
    "said",
    "claims",
    "claimed",
    "announces",
    "announced",
    "touts",
    "touted",
    "insists",
    "insisted",
    "boasts",
    "boasted",
    "brags",
    "bragged",
    "saying",
    "claiming",
    "insisting",
];
/// Words after a reporting verb that ask about the remark itself ("said about rice",
/// "said so far", "said anything").
const NOT_A_CLAIM: &[&str] = &[
    "about",
    "abt",
    "on",
    "regarding",
    "so",
    "anything",
    "something",
    "lately",
    "recently",
    "today",
    "yet",
    "in",
    "to",
    "when",
    "this",
    "that",
    "it",
];
/// Words after a reporting verb that make its claim.
const CLAIM_WORDS: usize = 2;

/// Words that name no subject: asked about, they leave the question about the deal or the
/// speaker as a whole (`what are officials saying about the details`).
const VAGUE: &[&str] = &[
    "detail",
    "details",
    "specific",
    "specifics",
    "info",
    "information",
    "everything",
    "overall",
    "picture",
    "far",
    "today",
    "lately",
    "recently",
    "recent",
    "yet",
    "good",
    "bad",
    "hype",
    "know",
    // Whether it is still being negotiated is the status of the deal as a whole ("is it
    // finalized or still just talks").
    "talks",
    "negotiation",
    "negotiations",
    "negotiating",
];

/// What the question's words ask for, found in one pass over them.
#[derive(Default)]
pub(super) struct Asks {
    /// What someone said.
    pub person: bool,
    /// The deal as a whole.
    pub overview: bool,
    /// A claim reported in so many words (`X says <claim>`): about the claim.
    pub reported: bool,
}

/// What a word is to [`asks_in`]: one lookup per word answers all three.
#[derive(Clone, Copy, Default)]
struct Role {
    /// It may start an asking pair.
    first: bool,
    /// It asks what someone said.
    person: bool,
    /// It asks about the deal as a whole.
    overview: bool,
}

struct Sets {
    /// The asking words' roles.
    roles: rustc_hash::FxHashMap<&'static str, Role>,
    /// Stems of the asking and vague words (and the bigrams of the Japanese ones).
    stems: HashSet<String>,
    /// The long asking words ([`MISSPELT_MIN`] letters or more) by first letter (`a` = 0).
    long_person: [Vec<&'static str>; 26],
}

fn sets() -> &'static Sets {
    static SETS: OnceLock<Sets> = OnceLock::new();
    SETS.get_or_init(|| {
        let norm = super::normalize::Normalizer::default();
        let mut stems: HashSet<String> = PERSON_WORDS
            .iter()
            .chain(OVERVIEW_WORDS)
            .chain(VAGUE)
            .map(|w| norm.stem(w).into())
            .collect();
        // The words of an asking pair ask, too: "the short version" names no subject.
        let pairs = PERSON_PAIRS.iter().chain(OVERVIEW_PAIRS);
        stems.extend(
            pairs
                .flat_map(|(a, b)| [*a, *b])
                .filter(|w| !super::normalize::is_stop_word(w))
                .map(|w| norm.stem(w).into()),
        );
        for w in PERSON_JA.iter().chain(OVERVIEW_JA) {
            stems.extend(super::cjk::terms(w).into_iter().map(String::from));
        }
        let mut roles: rustc_hash::FxHashMap<&'static str, Role> = Default::default();
        let firsts = PERSON_PAIRS.iter().chain(OVERVIEW_PAIRS).map(|(a, _)| *a);
        for w in firsts.chain(["tl", "final", "a", "any", "no"]) {
            roles.entry(w).or_default().first = true;
        }
        for w in PERSON_WORDS {
            roles.entry(w).or_default().person = true;
        }
        for w in OVERVIEW_WORDS {
            roles.entry(w).or_default().overview = true;
        }
        let mut long_person: [Vec<&'static str>; 26] = Default::default();
        for w in PERSON_WORDS.iter().filter(|w| w.len() >= MISSPELT_MIN) {
            if let Some(i) = w.bytes().next().filter(u8::is_ascii_lowercase) {
                long_person[usize::from(i - b'a')].push(w);
            }
        }
        Sets {
            roles,
            stems,
            long_person,
        }
    })
}

/// Whether a stem asks rather than says what is asked about (or names no subject).
pub(super) fn is_intent_stem(stem: &str) -> bool {
    sets().stems.contains(stem)
}

/// Whether a word says nothing more than "the deal": a Japanese bigram with kana of grammar
/// in it (`氏は`, `と言` join two words), a generic word ([`super::lexicon::is_generic`]) or
/// an asking word.
pub(super) fn says_nothing(w: &str) -> bool {
    w.chars().any(super::cjk::is_hiragana) || super::lexicon::is_generic(w) || is_intent_stem(w)
}

/// The question's asking words, in any case, letters repeated for effect squeezed. A quoted
/// line (`> JAPAN TO INVEST, TRUMP SAYS`) is what the message reacts to: its words ask
/// nothing, unless the message is all quote.
pub(super) fn asks(text: &str) -> Asks {
    let quoted = |line: &str| line.trim_start().starts_with('>');
    if text.contains('>') && text.lines().any(quoted) && !text.lines().all(quoted) {
        let mut out = Asks::default();
        for line in text.lines().filter(|l| !quoted(l)) {
            let a = asks_in(line);
            out.person |= a.person;
            out.overview |= a.overview;
            out.reported |= a.reported;
        }
        return out;
    }
    asks_in(text)
}

fn asks_in(text: &str) -> Asks {
    let sets = sets();
    let has_lower = text.bytes().any(|b| b.is_ascii_lowercase());
    let mut prev_upper = false;
    let mut out = Asks::default();
    let mut lower = String::new();
    let mut prev = String::new();
    out.reported = reported(text);
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() || w.len() > 24 {
            continue;
        }
        // `TRUMP SAYS` in a message that is not all capitals: a pasted headline's attribution
        // (a run of words in capitals; one word in capitals is emphasis).
        let upper = w.len() > 1 && has_lower && !w.bytes().any(|b| b.is_ascii_lowercase());
        let headline = upper && prev_upper;
        prev_upper = upper;
        let w = if w.bytes().any(|b| b.is_ascii_uppercase()) {
            lower.clear();
            lower.push_str(w);
            lower.make_ascii_lowercase();
            lower.as_str()
        } else {
            w
        };
        let w = super::chat::squeeze(w);
        // "the final say", "a say in it": control, not a remark.
        let a_say = w == "say" && matches!(prev.as_str(), "final" | "a" | "any" | "no");
        let pair = |pairs: &[(&str, &str)]| {
            !prev.is_empty() && pairs.iter().any(|(a, b)| *a == prev && *b == w)
        };
        let role = sets.roles.get(w.as_ref()).copied().unwrap_or_else(|| Role {
            person: is_misspelt_asking(&w),
            ..Role::default()
        });
        out.person |= (role.person && !headline && !a_say) || pair(PERSON_PAIRS);
        out.overview |= role.overview || (prev == "tl" && w == "dr") || pair(OVERVIEW_PAIRS);
        // Only the first words of pairs (and of `a say`) are kept for the next word.
        prev.clear();
        if role.first {
            prev.push_str(&w);
        }
    }
    if !text.is_ascii() {
        out.person |= PERSON_JA
            .iter()
            .chain(PERSON_JA_VERBS)
            .any(|w| text.contains(w));
        out.overview |= OVERVIEW_JA.iter().any(|w| text.contains(w));
        out.reported |= reported_ja(text);
    }
    out
}

/// Shortest asking word whose misspellings are read (`coments`, `statment`): shorter ones
/// are too near other words.
const MISSPELT_MIN: usize = 6;

/// Whether a word is one edit away from a long word that asks what someone said (`coment`).
pub(super) fn is_misspelt_asking(w: &str) -> bool {
    // Misspellings keep the first letter: the words starting with it are a handful.
    let first = w.bytes().next().filter(u8::is_ascii_lowercase);
    w.len() >= MISSPELT_MIN
        && first.is_some_and(|f| {
            sets().long_person[usize::from(f - b'a')]
                .iter()
                .any(|p| super::distance::within(w, p, 1).is_some())
        })
}

/// Whether a sentence reports a claim: a reporting verb after a word, followed by at least
/// [`CLAIM_WORDS`] words that make the claim. One pass, nothing allocated.
fn reported(text: &str) -> bool {
    let one_of = |list: &[&str], w: &str| list.iter().any(|x| w.eq_ignore_ascii_case(x));
    text.split(['.', '?', '!', '\n', ';']).any(|sentence| {
        let words = sentence
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty());
        // Words seen after the first reporting verb, if one came after another word.
        let mut after: Option<usize> = None;
        // The last two words, and how many came before them: "the pledge Trump keeps
        // bragging about" is about the pledge.
        let (mut last, mut before_last, mut count) = ("", "", 0usize);
        // "What is Trump claiming he got": the remark itself is asked for, not a claim made.
        let mut asks_what = false;
        for (i, w) in words.enumerate() {
            if i == 0 {
                asks_what = one_of(&["what", "what's", "whats"], w);
            }
            (before_last, last, count) = (last, w, i + 1);
            match after {
                Some(0) if one_of(NOT_A_CLAIM, w) => after = None,
                Some(n) if n + 1 >= CLAIM_WORDS => return true,
                Some(n) => after = Some(n + 1),
                None if i > 0 && !asks_what && is_reporting(w) => after = Some(0),
                None => {}
            }
        }
        let person = |w: &str| {
            is_reporting(w) || sets().roles.get(w).is_some_and(|r| r.person) || w == "posting"
        };
        count >= DANGLING_MIN_WORDS
            && (last.eq_ignore_ascii_case("about") || last.eq_ignore_ascii_case("abt"))
            && person(&before_last.to_ascii_lowercase())
    })
}

/// Words a sentence ending "… bragging about" needs to say what it is about ("what is this
/// japan promise trump keeps bragging about"; not "what is trump bragging about").
const DANGLING_MIN_WORDS: usize = 7;

/// Whether a Japanese sentence reports a claim: `言っ` (say) with more of the question
/// after its ending ("トランプが言ってる日本の投資って何？", "…って内閣府が言ってたけど本当？"),
/// not a question ending on it ("トランプは何と言った？"). A noun ending in 言 is no verb of
/// saying: "ラトニック長官の発言ってどんなの？" asks what he said.
fn reported_ja(text: &str) -> bool {
    text.match_indices("言っ").any(|(i, m)| {
        let noun = text[..i]
            .chars()
            .next_back()
            .is_some_and(super::cjk::is_kanji);
        !noun
            && text[i + m.len()..]
                .chars()
                .take_while(|c| !matches!(c, '？' | '?' | '。' | '！' | '!' | '\n'))
                .filter(|c| super::cjk::is_cjk(*c))
                .count()
                >= REPORTED_JA_TAIL
    })
}

/// Characters after `言っ` that make more than its ending (`た`, `てる`, `てた`).
const REPORTED_JA_TAIL: usize = 4;

/// Whether a word (any case) is a reporting verb: every one of them is 4 to 9 letters long
/// and ends in `s`, `d` or `g`, which rules out most words before any comparison.
fn is_reporting(w: &str) -> bool {
    (4..=9).contains(&w.len())
        && matches!(
            w.as_bytes()[w.len() - 1],
            b's' | b'd' | b'g' | b'S' | b'D' | b'G'
        )
        && REPORTING.iter().any(|x| w.eq_ignore_ascii_case(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reported_claims() {
        assert!(asks("TRUMP SAYS JAPAN TO INVEST $550 BILLION is this legit").reported);
        assert!(asks("trump said 80% of the profits go to the US right").reported);
        assert!(!asks("what has akazawa said so far").reported);
        assert!(asks("he kept saying the japan thing is a done deal").reported);
        assert!(!asks("what exactly is trump claiming he got out of japan").reported);
        assert!(!asks("what are officials saying abt the details").reported);
        assert!(asks("トランプが言ってる日本の投資って何？").reported);
        assert!(!asks("ラトニック長官の発言ってどんなの？").reported);
        assert!(!asks("赤沢氏の発言ってどういう内容だった？").reported);
        assert!(asks("what exactly is this japan promise trump keeps bragging about?").reported);
        assert!(!asks("what is trump bragging about now?").reported);
        assert!(!asks("what did trump say about rice").reported);
        assert!(!asks("lutnick said what?").reported);
        assert!(asks("トランプが言ってる日本の5500億ドル投資って何のこと？").reported);
        assert!(asks("配分は進み具合次第って内閣府が言ってたけど本当？").reported);
        assert!(!asks("トランプは何と言った？").reported);
        assert!(!asks("赤沢氏は何て言ってる？").reported);
        // The length and last-letter filter lets every reporting verb through.
        assert!(REPORTING
            .iter()
            .all(|w| is_reporting(w) && is_reporting(&w.to_uppercase())));
        assert!(!is_reporting("sad") && !is_reporting("trade"));
    }

    #[test]
    fn asking_words() {
        assert!(asks("How has the Cabinet Office DESCRIBED it").person);
        assert!(asks("akasawa coments?").person);
        assert!(!asks("akasawa comet?").person);
        assert!(asks("tl;dr of the japan deal").overview);
        assert!(asks("big picture, is it good").overview);
        assert!(asks("where are we on japan").overview);
        assert!(!asks("how big is the pledge").overview);
        assert!(asks("内閣府は何て説明してる？").person);
        assert!(!asks("> JAPAN TO PAY, TRUMP SAYS\nwhere's the money from").person);
        assert!(!asks("'WHITE HOUSE SAYS IT IS DONE' true?").person);
        assert!(!asks("does trump get the final say").person);
        assert!(asks("WHAT DID TRUMP SAY").person);
        assert!(asks("has the cabinet office clarified it").person);
        assert!(asks("did tokyo push back on that").person);
        assert!(!asks("did tokyo push the date").person);
        assert!(is_intent_stem("detail") && is_intent_stem("describ"));
    }
}
