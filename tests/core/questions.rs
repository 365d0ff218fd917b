//! The question sets in tests/fixtures/ against the bundled fact base, graded by
//! `dealcheck::eval` (the same grading as `dealcheck eval`): each set's pass rate holds, and
//! no near miss is ever answered.
//!
//! - `questions.toml`: the development set (its questions guided the aliases);
//! - `heldout.toml`: written without seeing the aliases; its failures were looked at once, so
//!   it now guards against regressions like the development set;
//! - `heldout2.toml`: written blind, read once after round 1; a regression floor only;
//! - `japanese-dev.toml`: Japanese questions by the developer who wrote the Japanese aliases;
//! - `blind3.toml`: written blind by a helper that saw only the article and the style guide,
//!   before round 2 changed the matcher; read once, after the first round-2 matcher;
//! - `blind4.toml`: written blind by another helper after that; read once, with the final
//!   round-2 matcher. Neither is blind any more: round 3 (issue 8) tuned on both, and is
//!   a new blind set measures it.

use dealcheck::eval::{grade, judge, load, Report, Set};
use dealcheck::matcher::Snapshot;
use dealcheck::reply::Reply;

fn load_set(name: &str) -> (&'static Snapshot, Set) {
    let set = load(&crate::util::fixture(name)).expect("question set parses");
    (crate::util::bundled(), set)
}

/// Grades a set, prints its report, and returns it.
fn run_set(name: &str) -> Report {
    let (facts, set) = load_set(name);
    let report = grade(facts, &set);
    println!("{name}:\n{}", report.to_text());
    report
}

