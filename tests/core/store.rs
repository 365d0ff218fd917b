//! The store: moderator edits saved to the TOML files with comments and layout kept, logged,
//! served at once; conflicts, invalid and rejected edits, reload, history, revert.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Barrier};

use dealcheck::facts::{FactBase, LoadError, Status};
use dealcheck::store::{
    parse_status, revision, Actor, Edit, EditError, NewStatement, SourceChoice, Store,
};

const DEAL_FILE: &str = "us-japan-550b.toml";

/// A temporary facts folder holding a copy of the bundled deal file; the history file's
/// folder does not exist yet (open creates it).
struct Fixture {
    _dir: tempfile::TempDir,
    facts: PathBuf,
    history: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let facts = dir.path().join("facts");
        crate::util::copy_dir(&crate::util::bundled_dir(), &facts);
        let history = dir.path().join("history").join("facts.jsonl");
        Fixture {
            _dir: dir,
            facts,
            history,
        }
    }

    fn open(&self) -> Store {
        Store::open(&self.facts, &self.history).unwrap()
    }

    fn deal_text(&self) -> String {
        std::fs::read_to_string(self.facts.join(DEAL_FILE)).unwrap()
    }

    /// Every file under the facts folder and the history file, byte for byte.
    fn all_bytes(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        for entry in std::fs::read_dir(&self.facts).unwrap() {
            let p = entry.unwrap().path();
            if p.is_file() {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
        if let Ok(b) = std::fs::read(&self.history) {
            out.insert(self.history.clone(), b);
        }
        out
    }

    fn history_lines(&self) -> Vec<serde_json::Value> {
        let text = std::fs::read_to_string(&self.history).unwrap_or_default();
        assert!(
            text.is_empty() || text.ends_with('\n'),
            "history ends mid-line"
        );
        text.lines()
            .map(|l| serde_json::from_str(l).expect("every history line is JSON"))
            .collect()
    }
}

fn moderator() -> Actor {
    Actor {
        user_id: 42,
        name: "mod".into(),
    }
}

fn new_statement(id: Option<&str>, text: &str) -> NewStatement {
    NewStatement {
        id: id.map(str::to_string),
        status: Status::Clarified,
        text: text.into(),
        speaker: "A test speaker".into(),
        party: "Japan".into(),
        source: SourceChoice::Existing("report".into()),
        quote: None,
        responds_to: None,
        said_on: None,
    }
}

fn rev(store: &Store, id: &str) -> String {
    revision(store.snapshot().statement(id).unwrap().2)
}

/// The exact block a new statement is rendered as.
fn block(id: &str, status: &str, text: &str, speaker: &str, party: &str) -> String {
    format!(
        "\n[[topics.statements]]\nid = \"{id}\"\nstatus = \"{status}\"\ntext = \"{text}\"\nspeaker = \"{speaker}\"\nparty = \"{party}\"\nsource = \"report\"\n"
    )
}

/// The byte offset just after the last line of statement `id` (the blank line after it).
fn end_of_statement(text: &str, id: &str) -> usize {
    let start = text.find(&format!("id = \"{id}\"\n")).unwrap();
    start + text[start..].find("\n\n").unwrap() + 1
}

#[test]
fn add_statement_keeps_every_other_byte_and_is_served_at_once() {
    let fx = Fixture::new();
    let store = fx.open();
    assert!(
        fx.history.exists(),
        "open creates the history file and its folder"
    );
    let before = fx.deal_text();
    let text = "Officials said the plan was reviewed again.";

    let applied = store
        .apply(
            Edit::AddStatement {
                topic: "new-standard".into(),
                statement: new_statement(None, text),
            },
            &moderator(),
        )
        .unwrap();

    assert_eq!(applied.change, 1);
    assert!(
        applied.summary.contains("new-standard-2") && applied.summary.contains("change 1"),
        "{}",
        applied.summary
    );
    // The last topic: the block goes at the very end, every other byte is kept (comments too).
    let after = fx.deal_text();
    let expected = format!(
        "{before}{}",
        block(
            "new-standard-2",
            "clarified",
            text,
            "A test speaker",
            "Japan"
        )
    );
    assert_eq!(after, expected);

    // Served at once, from the snapshot the store hands out and from the one in Applied.
    let snap = store.snapshot();
    let (_, topic, s) = snap.statement("new-standard-2").expect("served at once");
    assert_eq!(topic.id, "new-standard");
    assert_eq!(s.text, text);
    assert!(applied.snapshot.statement("new-standard-2").is_some());
    assert_eq!(
        FactBase::from_dir(&fx.facts)
            .unwrap()
            .statement("new-standard-2")
            .unwrap()
            .2,
        s
    );

    let lines = fx.history_lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["change"], 1);
    assert_eq!(lines[0]["action"], "add_statement");
    assert_eq!(lines[0]["user_id"], 42);
    assert_eq!(lines[0]["user"], "mod");
    assert_eq!(lines[0]["deal"], "us-japan-550b");
    assert_eq!(lines[0]["topic"], "new-standard");
    assert_eq!(lines[0]["statement"], "new-standard-2");
    assert_eq!(lines[0]["before"], serde_json::Value::Null);
    assert_eq!(lines[0]["after"]["text"], text);
    let at = lines[0]["at"].as_str().unwrap();
    assert!(
        at.len() == 20 && at.ends_with('Z') && at.as_bytes()[10] == b'T',
        "{at}"
    );
}

