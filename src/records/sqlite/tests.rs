//! The SQLite records: schema, gaps, feedback and living-answer queries.
use super::super::{normalize_question, Outcome};
use super::*;

fn answer(q: &str, outcome: Outcome, label: &str, score: f64, at: i64) -> AnswerRecord {
    AnswerRecord {
        id: 0,
        at,
        guild: Some(1),
        channel: Some(2),
        reply_message: None,
        question: normalize_question(q),
        outcome,
        label: label.into(),
        score,
        statements: vec![],
    }
}

#[test]
fn gaps_are_grouped_ranked_and_pruned_and_the_schema_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records/answers.sqlite3");
    let db = SqliteRecords::open(&path).unwrap();
    for (q, o, label, score) in [
        (
            "is japan buying us beef?",
            Outcome::None,
            "agriculture-rice",
            0.3,
        ),
        ("Is Japan buying US beef", Outcome::None, "", 0.0),
        ("is japan buying us beef too", Outcome::None, "", 0.0),
        ("what about the yen", Outcome::None, "", 0.0),
        ("is it a loan", Outcome::Topics, "seed-money-loan", 0.95),
        (
            "are the chips sorted",
            Outcome::Topics,
            "strategic-sectors",
            0.52,
        ),
    ] {
        db.record(&answer(q, o, label, score, 1_000)).unwrap();
    }
    db.record(&answer("old question", Outcome::None, "", 0.0, 10))
        .unwrap();
    let gaps = db.gaps(100, 10).unwrap();
    let listed: Vec<(&str, u64)> = gaps
        .iter()
        .map(|g| (g.question.as_str(), g.count))
        .collect();
    assert_eq!(
        listed,
        [
            ("is japan buying us beef", 3),
            ("are the chips sorted", 1),
            ("what about the yen", 1)
        ]
    );
    assert_eq!(gaps[0].closest.as_deref(), Some("agriculture-rice"));
    assert_eq!(db.prune(100, 100).unwrap(), 1);
    drop(db);
    let again = SqliteRecords::open(&path).unwrap();
    assert_eq!(again.gaps(0, 10).unwrap().len(), 3);
    let mode: String = again
        .db()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn feedback_counts_once_per_voter_and_reaches_the_gap_queue() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.sqlite3");
    let db = SqliteRecords::open(&path).unwrap();
    let id = db
        .record(&answer(
            "is it a loan",
            Outcome::Topics,
            "seed-money-loan,binding-agreement",
            0.95,
            1_000,
        ))
        .unwrap();
    assert!(
        db.gaps(0, 10).unwrap().is_empty(),
        "a confident answer is no gap"
    );
    let (alice, bob) = (db.voter(111), db.voter(222));
    assert_ne!(alice, bob);
    assert!(!alice.contains("111") && alice.len() == 32, "{alice}");
    assert_eq!(db.vote(id, &alice, false, 1_001, 0).unwrap(), Vote::Counted);
    assert_eq!(db.vote(id, &alice, true, 1_002, 0).unwrap(), Vote::Already);
    assert_eq!(db.vote(id, &bob, false, 1_003, 0).unwrap(), Vote::Counted);
    assert_eq!(
        db.vote(id, &bob, false, 1_003, 5_000).unwrap(),
        Vote::Expired
    );
    assert_eq!(
        db.vote(id + 99, &bob, false, 1_003, 0).unwrap(),
        Vote::Expired
    );
    let gaps = db.gaps(0, 10).unwrap();
    assert_eq!(gaps.len(), 1);
    assert_eq!((gaps[0].not_helpful, gaps[0].helpful), (2, 0));
    assert_eq!(gaps[0].closest.as_deref(), Some("seed-money-loan"));
    // Settled (taught or dismissed): off the list for the asks so far, back for new ones.
    db.settle("is it a loan", 1_500).unwrap();
    assert!(db.gaps(0, 10).unwrap().is_empty());
    db.record(&answer("is it a loan", Outcome::None, "", 0.0, 2_000))
        .unwrap();
    assert_eq!(db.gaps(0, 10).unwrap()[0].count, 1);
    // The secret survives reopening, so a user keeps their key.
    drop(db);
    let again = SqliteRecords::open(&path).unwrap();
    assert_eq!(again.voter(111), alice);
    assert!(again.next_id() > id + 1);
}

#[test]
fn replies_that_showed_a_statement_are_found_with_their_token_while_valid() {
    let dir = tempfile::tempdir().unwrap();
    let db = SqliteRecords::open(&dir.path().join("a.sqlite3")).unwrap();
    let mut shown = answer(
        "is it signed",
        Outcome::Topics,
        "binding-agreement",
        0.9,
        1_000,
    );
    shown.statements = vec!["binding-1@aa".into(), "binding-2@bb".into()];
    let slash = db.record(&shown).unwrap();
    let mention = db
        .record(&AnswerRecord {
            at: 1_100,
            ..shown.clone()
        })
        .unwrap();
    let undelivered = db
        .record(&AnswerRecord {
            at: 1_200,
            ..shown.clone()
        })
        .unwrap();
    let _other = db
        .record(&answer("q", Outcome::Topics, "x", 0.9, 1_300))
        .unwrap();
    db.delivered(&[
        Delivery {
            answer: slash,
            channel: 5,
            message: 50,
            token: Some(("tok".into(), 2_000)),
            in_place: false,
        },
        Delivery {
            answer: mention,
            channel: 5,
            message: 51,
            token: None,
            in_place: true,
        },
    ])
    .unwrap();
    let live = db.live(&["binding-2@bb".into()], 0, 1_500, 10).unwrap();
    let got: Vec<(i64, Option<&str>, bool)> = live
        .iter()
        .map(|l| (l.answer, l.token.as_deref(), l.in_place))
        .collect();
    assert_eq!(got, [(mention, None, true), (slash, Some("tok"), false)]);
    assert!(
        !got.iter().any(|g| g.0 == undelivered),
        "never posted: nothing to edit"
    );
    assert_eq!(live[1].statements, shown.statements);
    // Past the token's window it is not handed out, and the prune erases it.
    assert_eq!(
        db.live(&["binding-1@aa".into()], 0, 2_001, 10).unwrap()[1].token,
        None
    );
    db.prune(0, 2_001).unwrap();
    assert_eq!(
        db.live(&["binding-1@aa".into()], 0, 0, 10).unwrap()[1].token,
        None
    );
    // An updated reply shows the new revision; a deleted one is forgotten.
    db.reshown(slash, &["binding-1@cc".into()]).unwrap();
    db.forget(mention).unwrap();
    assert!(db
        .live(&["binding-1@aa".into()], 0, 0, 10)
        .unwrap()
        .is_empty());
    assert_eq!(
        db.live(&["binding-1@cc".into()], 0, 0, 10).unwrap().len(),
        1
    );
    assert_eq!(
        db.live(&["binding-1@cc".into()], 1_001, 0, 10)
            .unwrap()
            .len(),
        0
    );
}
