//! The four kinds of answer through `dealcheck ask`, Japanese replies, and a second deal.

use serde_json::Value;

pub(crate) fn ask(facts: &std::path::Path, q: &str) -> (Value, String) {
    let run = |json: bool| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dealcheck"));
        cmd.arg("ask").arg("--facts").arg(facts);
        if json {
            cmd.arg("--json");
        }
        let o = cmd.arg("--").arg(q).output().unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    };
    (serde_json::from_str(&run(true)).unwrap(), run(false))
}

/// What a reply is: a topic id, `speaker:<key>`, `overview:<deal>`, or `none`.
pub(crate) fn kind(v: &Value) -> String {
    if let Some(s) = v["speaker"]["speaker"].as_str() {
        return format!("speaker:{s}");
    }
    if let Some(d) = v["overview"]["topic"].as_str() {
        return format!("overview:{d}");
    }
    v["matches"][0]["topic"]
        .as_str()
        .unwrap_or("none")
        .to_string()
}

#[test]
fn a_person_gets_a_speaker_reply_and_the_whole_deal_an_overview() {
    let facts = crate::util::bundled_dir();
    let (v, text) = ask(&facts, "what did akazawa say?");
    assert_eq!(kind(&v), "speaker:akazawa");
    assert!(text.starts_with("What Ryosei Akazawa said"), "{text}");
    // Grouped by topic, each statement with its kind and attribution.
    assert!(
        text.contains("Is there a signed, written or legally binding agreement?:"),
        "{text}"
    );
    assert!(
        text.contains("Clarified: Akazawa emphasized the importance of a joint written statement"),
        "{text}"
    );
    assert!(
        !text.contains("Donald Trump"),
        "only Akazawa's statements: {text}"
    );
    // A question about a topic that names him stays with the topic.
    let (v, _) = ask(&facts, "what did akazawa say about the quarterly review?");
    assert_eq!(kind(&v), "quarterly-review");

    let (v, text) = ask(&facts, "is the japan deal done?");
    assert_eq!(kind(&v), "overview:us-japan-550b");
    assert!(
        text.contains("No firm, written agreement has been signed."),
        "{text}"
    );
    assert!(text.contains("Still under negotiation:"), "{text}");
    for q in [
        "any updates on the us/japan investment thing?",
        "fill me in on the tokyo pledge",
        // Explaining, the state of play, a pair that asks ("the short version"), and the
        // pledge named by a figure an alias gives ("half a trillion").
        "could someone explain the tokyo pledge to me",
        "what's the state of play with the japan deal",
        "japan pledge, short version pls",
        "any news on the half a trillion from japan?",
    ] {
        assert_eq!(kind(&ask(&facts, q).0), "overview:us-japan-550b", "{q}");
    }
    for (q, who) in [
        ("where does the commerce dept stand", "speaker:lutnick"),
        ("quotes from the white house?", "speaker:white-house"),
        ("anything from tokyo's negotiator?", "speaker:akazawa"),
    ] {
        assert_eq!(kind(&ask(&facts, q).0), who, "{q}");
    }
    // Near misses stay near misses, whoever they name.
    for q in [
        "how much did Saudi Arabia pledge during Trump's visit",
        "any news on the bank of japan rates?",
        // A speaker's remark on a subject the base does not know, although the speaker's
        // name is one of a topic's aliases.
        "what did lutnick say about the census",
        // Another law: its name shares a topic's word.
        "what's in the chips act",
        // `finally` is no `final` (a topic's word for a signed deal).
        "finally some good news for my team",
        // Everyday words alone (`time`, `year`, `person`) say nothing about a topic.
        "what time of year is best for a trip?",
        "are you a person",
    ] {
        assert_eq!(kind(&ask(&facts, q).0), "none", "{q}");
    }
    // The same word with the deal named, a question frame, a reported claim.
    for (q, topic) in [
        (
            "does the japan deal help the chips act",
            "strategic-sectors",
        ),
        (
            "Where is Japan actually getting $550 billion from?",
            "facility-state-lenders",
        ),
        ("who's paying for all this", "facility-state-lenders"),
        (
            "お金の使い道って誰が決めるの？トランプ？",
            "allocation-control",
        ),
        (
            "TRUMP SAYS JAPAN TO INVEST $550 BILLION IN AMERICA is this legit",
            "headline-550b",
        ),
    ] {
        assert_eq!(kind(&ask(&facts, q).0), topic, "{q}");
    }
    // A real word is not a typo of the base's (`change` is not `charge`).
    assert_eq!(
        kind(&ask(&facts, "how do i change my nickname here").0),
        "none"
    );
}

