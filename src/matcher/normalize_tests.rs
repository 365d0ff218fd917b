//! Tests of [`super`]: terms, figures, entities and segments.

use super::*;

fn keys(text: &str) -> Vec<String> {
    Normalizer::default()
        .terms(text)
        .iter()
        .map(|t| t.term.key().into_owned())
        .collect()
}

#[test]
fn money_spellings_are_one_term() {
    let want = vec!["$550000000000".to_string()];
    for text in [
        "$550B",
        "550bn",
        "550 billion",
        "$550 billion",
        "550 billion dollars",
        "$550,000,000,000",
        "0.55 trillion",
        "550 billon",
        "USD 550 billion",
    ] {
        let got: Vec<String> = keys(text)
            .into_iter()
            .filter(|k| k.starts_with('$'))
            .collect();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn huge_figures_do_not_overflow() {
    // Found by the property test: the integer rounding overflowed in debug builds.
    let k = keys("$9999999999999999999999999 trillion");
    assert_eq!(k.len(), 1);
    assert!(k[0].starts_with("$1000000000000000"), "{k:?}");
}

#[test]
fn worded_amounts() {
    assert_eq!(keys("half a trillion"), vec!["$500000000000"]);
    assert_eq!(keys("a trillion dollars"), vec!["$1000000000000"]);
    assert_eq!(keys("a full trillion"), vec!["$1000000000000"]);
    assert_eq!(keys("$1 trillion"), vec!["$1000000000000"]);
}

#[test]
fn percentages() {
    assert_eq!(keys("90%"), vec!["%90"]);
    assert_eq!(keys("90 percent"), vec!["%90"]);
    assert!(!keys("ninety")[0].starts_with('%'));
}

#[test]
fn case_punctuation_and_stemming() {
    assert_eq!(
        keys("Investing!!! INVESTMENTS, invested?"),
        vec!["invest"; 3]
    );
    assert_eq!(keys("Tariffs"), keys("tariff"));
}

#[test]
fn us_the_country_is_not_us_the_pronoun() {
    assert_eq!(keys("the US"), vec!["@united-states"]);
    assert_eq!(keys("the U.S."), vec!["@united-states"]);
    assert_eq!(keys("give us money"), vec!["give", "money"]);
}

#[test]
fn countries_and_multiword_entities() {
    assert_eq!(keys("Japan's pledge"), vec!["@japan", "pledg"]);
    assert_eq!(keys("the United Kingdom"), vec!["@united-kingdom"]);
    assert_eq!(keys("South Korea"), vec!["@south-korea"]);
    assert_eq!(keys("bank of japan rates"), vec!["@bank-of-japan", "rate"]);
}

#[test]
fn discord_markup_is_dropped() {
    assert_eq!(
        keys("<@123456789> <@&42> @everyone <:pepe:123> is it signed"),
        vec!["sign"]
    );
}

#[test]
fn unicode_is_normalized() {
    // Full-width letters and curly apostrophes.
    assert_eq!(keys("ＪＡＰＡＮ’s loan"), vec!["@japan", "loan"]);
}

#[test]
fn japanese_runs_are_bigrams_and_figures_are_read() {
    assert_eq!(keys("5500億ドル"), vec!["$550000000000"]);
    assert_eq!(keys("利益の9割"), vec!["利益", "益の", "%90"]);
    assert_eq!(keys("赤沢氏は"), vec!["赤沢", "沢氏", "氏は"]);
    // `は融` is a particle and the next word's first character: no term.
    assert_eq!(keys("JBICは融資"), vec!["jbic", "融資"]);
    // Full-width digits are digits (NFKC).
    assert_eq!(keys("５５００億ドル"), vec!["$550000000000"]);
}

#[test]
fn chat_is_made_plain() {
    assert_eq!(
        keys("soooo the govt IOU lol"),
        keys("so the government loan")
    );
    assert_eq!(keys("were they blindsided"), keys("were they surprised"));
    assert_eq!(keys("is japan on the hook"), keys("is japan obligated"));
    assert_eq!(keys("was tokyo taken aback"), keys("was tokyo surprised"));
    assert_eq!(keys("import taxes on cars"), keys("tariffs on cars"));
    // "give me" and "gimme" only ask; "giving" stays a word.
    assert_eq!(keys("give me the rundown"), keys("gimme the rundown"));
    assert_eq!(keys("give me the rundown"), keys("the rundown"));
    assert_ne!(keys("japan giving us money"), keys("japan us money"));
}

#[test]
fn segments_split_at_sentence_punctuation() {
    let t = Normalizer::default().terms("who decides, and are chips included? rice. Tariffs");
    // "who" and "and" are stop words: decides | chips included | rice | tariffs, and the
    // first segment's frame (who decides) after the words.
    let segs: Vec<u16> = t.iter().map(|t| t.segment).collect();
    assert_eq!(segs, vec![0, 1, 1, 2, 3, 0]);
    assert_eq!(t[5].term, Term::Word(super::super::frames::CONTROL.into()));
    // A comma alone does not split: a claim and its question form stay one unit.
    let t = Normalizer::default().terms("Tokyo handed over 550 billion, no strings attached");
    assert!(t.iter().all(|t| t.segment == 0));
}