#[test]
fn a_statement_added_to_a_topic_that_is_not_last_lands_in_that_topic() {
    let fx = Fixture::new();
    let store = fx.open();
    let before = fx.deal_text();
    let text = "The seed money claim was repeated at a rally.";

    store
        .apply(
            Edit::AddStatement {
                topic: "seed-money-loan".into(),
                statement: NewStatement {
                    party: "united states".into(), // any case: stored as the deal spells it
                    status: Status::Announced,
                    ..new_statement(Some("seed-money-2"), text)
                },
            },
            &moderator(),
        )
        .unwrap();

    // Right after the topic's last statement, before the next topic's comment banner.
    let at = end_of_statement(&before, "seed-money-1");
    let expected = format!(
        "{}{}{}",
        &before[..at],
        block(
            "seed-money-2",
            "announced",
            text,
            "A test speaker",
            "United States"
        ),
        &before[at..]
    );
    assert_eq!(fx.deal_text(), expected);

    let snap = store.snapshot();
    let (_, topic) = snap.topic("seed-money-loan").unwrap();
    let ids: Vec<&str> = topic.statements.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["seed-money-1", "seed-money-2"]);
    let (_, next) = snap.topic("facility-state-lenders").unwrap();
    assert_eq!(next.statements.len(), 2, "the next topic is untouched");
}

#[test]
fn edit_retract_and_revert_round_trip_with_history_in_order() {
    let fx = Fixture::new();
    let original = fx.deal_text();
    let store = fx.open();
    let who = moderator();

    let edited = store
        .apply(
            Edit::EditStatement {
                id: "headline-2".into(),
                base_revision: rev(&store, "headline-2"),
                text: Some("Tokyo's response is measured; details remain unpinned.".into()),
                status: Some(Status::UnderNegotiation),
                speaker: None,
                party: None,
                source: None,
                quote: None,
                responds_to: None,
                said_on: None,
            },
            &who,
        )
        .unwrap();
    assert_eq!(edited.change, 1);
    assert!(
        edited.summary.contains("text, status"),
        "{}",
        edited.summary
    );
    let s = store.snapshot();
    let (_, _, h2) = s.statement("headline-2").unwrap();
    assert_eq!(h2.status, Status::UnderNegotiation);
    assert!(h2.text.starts_with("Tokyo's response"));
    // Only the two changed lines differ.
    let now = fx.deal_text();
    let changed: Vec<(&str, &str)> = original
        .lines()
        .zip(now.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert_eq!(original.lines().count(), now.lines().count());

    let retracted = store
        .apply(
            Edit::Retract {
                id: "surprise-2".into(),
                base_revision: rev(&store, "surprise-2"),
            },
            &who,
        )
        .unwrap();
    assert_eq!(retracted.change, 2);
    assert!(store.snapshot().statement("surprise-2").is_none());
    assert!(!fx.deal_text().contains("id = \"surprise-2\""));

    let back = store.revert(2, &who).unwrap();
    assert_eq!(back.change, 3);
    let snap = store.snapshot();
    let (_, topic) = snap.topic("japan-surprise").unwrap();
    let ids: Vec<&str> = topic.statements.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["surprise-1", "surprise-2", "surprise-3"],
        "restored in place"
    );

    store.revert(1, &who).unwrap();
    assert_eq!(
        fx.deal_text(),
        original,
        "reverting both leaves the file as it was"
    );

    let surprise = store.history("japan-surprise", 10).unwrap();
    let summary: Vec<(u64, &str, Option<u64>)> = surprise
        .iter()
        .map(|e| (e.change, e.action.as_str(), e.reverts))
        .collect();
    assert_eq!(
        summary,
        [(2, "retract", None), (3, "revert", Some(2))],
        "a topic id matches its statements' entries, oldest first"
    );
    assert_eq!(
        surprise[0].before.as_ref().unwrap().text(),
        Some("Akazawa noted differences in understanding between Tokyo and Washington about the deal's implementation.")
    );
    assert!(
        matches!(
            surprise[0].before,
            Some(dealcheck::store::State::Statement(_))
        ),
        "a statement's state is read back typed"
    );
    assert_eq!(surprise[0].after, None);

    let h2 = store.history("headline-2", 10).unwrap();
    let summary: Vec<(u64, &str, Option<u64>)> = h2
        .iter()
        .map(|e| (e.change, e.action.as_str(), e.reverts))
        .collect();
    assert_eq!(
        summary,
        [(1, "edit_statement", None), (4, "revert", Some(1))]
    );
    assert_eq!(
        h2[1].after, h2[0].before,
        "the revert restores the before state"
    );
    assert_eq!(
        store.history("headline-2", 1).unwrap()[0].change,
        4,
        "the last `limit`"
    );
    assert!(store.history("no-such-id", 10).unwrap().is_empty());
    assert_eq!(fx.history_lines().len(), 4);
}