#[test]
fn a_japanese_question_gets_its_topic_with_japanese_headings() {
    let facts = crate::util::bundled_dir();
    let (v, text) = ask(&facts, "日本はコメの輸入枠を増やすの？");
    assert_eq!(kind(&v), "agriculture-rice");
    assert_eq!(v["lang"], "ja");
    assert!(
        text.starts_with("日本は米国産のコメや農産物をもっと買うのか？"),
        "{text}"
    );
    assert!(text.contains("\n説明・反論:\n"), "{text}");
    assert!(text.contains("\n出典:\n"), "{text}");
    assert!(text.contains("2026-12-01時点。"), "{text}");
    // Statements stay in the source's words, under the fact file's translation, which is
    // marked as one.
    assert!(text.contains("Japanese leaders indicated"), "{text}");
    let translated = "日本の指導者らは、現行の割当枠を超えて農産物の購入を増やすことは約束しないとの考えを示した。〔翻訳〕\n  Contrary to";
    assert!(text.contains(translated), "{text}");
    let clarified = &v["matches"][0]["clarified"][0];
    assert!(
        clarified["text_ja"]
            .as_str()
            .is_some_and(|t| t.contains("割当枠")),
        "{v}"
    );
    let (_, english) = ask(&facts, "will japan import more rice?");
    assert!(
        !english.contains("〔翻訳〕") && !english.contains("割当枠"),
        "{english}"
    );
    // A speaker reply in Japanese names the speaker as the fact file writes it in Japanese.
    let (v, text) = ask(&facts, "赤沢氏は何と言った？");
    assert_eq!(kind(&v), "speaker:akazawa");
    assert!(text.starts_with("赤沢亮正氏の発言\n"), "{text}");
    // A speaker's name in Japanese is one word: naming Trump does not drown the topic asked
    // about in the name's three bigrams.
    let (v, _) = ask(&facts, "トランプが言ってたシードマネーって結局融資なの？");
    assert_eq!(kind(&v), "seed-money-loan");
    let (v, text) = ask(&facts, "今夜のサッカーの試合見る人いる？");
    assert_eq!(kind(&v), "none");
    assert!(text.starts_with("確かな一致はありません。"), "{text}");
    let (v, _) = ask(&facts, "日銀は利上げするの？");
    assert_eq!(kind(&v), "none", "the Bank of Japan is another institution");
}

/// A copy of the bundled facts with the fictional second deal beside them.
fn two_deals() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    crate::util::copy_dir(&crate::util::bundled_dir(), tmp.path());
    std::fs::copy(
        crate::util::fixture("second-deal/freedonia-canal.toml"),
        tmp.path().join("freedonia-canal.toml"),
    )
    .unwrap();
    tmp
}

#[test]
fn with_a_second_deal_each_question_goes_to_its_own_deal() {
    let tmp = two_deals();
    for (q, want) in [
        (
            "will sylvania's ships pay tolls on the freedonia canal?",
            "canal-tolls",
        ),
        (
            "who is paying to dredge the canal in fredonia",
            "canal-dredging",
        ),
        ("is japan's 550 billion a loan?", "seed-money-loan"),
        ("did japan sign anything", "binding-agreement"),
        ("did the UK pledge 400 billion to the US?", "none"),
        (
            "where are we on the freedonia canal pact?",
            "overview:freedonia-canal",
        ),
    ] {
        let (v, text) = ask(tmp.path(), q);
        assert_eq!(kind(&v), want, "{q}:\n{text}");
    }
}

