//! Property tests: no input panics the matcher, and answers are deterministic.

use dealcheck::reply::Reply;
use proptest::prelude::*;

fn facts() -> &'static dealcheck::matcher::Snapshot {
    crate::util::bundled()
}

/// Text made of pieces the normalizer treats specially, to reach its corners more often
/// than random Unicode would.
fn tricky() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("$".to_string()),
        Just("%".to_string()),
        Just("550".to_string()),
        Just("1,000.5".to_string()),
        Just("bn".to_string()),
        Just("billon".to_string()),
        Just("half a trillion".to_string()),
        Just("U.S.".to_string()),
        Just("US".to_string()),
        Just("<@123>".to_string()),
        Just("<@&".to_string()),
        Just("@everyone".to_string()),
        Just("https://x".to_string()),
        Just("Japan's".to_string()),
        Just("'".to_string()),
        Just(".".to_string()),
        Just(",".to_string()),
        Just("?".to_string()),
        Just("\n".to_string()),
        Just("ＪＡＰＡＮ".to_string()),
        Just("🤔".to_string()),
        Just("e\u{301}".to_string()),
        "[a-z]{1,12}",
        "[0-9]{1,25}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec((piece, prop_oneof![Just(""), Just(" ")]), 0..40)
        .prop_map(|v| v.into_iter().map(|(p, s)| p + s).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_string_never_panics(s in any::<String>()) {
        let reply = Reply::answer(facts(), &s);
        for m in &reply.matches {
            prop_assert!(m.score > 0.0 && m.score <= 1.0);
        }
        prop_assert!(reply.matches.len() <= 3 && reply.suggestions.len() <= 3);
    }

    #[test]
    fn tricky_text_never_panics_and_is_deterministic(s in tricky()) {
        let a = Reply::answer(facts(), &s);
        let b = Reply::answer(facts(), &s);
        prop_assert_eq!(a, b);
    }
}