#[test]
fn a_topic_is_added_at_the_end_with_a_new_source_and_reverted() {
    let fx = Fixture::new();
    let original = fx.deal_text();
    let store = fx.open();
    let applied = store
        .apply(
            Edit::AddTopic {
                deal: "us-japan-550b".into(),
                id: "shipbuilding-yards".into(),
                title: "Will Japan build shipyards in the U.S.?".into(),
                aliases: vec!["shipyards".into(), "ships".into()],
                first: NewStatement {
                    source: SourceChoice::New {
                        key: "briefing".into(),
                        title: "Press briefing".into(),
                        url: Some("https://example.org/briefing".into()),
                    },
                    ..new_statement(None, "Shipyards were mentioned as a possible project.")
                },
            },
            &moderator(),
        )
        .unwrap();
    assert!(
        applied.summary.contains("shipbuilding-yards") && applied.summary.contains("briefing"),
        "{}",
        applied.summary
    );
    // The new source right after the last one, the new topic at the very end; nothing else.
    let source_block = "\n[sources.briefing]\ntitle = \"Press briefing\"\nurl = \"https://example.org/briefing\"\n";
    let after_sources = original.find("\n# ----").unwrap();
    let topic_block = "\n[[topics]]\nid = \"shipbuilding-yards\"\ntitle = \"Will Japan build shipyards in the U.S.?\"\naliases = [\"shipyards\", \"ships\"]\n\n[[topics.statements]]\nid = \"shipbuilding-yards-1\"\nstatus = \"clarified\"\ntext = \"Shipyards were mentioned as a possible project.\"\nspeaker = \"A test speaker\"\nparty = \"Japan\"\nsource = \"briefing\"\n";
    let expected = format!(
        "{}{source_block}{}{topic_block}",
        &original[..after_sources],
        &original[after_sources..]
    );
    assert_eq!(fx.deal_text(), expected);
    let snap = store.snapshot();
    let (deal, topic) = snap.topic("shipbuilding-yards").unwrap();
    assert_eq!(topic.statements[0].source, "briefing");
    assert_eq!(
        deal.sources["briefing"].url.as_deref(),
        Some("https://example.org/briefing")
    );
    // The history of a statement finds the topic entry that created it.
    assert_eq!(
        store.history("shipbuilding-yards-1", 5).unwrap()[0].action,
        "add_topic"
    );

    store.revert(applied.change, &moderator()).unwrap();
    assert!(store.snapshot().topic("shipbuilding-yards").is_none());
    assert_eq!(
        fx.deal_text(),
        format!(
            "{}{source_block}{}",
            &original[..after_sources],
            &original[after_sources..]
        ),
        "only the (harmless, unused) new source stays"
    );
}