#[test]
fn the_pledge_in_everyday_verbs_is_the_headline_and_give_me_only_asks() {
    let facts = crate::util::bundled_dir();
    // How people say "pledged": giving, dropping, pumping. Not the seed-money topic's
    // "give back" nor the surprise topic's "drop that number".
    for q in [
        "wait so japan is giving us half a trillion dollars??",
        "japan dropping 550 billion on the us?? fr",
        "so japan is pumping $550 billion into the US economy?",
    ] {
        assert_eq!(kind(&ask(&facts, q).0), "headline-550b", "{q}");
    }
    // "give it back" is still the seed-money question.
    let (v, _) = ask(
        &facts,
        "does japan ever get to give back less than it put in, or is it a loan",
    );
    assert_eq!(kind(&v), "seed-money-loan");
    // "give me" asks for something: here the deal as a whole.
    let (v, _) = ask(&facts, "give me the rundown on the $550b japan thing pls");
    assert_eq!(kind(&v), "overview:us-japan-550b");
}

#[test]
fn a_company_in_lower_case_is_a_name_the_base_does_not_know() {
    let facts = crate::util::bundled_dir();
    for q in [
        "did intel get more government money",
        "airbus vs boeing orders this year?",
        "DID INTEL GET MORE GOVERNMENT MONEY",
    ] {
        assert_eq!(kind(&ask(&facts, q).0), "none", "{q}");
    }
    // A company the base knows is its word; Japan's carmakers are not held against the
    // deal's auto tariffs.
    let (v, _) = ask(&facts, "is boeing selling planes to japan in this deal");
    assert_eq!(kind(&v), "boeing-aircraft");
    let (v, _) = ask(&facts, "do toyota and honda get lower tariffs now");
    assert_eq!(kind(&v), "tariffs-autos");
}

#[test]
fn another_law_or_programme_that_does_not_name_the_deal_gets_no_match() {
    let facts = crate::util::bundled_dir();
    for q in [
        "is CHIPS Act grant money still being paid out?",
        "is the CHIPS Act money still being handed out to companies",
        // `法` after a name in Latin letters is a law (`CHIPS法`), not the chips topic.
        "CHIPS法の補助金ってどうなった？",
    ] {
        assert_eq!(kind(&ask(&facts, q).0), "none", "{q}");
    }
    // Naming the deal, the same words are its own.
    let (v, _) = ask(&facts, "will the japan deal fund chips, like the CHIPS Act");
    assert_eq!(kind(&v), "strategic-sectors");
}

#[test]
fn a_speaker_named_in_several_words_is_named_only_where_they_stand_together() {
    let facts = crate::util::bundled_dir();
    let (v, _) = ask(
        &facts,
        "has the japanese government said anything about this?",
    );
    assert_eq!(kind(&v), "speaker:cabinet-office");
    // "Tokyo" and "government" far apart do not name Japan's government.
    let q = "My aunt in Tokyo thinks it is all smoke. We argued for an hour. \
             Anyway, does the money come out of government-run banks or private firms?";
    assert_eq!(kind(&ask(&facts, q).0), "facility-state-lenders");
    // 要点 (the main points) asks for the deal as a whole.
    let (v, _) = ask(&facts, "日米合意の要点は？");
    assert_eq!(kind(&v), "overview:us-japan-550b");
}

#[test]
fn the_clause_that_asks_for_the_news_of_the_deal_is_the_question() {
    let facts = crate::util::bundled_dir();
    // The ramble around it ("offline", "week") names no topic of the base.
    let (v, _) = ask(
        &facts,
        "been offline for a week, what happened with japan and the 550 billion",
    );
    assert_eq!(kind(&v), "overview:us-japan-550b");
    // A clause reporting that the deal is done is a claim, not the asking; another
    // subject in the asking clause is that subject.
    let q = "my dad kept saying the japan deal is done, contracts and everything. is anything actually signed?";
    assert_eq!(kind(&ask(&facts, q).0), "binding-agreement");
    let q = "been offline all week, what happened with japan's election";
    assert_eq!(kind(&ask(&facts, q).0), "none");
}

