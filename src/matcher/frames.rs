//! Question frames: what kind of thing a sentence asks, read from its small words before
//! they are dropped as stop words. "Where is the money coming from?" and "who pays?" ask
//! for a source; "who decides?", "how much say does Tokyo get?" and "where does it go?"
//! ask who controls something. A frame becomes a term of its own (`?source`, `?control`),
//! found the same way in the fact files' titles, aliases and examples as in questions, so
//! it counts for the topics whose curated text asks it, weighed like any term by how many
//! topics do. Frames are general English and Japanese; no topic is named here.

use super::pieces::Piece;

/// Asks where something comes from, or who pays.
pub(super) const SOURCE: &str = "?source";
/// Asks who decides or controls something, or where it goes.
pub(super) const CONTROL: &str = "?control";
/// Asks how something compares with everything before it ("has Japan ever put this much
/// in", "more than ever before").
pub(super) const HISTORY: &str = "?history";
/// Asks how big something is next to something else ("how does it stack up against",
/// "X vs Y", "relative to", "is that a lot for them").
pub(super) const SCALE: &str = "?scale";

/// Verbs that, after `who`, ask who pays.
const PAY: &[&str] = &[
    "pay",
    "pays",
    "paying",
    "paid",
    "fund",
    "funds",
    "funding",
    "finance",
    "finances",
    "financing",
    "bankroll",
    "bankrolls",
    "bankrolling",
    "foot",
    "foots",
    "footing",
];
/// Verbs that, after `who`, ask who decides.
const DECIDE: &[&str] = &[
    "decide",
    "decides",
    "deciding",
    "decided",
    "pick",
    "picks",
    "picking",
    "choose",
    "chooses",
    "choosing",
    "chose",
    "control",
    "controls",
    "controlling",
    "run",
    "runs",
    "running",
    "call",
    "calls",
    "approve",
    "approves",
    "approving",
    "steer",
    "steers",
    "direct",
    "directs",
    "determine",
    "determines",
    "allocate",
    "allocates",
    "oversee",
    "oversees",
    "manage",
    "manages",
    "select",
    "selects",
    "vet",
    "vets",
];
/// Verbs that, after `where`, ask where something comes from ("where is Japan getting it").
const GET: &[&str] = &[
    "getting", "get", "find", "finding", "raise", "raising", "source", "sourced",
];
/// Words that, after `ever`, ask about everything before.
const EVER: &[&str] = &[
    "before",
    "invested",
    "invest",
    "put",
    "spent",
    "pledged",
    "given",
    "poured",
    "sent",
    "made",
    "seen",
    "been",
    "done",
    "committed",
];
/// Whether two words in a row ask how something compares ("stack up", "compared with",
/// "bigger than", "a lot for", "this much"). A `match`, not a table: every word of every
/// text is asked, and most are turned away by their length.
fn scale_pair(w: &str, next: &str) -> bool {
    match w {
        "stack" | "stacks" => next == "up",
        // "Compared against" is also what the chat pass makes of "stack up against".
        "compare" | "compared" | "compares" => matches!(next, "to" | "with" | "against"),
        "relative" => next == "to",
        "proportion" => next == "of",
        "bigger" | "larger" => next == "than",
        "lot" => next == "for",
        "this" | "that" => next == "much",
        _ => false,
    }
}
/// Japanese runs that ask how something compares.
const SCALE_JA: &[&str] = &["比べ", "比較", "に対して", "相当"];
/// Japanese runs that ask about everything before.
const HISTORY_JA: &[&str] = &["今まで", "これまで", "過去", "史上", "かつて"];
/// Verbs that, after `where`, ask where something goes.
const GO: &[&str] = &[
    "go", "goes", "went", "end", "ends", "ended", "spent", "spend", "land", "lands",
];
/// Two words in a row that ask who decides.
const DECIDE_PAIRS: &[(&str, &str)] = &[
    ("much", "say"),
    ("final", "say"),
    ("say", "over"),
    ("say", "in"),
    ("in", "charge"),
    ("the", "shots"),
    ("veto", "power"),
];
/// Japanese runs that ask for a source, and who decides or where it goes.
const SOURCE_JA: &[&str] = &[
    "どこから",
    "どこが出",
    "誰が出",
    "誰が払",
    "出どころ",
    "出所",
];
const CONTROL_JA: &[&str] = &[
    "誰が決",
    "誰が選",
    "決めるのは",
    "決めるの",
    "決定権",
    "どこに使",
    "使い道",
    "どこに行",
    "どこへ行",
    "何に使",
];

/// Words after `who` that are looked at for the verb ("who actually gets to decide").
const REACH: usize = 4;