#[test]
fn a_stale_base_revision_is_a_conflict_showing_the_current_text() {
    let fx = Fixture::new();
    let store = fx.open();
    let seen = rev(&store, "headline-1");
    let edit = |text: &str| Edit::EditStatement {
        id: "headline-1".into(),
        base_revision: seen.clone(),
        text: Some(text.into()),
        status: None,
        speaker: None,
        party: None,
        source: None,
        quote: None,
        responds_to: None,
        said_on: None,
    };
    store
        .apply(edit("First moderator's wording."), &moderator())
        .unwrap();
    let bytes = fx.all_bytes();

    let err = store
        .apply(edit("Second moderator's wording."), &moderator())
        .unwrap_err();
    match &err {
        EditError::Conflict {
            id,
            current_text,
            current_revision,
        } => {
            assert_eq!(id, "headline-1");
            assert_eq!(current_text, "First moderator's wording.");
            assert_eq!(*current_revision, rev(&store, "headline-1"));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(
        msg.contains("First moderator's wording.") && !msg.contains('\n'),
        "{msg}"
    );
    assert_eq!(fx.all_bytes(), bytes, "nothing written");

    // A retract from the stale revision is refused too.
    let err = store
        .apply(
            Edit::Retract {
                id: "headline-1".into(),
                base_revision: seen,
            },
            &moderator(),
        )
        .unwrap_err();
    assert!(matches!(err, EditError::Conflict { .. }), "{err:?}");
    assert_eq!(fx.all_bytes(), bytes);
}

#[test]
fn invalid_edits_name_the_field_and_leave_every_file_unchanged() {
    let fx = Fixture::new();
    let store = fx.open();
    let bytes = fx.all_bytes();
    let add = |statement: NewStatement| Edit::AddStatement {
        topic: "tariffs-autos".into(),
        statement,
    };
    let edit_text = |id: &str, text: String| Edit::EditStatement {
        id: id.into(),
        base_revision: rev(&store, "tariffs-1"),
        text: Some(text),
        status: None,
        speaker: None,
        party: None,
        source: None,
        quote: None,
        responds_to: None,
        said_on: None,
    };
    let cases: Vec<(&str, Edit)> = vec![
        ("text", add(new_statement(None, "   "))),
        ("text", add(new_statement(None, &"x".repeat(1001)))),
        ("text", edit_text("tariffs-1", String::new())),
        ("text", edit_text("tariffs-1", "é".repeat(1001))),
        (
            "topic",
            Edit::AddStatement {
                topic: "no-such-topic".into(),
                statement: new_statement(None, "Fine text."),
            },
        ),
        (
            "statement",
            edit_text("no-such-statement", "Fine text.".into()),
        ),
        (
            "statement",
            Edit::Retract {
                id: "no-such-statement".into(),
                base_revision: "0".into(),
            },
        ),
        (
            "source_url",
            add(NewStatement {
                source: SourceChoice::New {
                    key: "blog".into(),
                    title: "A blog".into(),
                    url: Some("ftp://example.org/x".into()),
                },
                ..new_statement(None, "Fine text.")
            }),
        ),
        (
            "party",
            add(NewStatement {
                party: "United Kingdom".into(),
                ..new_statement(None, "Fine text.")
            }),
        ),
        (
            "source",
            add(NewStatement {
                source: SourceChoice::Existing("nowhere".into()),
                ..new_statement(None, "Fine text.")
            }),
        ),
        ("id", add(new_statement(Some("tariffs-1"), "Fine text."))),
        ("id", add(new_statement(Some("Bad Id"), "Fine text."))),
        (
            "speaker",
            add(NewStatement {
                speaker: String::new(),
                ..new_statement(None, "Fine text.")
            }),
        ),
        (
            "deal",
            Edit::AddTopic {
                deal: "no-such-deal".into(),
                id: "x".into(),
                title: "X?".into(),
                aliases: vec![],
                first: new_statement(None, "Fine text."),
            },
        ),
        (
            "edit",
            Edit::EditStatement {
                id: "tariffs-1".into(),
                base_revision: rev(&store, "tariffs-1"),
                text: None,
                status: None,
                speaker: None,
                party: None,
                source: None,
                quote: None,
                responds_to: None,
                said_on: None,
            },
        ),
    ];
    for (field, edit) in cases {
        let label = format!("{edit:?}");
        match store.apply(edit, &moderator()) {
            Err(err @ EditError::Invalid { .. }) => {
                let EditError::Invalid { field: got, .. } = &err else {
                    unreachable!()
                };
                assert_eq!(*got, field, "{label}");
                let msg = err.to_string();
                assert!(
                    msg.contains(&format!("`{field}`")) && !msg.contains('\n'),
                    "{label}: {msg}"
                );
            }
            other => panic!("{label}: expected Invalid({field}), got {other:?}"),
        }
        assert_eq!(fx.all_bytes(), bytes, "{label}: files unchanged");
    }
    match parse_status("maybe") {
        Err(EditError::Invalid { field, message }) => {
            assert_eq!(field, "status");
            assert!(message.contains("under_negotiation"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        parse_status("Under negotiation").unwrap(),
        Status::UnderNegotiation
    );
    assert!(
        fx.history_lines().is_empty(),
        "nothing logged for refused edits"
    );
    // At the limit is fine.
    store
        .apply(add(new_statement(None, &"y".repeat(1000))), &moderator())
        .unwrap();
}

#[test]
fn an_edit_that_would_make_the_base_invalid_is_rejected_with_nothing_written() {
    let fx = Fixture::new();
    let store = fx.open();
    let bytes = fx.all_bytes();

    // The only statement of a topic.
    let err = store
        .apply(
            Edit::Retract {
                id: "seed-money-1".into(),
                base_revision: rev(&store, "seed-money-1"),
            },
            &moderator(),
        )
        .unwrap_err();
    let EditError::Rejected(problems) = &err else {
        panic!("expected Rejected, got {err:?}")
    };
    assert!(
        problems.iter().any(
            |p| p.message.contains("`seed-money-loan` has no statements")
                && p.file.ends_with(DEAL_FILE)
        ),
        "{problems:?}"
    );
    assert!(err.to_string().contains("has no statements"), "{err}");
    assert_eq!(fx.all_bytes(), bytes);

    // A statement another topic lists as related.
    let err = store
        .apply(
            Edit::Retract {
                id: "binding-1".into(),
                base_revision: rev(&store, "binding-1"),
            },
            &moderator(),
        )
        .unwrap_err();
    assert!(
        matches!(&err, EditError::Rejected(p) if p.iter().any(|p| p.message.contains("related statement `binding-1`"))),
        "{err:?}"
    );
    assert_eq!(fx.all_bytes(), bytes);
    assert!(store.snapshot().statement("seed-money-1").is_some());
}

#[test]
fn reload_with_a_broken_file_keeps_the_last_good_snapshot() {
    let fx = Fixture::new();
    let store = fx.open();
    let good = store.snapshot();

    std::fs::write(
        fx.facts.join("broken.toml"),
        "[deal]\nid = \"broken\"\ntitle = \"x\"\nparties = [\"A\"\n",
    )
    .unwrap();
    let err = store.reload().unwrap_err();
    let LoadError::Invalid { problems } = &err;
    assert!(problems[0].file.ends_with("broken.toml"));
    assert!(
        problems[0].line >= 4 && problems[0].col >= 1,
        "{problems:?}"
    );
    let shown = err.to_string();
    assert!(
        shown.contains(&format!(
            "broken.toml:{}:{}:",
            problems[0].line, problems[0].col
        )),
        "{shown}"
    );
    assert!(
        Arc::ptr_eq(&good, &store.snapshot()),
        "still serving the last good base"
    );

    // Edits refuse to build on a broken folder too, and write nothing.
    let bytes = fx.all_bytes();
    let err = store
        .apply(
            Edit::AddStatement {
                topic: "boeing-aircraft".into(),
                statement: new_statement(None, "Fine text."),
            },
            &moderator(),
        )
        .unwrap_err();
    assert!(matches!(err, EditError::Rejected(_)), "{err:?}");
    assert_eq!(fx.all_bytes(), bytes);

    // Fixed on disk (a git pull): picked up by the next reload.
    std::fs::remove_file(fx.facts.join("broken.toml")).unwrap();
    let text = fx.deal_text().replace(
        "The proposed agreement covers proposed aircraft purchases from Boeing.",
        "The proposed agreement covers Boeing aircraft purchases.",
    );
    std::fs::write(fx.facts.join(DEAL_FILE), text).unwrap();
    let fresh = store.reload().unwrap();
    assert!(Arc::ptr_eq(&fresh, &store.snapshot()));
    assert_eq!(
        fresh.statement("boeing-1").unwrap().2.text,
        "The proposed agreement covers Boeing aircraft purchases."
    );
}

#[test]
fn change_numbers_continue_after_reopening() {
    let fx = Fixture::new();
    let add = |n: u32| Edit::AddStatement {
        topic: "boeing-aircraft".into(),
        statement: new_statement(None, &format!("Order number {n} was discussed.")),
    };
    {
        let store = fx.open();
        assert_eq!(store.apply(add(1), &moderator()).unwrap().change, 1);
        assert_eq!(store.apply(add(2), &moderator()).unwrap().change, 2);
    }
    let store = fx.open();
    let third = store.apply(add(3), &moderator()).unwrap();
    assert_eq!(third.change, 3);
    assert!(
        third.summary.contains("boeing-aircraft-4"),
        "{}",
        third.summary
    );
    let changes: Vec<u64> = fx
        .history_lines()
        .iter()
        .map(|l| l["change"].as_u64().unwrap())
        .collect();
    assert_eq!(changes, [1, 2, 3]);
}

#[test]
fn generated_ids_are_never_reused_after_a_retract() {
    let fx = Fixture::new();
    let store = fx.open();
    let add = || Edit::AddStatement {
        topic: "tariffs-autos".into(),
        statement: new_statement(None, "Auto tariffs were discussed again."),
    };
    store.apply(add(), &moderator()).unwrap();
    assert!(store.snapshot().statement("tariffs-autos-5").is_some());
    store
        .apply(
            Edit::Retract {
                id: "tariffs-autos-5".into(),
                base_revision: rev(&store, "tariffs-autos-5"),
            },
            &moderator(),
        )
        .unwrap();
    drop(store);
    let store = fx.open();
    store.apply(add(), &moderator()).unwrap();
    let snap = store.snapshot();
    assert!(snap.statement("tariffs-autos-5").is_none());
    assert!(snap.statement("tariffs-autos-6").is_some());
    // The retracted one can still come back.
    store.revert(2, &moderator()).unwrap();
    assert!(store.snapshot().statement("tariffs-autos-5").is_some());
}

#[test]
fn a_torn_last_history_line_is_tolerated() {
    let fx = Fixture::new();
    {
        let store = fx.open();
        store
            .apply(
                Edit::AddStatement {
                    topic: "boeing-aircraft".into(),
                    statement: new_statement(None, "Boeing was named again."),
                },
                &moderator(),
            )
            .unwrap();
    }
    // A crash in the middle of appending change 2.
    let mut bytes = std::fs::read(&fx.history).unwrap();
    bytes.extend_from_slice(br#"{"change":2,"at":"2025-08-01T00:00:00Z","user_id":4"#);
    std::fs::write(&fx.history, bytes).unwrap();

    let store = fx.open();
    assert_eq!(store.history("boeing-aircraft", 10).unwrap().len(), 1);
    let next = store
        .apply(
            Edit::AddStatement {
                topic: "boeing-aircraft".into(),
                statement: new_statement(None, "Boeing was named a third time."),
            },
            &moderator(),
        )
        .unwrap();
    assert_eq!(next.change, 2);
    let lines = fx.history_lines(); // every line parses, the file ends with a newline
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["change"], 2);
}

#[test]
fn reverting_a_change_that_was_changed_since_is_a_conflict() {
    let fx = Fixture::new();
    let store = fx.open();
    let added = store
        .apply(
            Edit::AddStatement {
                topic: "quarterly-review".into(),
                statement: new_statement(Some("quarterly-3"), "A review was scheduled."),
            },
            &moderator(),
        )
        .unwrap();
    store
        .apply(
            Edit::EditStatement {
                id: "quarterly-3".into(),
                base_revision: rev(&store, "quarterly-3"),
                text: Some("A review was postponed.".into()),
                status: None,
                speaker: None,
                party: None,
                source: None,
                quote: None,
                responds_to: None,
                said_on: None,
            },
            &moderator(),
        )
        .unwrap();
    let bytes = fx.all_bytes();
    let err = store.revert(added.change, &moderator()).unwrap_err();
    assert!(
        matches!(&err, EditError::Conflict { current_text, .. } if current_text == "A review was postponed."),
        "{err:?}"
    );
    assert_eq!(fx.all_bytes(), bytes);
    let err = store.revert(99, &moderator()).unwrap_err();
    assert!(
        matches!(
            err,
            EditError::Invalid {
                field: "change",
                ..
            }
        ),
        "{err:?}"
    );
    // Undo the edit, then the add: both go through.
    store.revert(2, &moderator()).unwrap();
    store.revert(1, &moderator()).unwrap();
    assert!(store.snapshot().statement("quarterly-3").is_none());
    // Reverting the same edit twice: what it produced is gone, so it is a conflict.
    assert!(matches!(
        store.revert(2, &moderator()),
        Err(EditError::Invalid { .. } | EditError::Conflict { .. })
    ));
}

#[test]
fn two_moderators_editing_one_statement_from_the_same_revision_one_wins() {
    let fx = Fixture::new();
    let store = Arc::new(fx.open());
    let seen = rev(&store, "allocation-1");
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = ["Wording from moderator A.", "Wording from moderator B."]
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let (store, barrier, seen) = (Arc::clone(&store), Arc::clone(&barrier), seen.clone());
            std::thread::spawn(move || {
                barrier.wait();
                let actor = Actor {
                    user_id: i as u64 + 1,
                    name: format!("mod{i}"),
                };
                let result = store.apply(
                    Edit::EditStatement {
                        id: "allocation-1".into(),
                        base_revision: seen,
                        text: Some(text.into()),
                        status: None,
                        speaker: None,
                        party: None,
                        source: None,
                        quote: None,
                        responds_to: None,
                        said_on: None,
                    },
                    &actor,
                );
                (text, result)
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let winners: Vec<&str> = results
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(t, _)| *t)
        .collect();
    assert_eq!(winners.len(), 1, "exactly one edit wins: {results:?}");
    let loser = results.iter().find(|(_, r)| r.is_err()).unwrap();
    match &loser.1 {
        Err(EditError::Conflict { current_text, .. }) => assert_eq!(current_text, winners[0]),
        other => panic!("the other edit must be a conflict, got {other:?}"),
    }
    assert_eq!(
        store.snapshot().statement("allocation-1").unwrap().2.text,
        winners[0]
    );
    assert_eq!(fx.history_lines().len(), 1);
}

#[test]
fn retracting_and_restoring_a_first_statement_gives_back_the_same_bytes() {
    let fx = Fixture::new();
    let original = fx.deal_text();
    let store = fx.open();
    let retracted = store
        .apply(
            Edit::Retract {
                id: "tariffs-1".into(),
                base_revision: rev(&store, "tariffs-1"),
            },
            &moderator(),
        )
        .unwrap();
    store.revert(retracted.change, &moderator()).unwrap();
    assert_eq!(fx.deal_text(), original);
    let snap = store.snapshot();
    let (_, topic) = snap.topic("tariffs-autos").unwrap();
    assert_eq!(topic.statements[0].id, "tariffs-1");
}

#[test]
fn editing_one_field_leaves_the_others_byte_for_byte() {
    let fx = Fixture::new();
    let original = fx.deal_text();
    let store = fx.open();
    // seed-money-1's text holds escaped quotes: it must keep its exact spelling.
    store
        .apply(
            Edit::EditStatement {
                id: "seed-money-1".into(),
                base_revision: rev(&store, "seed-money-1"),
                text: None,
                status: None,
                speaker: Some("Donald Trump, U.S. President, at a press event".into()),
                party: None,
                source: None,
                quote: None,
                responds_to: None,
                said_on: None,
            },
            &moderator(),
        )
        .unwrap();
    let now = fx.deal_text();
    assert_eq!(
        now,
        original.replacen(
            "speaker = \"Donald Trump, U.S. President\"\nparty = \"United States\"\nsource = \"report\"\nquote = \"According to Trump",
            "speaker = \"Donald Trump, U.S. President, at a press event\"\nparty = \"United States\"\nsource = \"report\"\nquote = \"According to Trump",
            1
        )
    );
    assert_ne!(now, original);
}