#[test]
fn still_in_talks_asks_for_the_status_and_another_country_is_another_subject() {
    let facts = crate::util::bundled_dir();
    let q = "Is the Japan deal finished or still in talks?";
    assert_eq!(kind(&ask(&facts, q).0), "overview:us-japan-550b");
    let q = "did trump and the japanese pm talk about north korea";
    assert_eq!(kind(&ask(&facts, q).0), "none");
}

#[test]
fn other_countries_as_a_topic_speaks_of_them_are_that_topic() {
    let facts = crate::util::bundled_dir();
    // Two other countries and a word of the topic that speaks of other countries.
    let q = "does this put pressure on korea and the eu to match it";
    assert_eq!(kind(&ask(&facts, q).0), "new-standard");
    // One other country is that country's own deal; two with only shared words
    // ("tariffs", "going up") are their own subject.
    for q in [
        "what did south korea pledge in its trade deal with trump",
        "are tariffs on china and mexico going up",
    ] {
        assert_eq!(kind(&ask(&facts, q).0), "none", "{q}");
    }
}

#[test]
fn misspellings_of_short_names_and_of_phrases_are_read() {
    let facts = crate::util::bundled_dir();
    // A changed letter in a short word that is no English word (`trunp`).
    assert_eq!(kind(&ask(&facts, "what has trunp said").0), "speaker:trump");
    // `finalized` asks whether the deal is done: the overview.
    let (v, _) = ask(&facts, "is the japan trade framework finalized or what");
    assert_eq!(kind(&v), "overview:us-japan-550b");
    // A misspelt long word inside a synonym phrase (`caught off gaurd`).
    let (v, _) = ask(&facts, "was tokyo caught off gaurd by it");
    assert_eq!(kind(&v), "japan-surprise");
}

#[test]
fn household_money_shop_prices_strikes_and_stocks_are_other_subjects() {
    let facts = crate::util::bundled_dir();
    for q in [
        "when do student loan repayments start again",
        "is the boeing strike still on",
        "why is rice so expensive now",
        "お米高すぎて買えない",
        // Only a party's name ties these to the deal: the other subject still counts.
        "why is rice so expensive in japan right now",
        "should i invest in japanese stocks rn",
        "how much is Japan spending on defense now",
        "ボーイングのストライキって終わった？",
        // "What's the deal with" asks what is going on; it names no deal.
        "what's the deal with rice prices in japan rn, so expensive",
    ] {
        let (v, _) = ask(&facts, q);
        assert_eq!(kind(&v), "none", "{q}");
    }
    // Naming the deal, the same words are its subject.
    for (q, want) in [
        (
            "will japanese car prices drop with lower tariffs",
            "tariffs-autos",
        ),
        ("is japan's 550 billion a loan?", "seed-money-loan"),
        // A word of the deal beside the party's name ("pact").
        (
            "> JAPAN, US STRIKE TRADE PACT\nwill car tariffs come down?",
            "tariffs-autos",
        ),
    ] {
        let (v, _) = ask(&facts, q);
        assert_eq!(kind(&v), want, "{q}");
    }
}

#[test]
fn the_parties_names_do_not_dilute_a_topic_that_does_not_repeat_them() {
    let facts = crate::util::bundled_dir();
    // `the US and Japan` name the deal, not a point of it: `signed` decides.
    let q = "Has anything actually been signed between the US and Japan on this?";
    assert_eq!(kind(&ask(&facts, q).0), "binding-agreement");
}

#[test]
fn shares_in_words_are_figures_checked_against_the_answered_topic() {
    let facts = crate::util::bundled_dir();
    // "nine tenths", "9 out of every 10": the 90% profit split.
    for q in [
        "so japan fronts the cash and we pocket nine tenths of the earnings?",
        "does the US really keep 9 out of every 10 dollars of profit from the japan fund?",
    ] {
        let (v, text) = ask(&facts, q);
        assert_eq!(kind(&v), "seed-money-loan", "{q}");
        assert!(!text.contains("figure on record"), "{q}:\n{text}");
    }
    // A tenth of GDP is on record, as "a tenth of" or as 10%: no note.
    let (v, text) = ask(&facts, "Is the pledge more than 10% of Japan's GDP?");
    assert_eq!(kind(&v), "scale-gdp");
    assert!(!text.contains("figure on record"), "{text}");
    // 10% is on record for GDP, not for the profit split: the answer says so.
    let (v, text) = ask(
        &facts,
        "heard americans only get like 10% of the returns from the japan money, true?",
    );
    assert_eq!(kind(&v), "seed-money-loan");
    assert!(
        text.contains("The figure on record is 90%, not 10%."),
        "{text}"
    );
}

