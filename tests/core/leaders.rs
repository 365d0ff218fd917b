//! Topics confident below the threshold: a clear leader in a question naming the deal, or
//! named by a party alone, and a question holding terms only one topic holds.

use crate::matching::{ask, kind};

#[test]
fn a_clear_leader_in_a_question_naming_the_deal_is_answered() {
    let facts = crate::util::bundled_dir();
    // Below the threshold, but the deal is named as a deal and one topic is far ahead.
    // (Round 8: words naming the deal no longer dilute a topic that does not hold them, so
    // "does the trade framework include buying planes" now clears the threshold itself.)
    let (v, _) = ask(
        &facts,
        "is the trade framework sending some planes over and boosting employment in washington state",
    );
    assert_eq!(kind(&v), "headline-550b");
    let score = v["matches"][0]["score"].as_f64().unwrap();
    assert!(score < f64::from(dealcheck::matcher::THRESHOLD), "{score}");
    // Naming only the country is not naming the deal; a deal word inside another name is
    // not the deal.
    for q in [
        "why is rice so expensive in tokyo these days",
        "Has Japan's Government Pension Investment Fund changed its holdings of US stocks?",
    ] {
        assert_eq!(kind(&ask(&facts, q).0), "none", "{q}");
    }
}

#[test]
fn a_clear_leader_named_by_a_party_alone_is_answered_unless_another_subject_is_near() {
    let facts = crate::util::bundled_dir();
    // Below the threshold but far ahead of the next topic, with only `tokyo` naming the deal.
    let (v, _) = ask(
        &facts,
        "bruh can tokyo even afford this, their economy isnt bottomless",
    );
    assert_eq!(kind(&v), "scale-gdp");
    let score = v["matches"][0]["score"].as_f64().unwrap();
    assert!(score < f64::from(dealcheck::matcher::THRESHOLD), "{score}");
    // Another country beside it: not the deal's point, however far ahead (0.45 here).
    let (v, _) = ask(
        &facts,
        "is japan's shipbuilding industry bigger than china's",
    );
    assert_eq!(kind(&v), "none");
}

#[test]
fn two_terms_only_one_topic_holds_decide_below_the_threshold() {
    let facts = crate::util::bundled_dir();
    // Neither names the deal; each holds two words only its topic holds, and almost
    // nothing the base does not know.
    for (q, want) in [
        (
            "so is it like, government banks lending it out or private companies writing checks",
            "facility-state-lenders",
        ),
        (
            "Tokyo is footing the bill for a wave of new American shipyards and chip plants.",
            "strategic-sectors",
        ),
    ] {
        let (v, _) = ask(&facts, q);
        assert_eq!(kind(&v), want, "{q}");
        let score = v["matches"][0]["score"].as_f64().unwrap();
        assert!(
            score < f64::from(dealcheck::matcher::THRESHOLD),
            "{q}: {score}"
        );
    }
    // Naming the deal by its figure, one term of its own well ahead of the next topic does.
    let q = "Japan has committed half a trillion dollars to building stuff in America.";
    let (v, _) = ask(&facts, q);
    assert_eq!(kind(&v), "headline-550b");
    let score = v["matches"][0]["score"].as_f64().unwrap();
    assert!(
        score < f64::from(dealcheck::matcher::THRESHOLD),
        "{q}: {score}"
    );
    // Another region, a word the base does not know beside the topic's own, or several:
    // another subject.
    for q in [
        "what kind of projects does jbic usually finance in africa?",
        "are the new pharmaceutical tariffs going to hit generic drugs",
        "wow another Boeing plane losing a door panel, love that for them",
        // Household money is another subject (here two terms of the allocation topic).
        "who decides how the stimulus checks get split up",
        "who decides how the stimulus checks are handed out",
    ] {
        assert_eq!(kind(&ask(&facts, q).0), "none", "{q}");
    }
}
