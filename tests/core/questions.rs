//! The development question set (tests/fixtures/questions.toml) against the bundled fact
//! base: holds the matcher's pass rate, and never lets a near miss through.

use dealcheck::facts::FactBase;
use dealcheck::reply::Reply;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Set {
    questions: Vec<Question>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Question {
    q: String,
    register: String,
    expect: Vec<String>,
    #[serde(default)]
    figure: bool,
}

/// The share of questions that must pass. Raise it when the matcher improves; never lower
/// it to make a change pass.
const MIN_PASS_RATE: f64 = 0.90;

fn load() -> (FactBase, Vec<Question>) {
    load_set("questions.toml")
}

fn load_set(name: &str) -> (FactBase, Vec<Question>) {
    let facts = FactBase::from_dir(&crate::util::bundled_dir()).expect("bundled facts load");
    let text = std::fs::read_to_string(crate::util::fixture(name)).unwrap();
    let set: Set = toml::from_str(&text).expect("question set parses");
    (facts, set.questions)
}

/// Whether the reply is right for the question, and why not.
fn judge(facts: &FactBase, q: &Question) -> Result<(), String> {
    let reply = Reply::answer(facts, &q.q);
    let top = reply.matches.first().map(|m| m.topic.as_str());
    match (q.expect.is_empty(), top) {
        (true, None) => Ok(()),
        (true, Some(t)) => Err(format!(
            "expected no match, got {t} ({:.2})",
            reply.matches[0].score
        )),
        (false, None) => Err(format!(
            "expected {:?}, got no match (closest: {:?})",
            q.expect,
            reply
                .suggestions
                .iter()
                .map(|s| (&s.topic, s.score))
                .collect::<Vec<_>>()
        )),
        (false, Some(t)) if !q.expect.iter().any(|e| e == t) => Err(format!(
            "expected {:?}, got {:?}",
            q.expect,
            reply
                .matches
                .iter()
                .map(|m| (&m.topic, m.score))
                .collect::<Vec<_>>()
        )),
        (false, Some(_)) if q.figure && reply.figures.is_empty() => {
            Err("matched, but the reply does not state the figure on record".into())
        }
        _ => Ok(()),
    }
}

/// Runs a set; prints and returns (pass rate, failure lines).
fn run_set(name: &str, facts: &FactBase, questions: &[Question]) -> (f64, Vec<String>) {
    let mut failures = Vec::new();
    for q in questions {
        if let Err(why) = judge(facts, q) {
            failures.push(format!("[{}] {:?}: {why}", q.register, q.q));
        }
    }
    let rate = 1.0 - failures.len() as f64 / questions.len() as f64;
    println!(
        "{name}: {}/{} passed ({:.1}%)",
        questions.len() - failures.len(),
        questions.len(),
        rate * 100.0
    );
    for f in &failures {
        println!("  FAIL {f}");
    }
    (rate, failures)
}

#[test]
fn question_set_pass_rate_holds() {
    let (facts, questions) = load();
    assert!(
        questions.len() >= 80,
        "the set must hold at least 80 questions"
    );
    let (rate, failures) = run_set("question set", &facts, &questions);
    assert!(
        rate >= MIN_PASS_RATE,
        "pass rate {:.1}% is under {:.0}%:\n{}",
        rate * 100.0,
        MIN_PASS_RATE * 100.0,
        failures.join("\n")
    );
}

/// Held-out sets, written without seeing the topics' aliases or examples. `heldout.toml` was
/// looked at once its failures were known (the common-word weighting was checked on it), so it
/// now guards against regressions like the development set. `heldout2.toml` was written blind
/// and read once, after the matcher was settled: 51/60, with one question that should get no
/// match answered ("Did TSMC open its chip plant in Kumamoto yet?" → strategic-sectors). It is
/// not to be tuned on; its floor only catches regressions.
const HELDOUT_FLOORS: [(&str, f64); 2] = [("heldout.toml", 0.68), ("heldout2.toml", 0.83)];

#[test]
fn heldout_pass_rates_hold() {
    for (set, floor) in HELDOUT_FLOORS {
        let (facts, questions) = load_set(set);
        assert!(questions.len() >= 50);
        let (rate, failures) = run_set(set, &facts, &questions);
        assert!(
            rate >= floor,
            "{set}: pass rate {:.1}% is under {:.0}%:\n{}",
            rate * 100.0,
            floor * 100.0,
            failures.join("\n")
        );
    }
}

/// Answering a near miss with the Japan pledge is worse than saying "I don't know": hold
/// these to a stricter bar than the overall rate.
#[test]
fn near_misses_are_never_confident_matches() {
    // Every question that expects no match, in the development and first held-out sets:
    // off-topic, near misses, and no-match questions written in other registers. (The blind
    // set's one such miss is counted by its pass rate, not fixed by tuning on it.)
    let mut wrong = Vec::new();
    let mut n = 0;
    for set in ["questions.toml", "heldout.toml"] {
        let (facts, questions) = load_set(set);
        for q in questions.iter().filter(|q| q.expect.is_empty()) {
            n += 1;
            if let Err(e) = judge(&facts, q) {
                wrong.push(format!("{set}: {:?}: {e}", q.q));
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
    let (facts, questions) = load();
    for q in questions.iter().filter(|q| q.figure) {
        let reply = Reply::answer(&facts, &q.q);
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
/// `cargo test --release --test questions calibrate -- --ignored --nocapture`.
#[test]
#[ignore = "a calibration report, not a check"]
fn calibrate() {
    let (facts, questions) = load();
    for step in 30..=75 {
        let threshold = step as f32 / 100.0;
        let mut pass = 0;
        let mut near_miss_fail = 0;
        for q in &questions {
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
            questions.len()
        );
    }
}
