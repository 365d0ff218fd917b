//! How people write in chat, made plain before matching: clipped words and abbreviations
//! (`govt`, `abt`, `pharma`), letters repeated for effect (`sooo`), laughter and filler
//! (`lol`, `ngl`, `tbh`), and a general synonym lexicon: everyday words for the terms fact
//! files use, which mean the same in any deal (`earnings` = profit, `IOU` = loan,
//! `rubber-stamped` = signed, `blindsided` = surprised). Per-topic aliases stay for what is
//! specific to a topic.

/// Filler and laughter: no meaning for matching.
const FILLER: &[&str] = &[
    "lol",
    "lmao",
    "lmfao",
    "rofl",
    "haha",
    "hahaha",
    "hehe",
    "kek",
    "xd",
    "omg",
    "smh",
    "tbh",
    "ngl",
    "imo",
    "imho",
    "fr",
    "rn",
    "idk",
    "ikr",
    "bruh",
    "bro",
    "pls",
    "plz",
    "ok",
    "okay",
    "yall",
    "ya",
    "yo",
    "hmm",
    "btw",
    "lowkey",
    "highkey",
    "nah",
    "yeah",
    "yep",
    "nope",
    "kinda",
    "sorta",
    "literally",
    "basically",
    "tho",
    "fyi",
];

/// One word for another: clipped words and abbreviations first, then synonyms.
const WORDS: &[(&str, &str)] = &[
    // Short words misspelt (longer ones are found by their edit distance).
    ("teh", "the"),
    ("hte", "the"),
    ("adn", "and"),
    ("taht", "that"),
    ("waht", "what"),
    // Words spelt as another word (no edit distance finds them: the word exists) or too
    // short for one.
    ("lone", "loan"),
    ("lones", "loans"),
    ("mony", "money"),
    ("prophets", "profits"),
    ("govt", "government"),
    ("gov", "government"),
    ("gvt", "government"),
    ("abt", "about"),
    ("pharma", "pharmaceutical"),
    ("admin", "administration"),
    ("pres", "president"),
    ("sec", "secretary"),
    ("potus", "president"),
    ("econ", "economy"),
    ("invt", "investment"),
    ("investmt", "investment"),
    ("amt", "amount"),
    ("bn", "billion"),
    ("tn", "trillion"),
    ("yrs", "years"),
    ("agreemnt", "agreement"),
    ("iou", "loan"),
    ("ious", "loan"),
    ("lending", "loan"),
    ("loaning", "loan"),
    ("earnings", "profits"),
    ("proceeds", "profits"),
    ("payout", "profits"),
    ("payouts", "profits"),
    ("rubberstamped", "signed"),
    ("inked", "signed"),
    ("ratified", "signed"),
    ("blindsided", "surprised"),
    ("shocked", "surprised"),
    ("stunned", "surprised"),
    ("flabbergasted", "surprised"),
    ("gobsmacked", "surprised"),
    ("bankrolling", "funding"),
    ("bankroll", "funding"),
    ("bankrolled", "funding"),
    ("ships", "shipbuilding"),
    ("semis", "semiconductors"),
    ("microchips", "chips"),
    ("airliners", "aircraft"),
    ("jetliners", "aircraft"),
    ("787s", "aircraft"),
    ("777s", "aircraft"),
    ("737s", "aircraft"),
    ("747s", "aircraft"),
    ("dreamliner", "aircraft"),
    ("dreamliners", "aircraft"),
    ("carmakers", "automakers"),
    ("wh", "whitehouse"),
    ("divvy", "allocate"),
    ("divvied", "allocated"),
    ("divvying", "allocating"),
    ("ink", "signed"),
    ("grade", "evaluate"),
    ("grading", "evaluating"),
    ("graded", "evaluated"),
    ("benchmark", "standard"),
    ("yardstick", "standard"),
    ("squeeze", "pressure"),
    ("squeezed", "pressure"),
    ("squeezing", "pressure"),
    ("recoup", "repay"),
    ("goods", "products"),
    ("jack", "raise"),
    ("jacking", "raising"),
    ("jacked", "raised"),
    ("crank", "raise"),
    ("cranks", "raises"),
    ("cranking", "raising"),
    ("cranked", "raised"),
    ("hike", "raise"),
    ("hikes", "raises"),
    ("hiked", "raised"),
    ("hiking", "raising"),
    ("levies", "tariffs"),
    ("levy", "tariffs"),
    ("duties", "tariffs"),
    ("returns", "profits"),
    ("ag", "agriculture"),
    ("agri", "agriculture"),
    ("renamed", "relabeled"),
    ("gimme", "tell"),
    ("freebie", "gift"),
    ("donation", "gift"),
    ("donations", "gift"),
    ("playbook", "standard"),
    ("medicines", "pharmaceuticals"),
    ("upside", "profits"),
    ("veto", "control"),
    ("chipmaking", "chips"),
    ("chipmakers", "chips"),
    ("pocket", "keep"),
    ("pockets", "keeps"),
    ("pocketing", "keeping"),
    ("pocketed", "kept"),
    ("fronts", "provides"),
    ("fronting", "providing"),
    ("yearly", "annual"),
    ("sealed", "signed"),
    ("bragging", "touting"),
    ("brags", "touts"),
    ("bragged", "touted"),
    ("boasting", "touting"),
    ("boasts", "touts"),
    ("boasted", "touted"),
    ("hyping", "touting"),
    ("hails", "touts"),
    ("hailed", "touted"),
    ("hailing", "touting"),
    // An obligation is binding; being obligated, like being on the hook, says who pays.
    ("obligation", "binding"),
    ("obligations", "binding"),
    ("cash", "money"),
    ("tariffed", "tariffs"),
    ("payoff", "profits"),
    ("mismatch", "disagreement"),
    ("reveal", "announcement"),
    ("annually", "annual"),
    ("drugmaker", "pharmaceuticals"),
    ("drugmakers", "pharmaceuticals"),
    ("kickback", "profits"),
    ("kickbacks", "profits"),
    ("taxpayer", "public"),
    ("taxpayers", "public"),
    ("snapback", "raise"),
];

