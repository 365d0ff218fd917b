//! `/fact teach` in the store: a gap question becomes an example of a topic, written to the
//! TOML file (the rest of the file byte for byte), logged, served at once, and revertible.

use dealcheck::reply::Reply;
use dealcheck::store::{Actor, Edit, EditError, Store};

const QUESTION: &str = "does tokyo get anything back for the reactor parts";

fn actor() -> Actor {
    Actor {
        user_id: 42,
        name: "mod".into(),
    }
}

fn best(store: &Store, q: &str) -> Option<String> {
    Reply::answer(&store.snapshot(), q)
        .matches
        .first()
        .map(|m| m.topic.clone())
}

#[test]
fn a_taught_example_answers_at_once_is_in_the_file_and_history_and_reverts() {
    let dir = tempfile::tempdir().unwrap();
    let facts = dir.path().join("facts");
    crate::util::copy_dir(&crate::util::bundled_dir(), &facts);
    let history = dir.path().join("history.jsonl");
    let store = Store::open(&facts, &history).unwrap();
    let file = facts.join("us-japan-550b.toml");
    let before = std::fs::read_to_string(&file).unwrap();
    assert_ne!(best(&store, QUESTION).as_deref(), Some("seed-money-loan"));

    let teach = |example: &str| Edit::AddExample {
        topic: "seed-money-loan".into(),
        example: example.into(),
    };
    let applied = store.apply(teach(QUESTION), &actor()).unwrap();
    assert!(
        applied.summary.contains("seed-money-loan"),
        "{}",
        applied.summary
    );
    assert_eq!(best(&store, QUESTION).as_deref(), Some("seed-money-loan"));

    let after = std::fs::read_to_string(&file).unwrap();
    assert!(after.contains(&format!("\"{QUESTION}\"")));
    // Only the examples array of that topic grew: every other line is as it was.
    let removed: Vec<&str> = before.lines().filter(|l| !after.contains(l)).collect();
    assert!(
        removed.iter().all(|l| l.trim_start().starts_with('"')),
        "{removed:?}"
    );
    assert_eq!(after.lines().count(), before.lines().count() + 1);

    let log = std::fs::read_to_string(&history).unwrap();
    assert_eq!(log.lines().count(), 1);
    assert!(
        log.contains("\"add_example\"") && log.contains(QUESTION),
        "{log}"
    );

    // Teaching it twice is refused, naming the field; nothing is written.
    match store.apply(teach(&QUESTION.to_uppercase()), &actor()) {
        Err(EditError::Invalid { field, .. }) => assert_eq!(field, "example"),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), after);

    // A revert takes the example out again.
    store.revert(applied.change, &actor()).unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    assert_ne!(best(&store, QUESTION).as_deref(), Some("seed-money-loan"));
}