/// Floors per set: (file, all, English positives, negatives, Japanese). Raise them when the
/// matcher improves; never lower one to make a change pass.
const FLOORS: [(&str, f64, f64, f64, f64); 21] = [
    // Written blind by a round-13 helper from the article and question-styles.md (270
    // messages; 34 word for word in earlier sets were dropped by the helper), committed
    // before round 13's changes and read once at its end: 238/270; EN positives 142/166,
    // negatives 52/56, Japanese 44/48 (the matcher at the start of round 13: 235/270;
    // 139/166, 52/56, 44/48). A development set from now on: after the read, its one loss
    // ("what exactly is trump claiming he got out of japan") was mended (143/166).
    ("blind19.toml", 0.88, 0.86, 0.92, 0.91),
    // Written blind by a round-12 helper from the article and question-styles.md (232
    // messages, 38 of them word for word in earlier sets), committed before round 12's
    // changes and read once at its end: 203/232; EN positives 119/144, negatives 48/50,
    // Japanese 36/38 (the matcher at the start of round 12: 201/232; 117/144). Not wholly
    // blind: 14 of its messages were printed during the round by searches over every
    // fixture, and both gains are among them. A development set from now on.
    ("blind18.toml", 0.89, 0.86, 0.96, 0.94),
    // Written blind by a round-11 helper from the article and question-styles.md (222
    // messages, 31 of them word for word in earlier sets), committed before round 11's
    // changes and read once at its end: 199/222; EN positives 115/135, negatives 49/50,
    // Japanese 35/37 (the matcher at the start of round 11: the same). A development set
    // from now on.
    ("blind17.toml", 0.92, 0.89, 1.00, 0.94),
    // Written blind by a round-10 helper from the article and question-styles.md (277
    // messages, 32 of them word for word in earlier sets), committed before round 10's
    // matching changes and read once at its end: 238/277; EN positives 145/177, negatives
    // 48/51, Japanese 45/49 (the round-9 matcher: 234/277; 143/177, 48/51, 43/49). A
    // development set from now on.
    ("blind16.toml", 0.89, 0.86, 0.98, 0.93),
    // Written blind by a round-9 helper from the article and question-styles.md (260
    // messages), committed before round 9's matching changes and read once at its end:
    // 215/260; EN positives 127/166, negatives 46/47, Japanese 42/47 (the round-8 matcher:
    // 207/260; 121/166, 46/47, 40/47). A development set from now on; end of round 10:
    // 224/260; 132/166, 47/47, 45/47.
    ("blind15.toml", 0.88, 0.83, 1.00, 0.95),
    // Written blind by a round-8 helper from the article and question-styles.md (250
    // messages), committed before round 8's changes and read once at its end: 208/250; EN
    // positives 124/155, negatives 43/45, Japanese 41/50 (the round-7 matcher: 204/250;
    // 120/155, 43/45, 41/50). A development set from now on.
    ("blind14.toml", 0.90, 0.88, 0.97, 0.92),
    // Written blind by a second round-7 helper from the article and question-styles.md (250
    // messages), committed before round 7's matching changes and read once with the final
    // round-7 matcher: 199/250; EN positives 115/155, negatives 42/45, Japanese 42/50 (the
    // round-6 matcher: 197/250; 113/155, 42/45, 42/50). A development set from now on.
    ("blind13.toml", 0.88, 0.83, 0.97, 0.94),
    // Written blind by a round-7 helper from the article and question-styles.md (250
    // messages), committed before round 7's changes and read once when they were done (they
    // left every answer as it was): 199/250; EN positives 114/155, negatives 40/45, Japanese
    // 45/50. A development set from now on.
    ("blind12.toml", 0.91, 0.88, 0.97, 0.96),
    // Written blind by a round-6 helper from the article and question-styles.md (250
    // messages), committed before round 6's changes and read once at its end: 214/250; EN
    // positives 123/155, negatives 43/45, Japanese 48/50. A development set from now on.
    ("blind11.toml", 0.97, 0.96, 0.97, 1.00),
    // Written blind by a third round-5 helper (218 messages), committed before the round's
    // last two matcher changes and read once with the final round-5 matcher: 187/218;
    // EN positives 106/130, negatives 43/46, Japanese 38/42. A development set from now on.
    ("blind10.toml", 0.92, 0.90, 0.95, 0.95),
    // Written blind by a helper from the article and question-styles.md alone (217
    // messages), committed in round 5 before that round's later matcher changes and read
    // once with the final round-5 matcher: 196/217; EN positives 109/126, negatives 46/48,
    // Japanese 41/43. Read, so a development set from now on.
    ("blind9.toml", 0.96, 0.95, 1.00, 0.97),
    // Written blind by a helper from the article and question-styles.md alone (215
    // messages), committed before round 5's matcher changes and read once with the final
    // round-5 matcher: 183/215; EN positives 105/125, negatives 42/45, Japanese 36/45. Read,
    // so a development set since (end of round 5: 190/215; 108/125, 43/45, 39/45).
    ("blind8.toml", 0.96, 0.95, 1.00, 0.95),
    // Written blind by a helper from the article and question-styles.md alone (212
    // messages), read once with the final round-4 matcher: 179/212; EN positives 101/124,
    // negatives 44/46, Japanese 34/42. One rule was added after reading it (Japanese 36/42):
    // a development set since (round 5: 188/212; 106/124, 45/46, 37/42).
    ("blind7.toml", 0.94, 0.93, 0.97, 0.95),
    // Written blind by another helper (158 messages), read once with the final round-3
    // matcher: 125/158; EN positives 67/93, negatives 31/35, Japanese 27/30. Tuned on in
    // round 4: 134/158 (73/93, 32/35, 29/30).
    ("blind6.toml", 0.93, 0.91, 0.94, 1.00),
    // Written blind by a helper from the article alone (155 messages), read once with the
    // round-3 matcher: 129/155; EN positives 81/99, negatives 22/28, Japanese 26/28. One
    // rule was added after reading it (130/155): a development set since (round 4:
    // 135/155; 83/99, 26/28, 26/28).
    ("blind5.toml", 0.94, 0.90, 1.00, 1.00),
    // Read once, at the end of round 2 (101/122); tuned on since (round 3: 114/122).
    ("blind3.toml", 0.95, 0.92, 1.00, 1.00),
    // Written blind by a second helper, read once with the final round-2 matcher (110/143);
    // tuned on since (round 3: 134/143).
    ("blind4.toml", 0.96, 0.94, 1.00, 1.00),
    ("japanese-dev.toml", 1.00, 1.00, 1.00, 1.00),
    ("questions.toml", 0.96, 0.95, 1.00, 1.00),
    ("heldout.toml", 0.88, 0.82, 1.00, 1.00),
    ("heldout2.toml", 1.00, 1.00, 1.00, 1.00),
];