/// The most words a phrase of [`PHRASES`] has: the reader looks no further ahead.
pub const MAX_PHRASE_WORDS: usize = 4;

/// Phrases that mean one word: (words, the word), each at most [`MAX_PHRASE_WORDS`] long.
const PHRASES: &[(&[&str], &str)] = &[
    (&["state", "of", "play"], "status"),
    (&["lay", "of", "the", "land"], "status"),
    (&["on", "the", "hook"], "obligated"),
    (&["rubber", "stamped"], "signed"),
    (&["rubber", "stamp"], "signed"),
    (&["signed", "off"], "signed"),
    (&["sign", "off"], "signed"),
    (&["caught", "off", "guard"], "surprised"),
    (&["out", "of", "the", "blue"], "surprised"),
    (&["pay", "it", "back"], "repay"),
    (&["uncle", "sam"], "america"),
    (&["hashed", "out"], "negotiated"),
    (&["walked", "back"], "retracted"),
    (&["final", "say"], "control"),
    (&["written", "down"], "written"),
    (&["sets", "the", "bar"], "standard"),
    (&["set", "the", "bar"], "standard"),
    (&["raises", "the", "bar"], "standard"),
    (&["walk", "back"], "retract"),
    (&["official", "line"], "statement"),
    // Money split up or divided up is allocated (a split of profits stays a split).
    (&["split", "up"], "allocated"),
    (&["divided", "up"], "allocated"),
    (&["divvied", "up"], "allocated"),
    (&["divvy", "up"], "allocate"),
    // Money "put into" a country is invested there.
    (&["put", "into"], "invest"),
    (&["puts", "into"], "invests"),
    (&["putting", "into"], "investing"),
    (&["put", "in"], "invest"),
    (&["puts", "in"], "invests"),
    (&["putting", "in"], "investing"),
    // What an office "put out" is what it said, not money it put in.
    (&["put", "out"], "said"),
    (&["puts", "out"], "said"),
    (&["hash", "out"], "negotiate"),
    (&["hashing", "out"], "negotiating"),
    (&["sum", "up"], "summary"),
    (&["big", "picture"], "overview"),
    (&["check", "ins"], "reviews"),
    (&["taken", "aback"], "surprised"),
    (&["in", "black", "and", "white"], "written"),
    (&["rare", "earths"], "minerals"),
    (&["rare", "earth"], "minerals"),
    (&["calls", "the", "shots"], "control"),
    (&["call", "the", "shots"], "control"),
    (&["calling", "the", "shots"], "control"),
    (&["pulls", "the", "strings"], "control"),
    (&["pull", "the", "strings"], "control"),
    (&["pulling", "the", "strings"], "control"),
    (&["slush", "fund"], "control"),
    (&["national", "output"], "gdp"),
    (&["economic", "output"], "gdp"),
    (&["check", "in"], "review"),
    (&["new", "bar"], "standard"),
    (&["in", "perspective"], "compared"),
    (&["lean", "on"], "pressure"),
    (&["give", "me"], "tell"),
    (&["import", "taxes"], "tariffs"),
    (&["import", "tax"], "tariffs"),
    (&["pocket", "change"], "small"),
    (&["writing", "the", "checks"], "paying"),
    (&["writing", "checks"], "paying"),
    (&["writing", "a", "check"], "paying"),
    (&["write", "the", "checks"], "pay"),
    (&["steering", "wheel"], "control"),
    (&["piggy", "bank"], "control"),
    (&["done", "and", "dusted"], "final"),
    (&["in", "the", "loop"], "knew"),
    (&["regular", "intervals"], "periodically"),
    (&["follow", "through"], "compliance"),
    (&["every", "other", "country"], "nations"),
    (&["every", "other", "nation"], "nations"),
    (&["every", "ally"], "nations"),
    (&["other", "allies"], "nations"),
    (&["everyone", "else"], "nations"),
    (&["everybody", "else"], "nations"),
    (&["new", "sticker"], "relabeled"),
    (&["new", "label"], "relabeled"),
    (&["new", "paint", "job"], "relabeled"),
    (&["in", "the", "pipeline"], "planned"),
    (&["make", "money"], "profit"),
    (&["makes", "money"], "profits"),
    (&["making", "money"], "profits"),
    (&["made", "money"], "profits"),
    (&["purse", "strings"], "control"),
    (&["warning", "shot"], "pressure"),
    (&["on", "the", "books"], "planned"),
    (&["lending", "arm"], "lender"),
    (&["whats", "the", "deal", "with"], "about"),
    (&["what's", "the", "deal", "with"], "about"),
    (&["annual", "output"], "gdp"),
    (&["total", "output"], "gdp"),
    // A cut of something is a share of it ("a cut of the japan money", "a cut of the
    // profits"); a cut in tariffs is a reduction, and stays a cut.
    (&["a", "cut", "of"], "share"),
    (&["cut", "of", "the"], "share"),
    (&["big", "a", "cut"], "share"),
    (&["their", "cut"], "share"),
    (&["our", "cut"], "share"),
    // A personal win is a victory; a win for farmers or Boeing is a gain.
    (&["personal", "win"], "victory"),
    // Going back up is being raised again ("could tariffs go back up if they don't deliver").
    (&["back", "up"], "raise"),
    (&["stack", "up"], "compared"),
    (&["stacks", "up"], "compared"),
];