/// The frames of each segment: (segment, frame), each at most once per segment.
pub(super) fn frames(ps: &[Piece]) -> Vec<(u16, &'static str)> {
    let mut out: Vec<(u16, &'static str)> = Vec::new();
    let mut push = |seg: u16, frame: &'static str| {
        if !out.contains(&(seg, frame)) {
            out.push((seg, frame));
        }
    };
    for (i, p) in ps.iter().enumerate() {
        let seg = p.segment;
        if p.cjk {
            for (runs, frame) in [
                (SOURCE_JA, SOURCE),
                (CONTROL_JA, CONTROL),
                (HISTORY_JA, HISTORY),
                (SCALE_JA, SCALE),
            ] {
                if runs.iter().any(|w| p.text.contains(w)) {
                    push(seg, frame);
                }
            }
            continue;
        }
        let rest = || ps[i + 1..].iter().take_while(|n| n.segment == seg);
        let near = || rest().take(REACH);
        let next = ps.get(i + 1).filter(|n| n.segment == seg);
        match p.text.as_str() {
            "where" | "where's" | "wheres"
                if rest().any(|n| n.text == "from" || GET.contains(&n.text.as_str())) =>
            {
                push(seg, SOURCE)
            }
            "where" | "where's" | "wheres" if rest().any(|n| GO.contains(&n.text.as_str())) => {
                push(seg, CONTROL)
            }
            "come" | "comes" | "coming" | "came" if next.is_some_and(|n| n.text == "from") => {
                push(seg, SOURCE)
            }
            // "ever put this much in", "more than they have invested, like, ever".
            "ever"
                if rest().any(|n| EVER.contains(&n.text.as_str()))
                    || ps[..i]
                        .iter()
                        .rev()
                        .take_while(|b| b.segment == seg)
                        .any(|b| b.text == "than" || EVER.contains(&b.text.as_str())) =>
            {
                push(seg, HISTORY)
            }
            "historically" => push(seg, HISTORY),
            // "more than Japan has invested over the last generation combined", "bigger than
            // all of it put together".
            "combined" | "together" | "generation"
                if ps[..i]
                    .iter()
                    .rev()
                    .take_while(|b| b.segment == seg)
                    .any(|b| b.text == "than") =>
            {
                push(seg, HISTORY)
            }
            "vs" | "versus" | "comparison" | "comparable" => push(seg, SCALE),
            "who" | "who's" | "whos" => {
                if near().any(|n| PAY.contains(&n.text.as_str())) {
                    push(seg, SOURCE);
                }
                if near().any(|n| DECIDE.contains(&n.text.as_str())) {
                    push(seg, CONTROL);
                }
            }
            w => {
                if next.is_some_and(|n| DECIDE_PAIRS.contains(&(w, n.text.as_str()))) {
                    push(seg, CONTROL);
                }
                if next.is_some_and(|n| scale_pair(w, &n.text)) {
                    push(seg, SCALE);
                }
            }
        }
    }
    out
}

/// Whether a term key is a frame.
pub(super) fn is_frame(key: &str) -> bool {
    key.starts_with('?')
}

#[cfg(test)]
mod tests {
    use super::super::pieces::pieces;
    use super::*;

    fn of(text: &str) -> Vec<&'static str> {
        frames(&pieces(text)).into_iter().map(|(_, f)| f).collect()
    }

    #[test]
    fn english_frames() {
        assert_eq!(
            of("Where is Japan actually getting $550 billion from?"),
            [SOURCE]
        );
        assert_eq!(of("is the cash coming from government banks"), [SOURCE]);
        assert_eq!(
            of("more than japan has put in over a generation combined"),
            [HISTORY]
        );
        assert_eq!(of("bigger than all of it put together"), [SCALE, HISTORY]);
        assert_eq!(of("so who is paying for all this"), [SOURCE]);
        assert_eq!(of("who decides which projects get it"), [CONTROL]);
        assert_eq!(
            of("how much say does tokyo get over where the cash ends up"),
            [CONTROL]
        );
        assert_eq!(of("where does the money go?"), [CONTROL]);
        assert_eq!(of("Where is Japan getting the money for this?"), [SOURCE]);
        assert_eq!(of("yo where's jp even getting 550b from lol"), [SOURCE]);
        assert_eq!(
            of("Has Japan ever put anything close to this much in before?"),
            [HISTORY, SCALE]
        );
        assert_eq!(
            of("is that more than japan has invested in the us like ever?"),
            [HISTORY]
        );
        assert_eq!(
            of("how does 550 billion stack up against japans economy"),
            [SCALE]
        );
        assert_eq!(of("550b vs japan's gdp"), [SCALE]);
        assert_eq!(of("is 550b a lot for japan"), [SCALE]);
        assert!(of("a lot of people are asking").is_empty());
        assert!(of("is it ever getting signed").is_empty());
        assert!(of("where are we on the japan deal").is_empty());
        assert!(of("who is akazawa").is_empty());
        // Each sentence on its own: `where` in one, `from` in the next.
        assert!(of("where is it. from tokyo").is_empty());
    }

    #[test]
    fn japanese_frames() {
        assert_eq!(of("お金はどこから出るの？"), [SOURCE]);
        assert_eq!(of("お金の使い道って誰が決めるの？"), [CONTROL]);
        assert_eq!(of("日本のGDPと比べてどう？"), [SCALE]);
        assert!(of("赤沢氏は何と言った？").is_empty());
    }
}