#[test]
fn every_set_holds_its_pass_rates() {
    let mut low = Vec::new();
    for (name, all, pos, neg, ja) in FLOORS {
        let r = run_set(name);
        assert!(r.all.total >= 16, "{name}: {} questions", r.all.total);
        for (group, rate, floor) in [
            ("all", r.all.rate(), all),
            ("English positives", r.positives.rate(), pos),
            ("negatives", r.negatives.rate(), neg),
            ("Japanese", r.japanese.rate(), ja),
        ] {
            if rate < floor {
                low.push(format!(
                    "{name} {group}: {:.1}% < {:.0}%",
                    rate * 100.0,
                    floor * 100.0
                ));
            }
        }
    }
    assert!(
        low.is_empty(),
        "pass rates under their floors:\n{}",
        low.join("\n")
    );
}

/// Answering a near miss with the Japan pledge is worse than saying "I don't know": every
/// English or Japanese question of the development, held-out and earlier blind sets that must
/// get no match gets none.
#[test]
fn near_misses_are_never_confident_matches() {
    let mut wrong = Vec::new();
    let mut n = 0;
    for name in [
        "questions.toml",
        "heldout.toml",
        "heldout2.toml",
        "blind3.toml",
        "blind4.toml",
    ] {
        let (facts, set) = load_set(name);
        for q in set.questions.iter().filter(|q| q.expect.is_empty()) {
            n += 1;
            if let Err(e) = judge(facts, q) {
                wrong.push(format!("{name}: {:?}: {e}", q.q));
            }
        }
    }
    assert!(n >= 50, "{n}");
    assert!(
        wrong.is_empty(),
        "answered although nothing should match:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn wrong_figures_get_the_figure_on_record() {
    let (facts, set) = load_set("questions.toml");
    for q in set.questions.iter().filter(|q| q.figure) {
        let reply = Reply::answer(facts, &q.q);
        if reply.matches.is_empty() {
            continue; // counted by the pass rate
        }
        let text = reply.to_text();
        assert!(
            text.contains("The figure on record is $550 billion")
                || text.contains("The figure on record is 90%"),
            "{:?}:\n{text}",
            q.q
        );
    }
}

/// Prints the pass rate at each threshold, to calibrate `matcher::THRESHOLD`:
/// `cargo test --release --test core calibrate -- --ignored --nocapture`.
#[test]
#[ignore = "a calibration report, not a check"]
fn calibrate() {
    let (facts, set) = load_set("questions.toml");
    for step in 30..=75 {
        let threshold = step as f32 / 100.0;
        let mut pass = 0;
        let mut near_miss_fail = 0;
        for q in &set.questions {
            let out = facts.index().search_with(&q.q, threshold);
            let top = out
                .matches
                .first()
                .map(|m| facts.get(facts.topic_ref_at(m.topic)).1.id.as_str());
            let ok = match top {
                None => q.expect.is_empty(),
                Some(t) => q.expect.iter().any(|e| e == t),
            };
            pass += usize::from(ok);
            near_miss_fail += usize::from(!ok && q.expect.is_empty());
        }
        println!(
            "threshold {threshold:.2}: {pass}/{} pass, {near_miss_fail} off-topic or near misses answered",
            set.questions.len()
        );
    }
}