/// Emoji that stand for a thing, and the word for it (faces and gestures say nothing).
const EMOJI: &[(char, &str)] = &[
    ('\u{1f6a2}', "ships"),           // ship
    ('\u{26f4}', "ships"),            // ferry
    ('\u{2708}', "planes"),           // airplane
    ('\u{1f6eb}', "planes"),          // departure
    ('\u{1f6ec}', "planes"),          // arrival
    ('\u{1f697}', "cars"),            // automobile
    ('\u{1f699}', "cars"),            // SUV
    ('\u{1f3ed}', "factories"),       // factory
    ('\u{1f33e}', "rice"),            // sheaf of rice
    ('\u{1f35a}', "rice"),            // cooked rice
    ('\u{1f48a}', "pharmaceuticals"), // pill
    ('\u{1f4b0}', "money"),           // money bag
    ('\u{1f4b5}', "money"),           // dollar banknote
    ('\u{1f4b8}', "money"),           // money with wings
    ('\u{1f4dd}', "written"),         // memo
    ('\u{270d}', "signed"),           // writing hand
];

/// The word an emoji stands for, if it stands for a thing.
pub fn emoji(c: char) -> Option<&'static str> {
    if (c as u32) < 0x2000 {
        return None;
    }
    EMOJI.iter().find(|(e, _)| *e == c).map(|(_, w)| *w)
}

/// What the chat tables say of one word: one lookup answers every question about it.
#[derive(Debug, Default)]
pub struct Entry {
    /// Filler or laughter (`lol`).
    filler: bool,
    /// The plain word for a chat word or synonym (`govt` → `government`).
    plain: Option<&'static str>,
    /// The phrases of [`PHRASES`] starting with this word, by place there, in order.
    phrases: Vec<u16>,
}

impl Entry {
    /// Whether a phrase may start with this word.
    pub fn starts_phrase(&self) -> bool {
        !self.phrases.is_empty()
    }

    /// The plain word for this chat word or synonym.
    pub fn plain(&self) -> Option<&'static str> {
        self.plain
    }
}

/// The chat tables' entry for a lowercase word, if it has one; a clipped word's
/// possessive (`sec's`, `admin's`) is the word's, read as its plain word (the stemmer
/// drops the `'s` of any word).
pub fn entry(word: &str) -> Option<&'static Entry> {
    let entries = &tables().entries;
    entries.get(word).or_else(|| {
        let base = word.strip_suffix("'s")?;
        entries.get(base).filter(|e| e.plain.is_some())
    })
}

/// Whether a lowercase word is filler or laughter (`lol`, `hahaha`, `lmaooo`), given its
/// [`entry`].
pub fn is_filler_with(word: &str, entry: Option<&Entry>) -> bool {
    entry.is_some_and(|e| e.filler)
        || (word.len() >= 4 && word.starts_with("ha") && word.chars().all(|c| c == 'h' || c == 'a'))
        || (word.len() >= 4 && word.starts_with("lmao"))
}