#[test]
fn an_answer_does_not_depend_on_the_questions_or_bases_asked_before_it() {
    use dealcheck::matcher::Snapshot;
    use dealcheck::reply::Reply;
    // The scorer keeps its per-topic scratch between questions on a thread: it must come
    // back clean, whatever size of base used it last.
    let tmp = two_deals();
    let two = Snapshot::from_dir(tmp.path()).unwrap();
    let one = crate::util::bundled();
    let qs = [
        "is japan's 550 billion a loan?",
        "who is paying to dredge the canal in fredonia",
        "did japan sign anything",
        "why is rice so expensive in japan right now",
        "what did akazawa say",
    ];
    let answers = |facts: &Snapshot| -> Vec<String> {
        qs.iter()
            .map(|q| format!("{:?}", Reply::answer(facts, q)))
            .collect()
    };
    let fresh_one = std::thread::scope(|s| s.spawn(|| answers(one)).join().unwrap());
    let fresh_two = std::thread::scope(|s| s.spawn(|| answers(&two)).join().unwrap());
    for _ in 0..2 {
        assert_eq!(answers(&two), fresh_two);
        assert_eq!(answers(one), fresh_one);
    }
}

#[test]
fn everyday_idioms_for_the_facts_words_are_read_as_them() {
    let facts = crate::util::bundled_dir();
    for (q, want) in [
        // "purse strings" = control; "drugmakers" = pharmaceuticals; "kickback" = profits.
        ("so who holds the purse strings here", "allocation-control"),
        (
            "will drugmakers get a slice of the japan money",
            "strategic-sectors",
        ),
        (
            "does the us get a kickback on what japan invests",
            "seed-money-loan",
        ),
    ] {
        assert_eq!(kind(&ask(&facts, q).0), want, "{q}");
    }
    // "What did I miss" asks for the deal as a whole.
    let (v, _) = ask(&facts, "ok what did i miss on the japan pledge");
    assert_eq!(kind(&v), "overview:us-japan-550b");
    // Japanese: どうなった ("what became of") asks for the deal as a whole.
    let (v, _) = ask(&facts, "日米の投資合意はどうなった？");
    assert_eq!(kind(&v), "overview:us-japan-550b");
}

#[test]
fn a_sentence_of_deal_words_alone_does_not_outvote_the_sentence_that_asks() {
    let facts = crate::util::bundled_dir();
    // "in a trade deal??" only names the deal: it does not make the headline a perfect match
    // over the sentence that asks about rice.
    let q = "rice??? in a trade deal?? ok whatever, is japan actually gonna buy more of it 🍚";
    let (v, _) = ask(&facts, q);
    assert_eq!(kind(&v), "agriculture-rice", "{v}");
    // A sentence with words of its own is still read: "rename it" asks about relabelling.
    let q = "ah yes the classic move: take investment that already exists, rename it, call it a historic win 🙄";
    assert_eq!(kind(&ask(&facts, q).0), "new-or-relabeled");
}

#[test]
fn a_tie_in_one_sentence_goes_to_the_topic_the_whole_message_supports() {
    let facts = crate::util::bundled_dir();
    // "Is the money actually new?" is a perfect match for the headline and the new-money
    // topic alike; the sentences before it are about existing plants.
    let q = "I remember reading years ago about Japanese automakers opening plants in Kentucky \
             and Tennessee. Those have been around forever. My dad insists this deal is just a \
             fancy way of adding up what was already happening. Is the money actually new?";
    let (v, _) = ask(&facts, q);
    assert_eq!(kind(&v), "new-or-relabeled", "{v}");
    assert_eq!(v["matches"][0]["score"], v["matches"][1]["score"], "{v}");
}