/// Whether `word` is "keep" saying only that something goes on ("everyone keeps talking
/// about", "i keep seein both"), not what is kept ("the US keeps 90%"): before a word
/// ending in -ing (or -in', the g dropped).
pub fn is_aspect_verb(word: &str, next: Option<&str>) -> bool {
    matches!(word, "keep" | "keeps" | "kept" | "keeping")
        && next.is_some_and(|n| n.len() >= 5 && (n.ends_with("ing") || n.ends_with("in")))
}

/// A word with letters repeated three times or more cut to one (`sooo` → `so`,
/// `loooan` → `loan`); digits are kept as they are.
pub fn squeeze(word: &str) -> std::borrow::Cow<'_, str> {
    let repeated = if word.is_ascii() {
        // Every word of every text comes here: bytes, not chars, for the common case.
        word.as_bytes()
            .windows(3)
            .any(|w| w[0] == w[1] && w[1] == w[2] && w[0].is_ascii_alphabetic())
    } else {
        let (mut a, mut b) = ('\0', '\0');
        word.chars().any(|c| {
            let run = c == a && c == b && c.is_alphabetic();
            (a, b) = (b, c);
            run
        })
    };
    if !repeated {
        return std::borrow::Cow::Borrowed(word);
    }
    let bytes: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let mut j = i;
        while j < bytes.len() && bytes[j] == c {
            j += 1;
        }
        let run = j - i;
        let keep = if run >= 3 && c.is_alphabetic() {
            1
        } else {
            run
        };
        out.extend(std::iter::repeat_n(c, keep));
        i = j;
    }
    std::borrow::Cow::Owned(out)
}

/// The phrase starting at `words[0]`, if any: (how many words it takes, the word it means).
pub fn phrase(words: &[&str]) -> Option<(usize, &'static str)> {
    let first = entry(words.first()?)?;
    // After the first word, a long word may be misspelt by one letter ("caught off gaurd").
    let same = |got: &str, want: &str| {
        got == want || (want.len() >= 5 && super::distance::within(got, want, 1).is_some())
    };
    first
        .phrases
        .iter()
        .map(|&i| &PHRASES[usize::from(i)])
        .find(|(p, _)| {
            words.len() >= p.len()
                && words[1..p.len()]
                    .iter()
                    .zip(&p[1..])
                    .all(|(g, w)| same(g, w))
        })
        .map(|(p, w)| (p.len(), *w))
}

/// The word lists as one map, built once: every word of every text is looked up.
struct Tables {
    entries: rustc_hash::FxHashMap<&'static str, Entry>,
}

fn tables() -> &'static Tables {
    static TABLES: std::sync::OnceLock<Tables> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let mut entries: rustc_hash::FxHashMap<&'static str, Entry> = Default::default();
        for w in FILLER {
            entries.entry(w).or_default().filler = true;
        }
        for (w, plain) in WORDS {
            entries.entry(w).or_default().plain = Some(plain);
        }
        for (i, (p, _)) in PHRASES.iter().enumerate() {
            entries.entry(p[0]).or_default().phrases.push(i as u16);
        }
        Tables { entries }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_filler(word: &str) -> bool {
        is_filler_with(word, entry(word))
    }

    fn plain(word: &str) -> Option<&'static str> {
        entry(word).and_then(Entry::plain)
    }

    #[test]
    fn chat_words_are_made_plain() {
        assert_eq!(squeeze("sooo"), "so");
        assert_eq!(squeeze("loooan"), "loan");
        assert_eq!(squeeze("550000"), "550000");
        assert_eq!(squeeze("committee"), "committee");
        assert!(is_filler("lol") && is_filler("hahahaha") && is_filler("lmaooo"));
        assert!(!is_filler("hash"));
        assert_eq!(plain("govt"), Some("government"));
        assert_eq!(plain("iou"), Some("loan"));
        assert_eq!(plain("sec's"), Some("secretary"));
        assert_eq!(plain("lol's"), None);
        assert_eq!(
            phrase(&["on", "the", "hook", "for"]),
            Some((3, "obligated"))
        );
        assert_eq!(phrase(&["on", "the"]), None);
        assert!(is_aspect_verb("keeps", Some("saying")) && is_aspect_verb("keep", Some("seein")));
        assert!(!is_aspect_verb("keeps", Some("90")) && !is_aspect_verb("keep", Some("the")));
        // A longer phrase would never be read.
        for (p, _) in PHRASES {
            assert!(p.len() <= MAX_PHRASE_WORDS, "{p:?}");
        }
    }
}
