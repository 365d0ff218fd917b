//! Validation: every rule has a broken fixture in tests/fixtures/broken/ whose first line
//! says where the problem is (`# expect: LINE:COL: part of the message`).

use std::path::{Path, PathBuf};

use dealcheck::facts::{parse, FactBase, LoadError};

fn fixtures() -> Vec<PathBuf> {
    let dir = crate::util::fixture("broken");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// (line, col, message part) from the fixture's first line.
fn expectation(text: &str) -> (usize, usize, String) {
    let head = text.lines().next().unwrap();
    let rest = head
        .strip_prefix("# expect: ")
        .expect("fixture starts with # expect:");
    let mut parts = rest.splitn(3, ':');
    let line = parts.next().unwrap().trim().parse().unwrap();
    let col = parts.next().unwrap().trim().parse().unwrap();
    (line, col, parts.next().unwrap().trim().to_string())
}

#[test]
fn every_broken_fixture_is_reported_at_its_position() {
    let files = fixtures();
    assert!(files.len() >= 14, "one fixture per rule");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let (line, col, part) = expectation(&text);
        let problems = parse(&text, &path).expect_err(&format!("{} must not load", path.display()));
        assert_eq!(problems.len(), 1, "{}: {problems:?}", path.display());
        let p = &problems[0];
        assert_eq!(
            (p.line, p.col),
            (line, col),
            "{}: {}",
            path.display(),
            p.message
        );
        assert!(
            p.message.contains(&part),
            "{}: {:?} lacks {part:?}",
            path.display(),
            p.message
        );
        assert_eq!(p.file, path);
        let shown = p.to_string();
        assert!(
            shown.starts_with(&format!("{}:{line}:{col}: ", path.display())),
            "{shown}"
        );
    }
}

#[test]
fn ids_are_unique_across_files() {
    let dir = crate::util::fixture("broken-dirs/duplicate-across-files");
    let Err(LoadError::Invalid { problems }) = FactBase::from_dir(&dir) else {
        panic!("duplicate topic id across files must not load");
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].file.ends_with("b.toml"));
    assert_eq!((problems[0].line, problems[0].col), (10, 6));
    assert!(problems[0]
        .message
        .contains("duplicate topic id `shared-topic`"));
    assert!(
        problems[0].message.contains("a.toml:10:6"),
        "{}",
        problems[0].message
    );
}

#[test]
fn all_problems_of_a_file_are_reported_together() {
    let text = r#"
[deal]
id = "d"
title = "D"
parties = ["A"]

[sources.r]
title = "R"

[[topics]]
id = "t"
title = "T"

[[topics.statements]]
id = "s"
status = "maybe"
text = ""
speaker = "X"
party = "B"
source = "nowhere"
"#;
    let problems = parse(text, Path::new("many.toml")).unwrap_err();
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown
            .iter()
            .map(|s| s.split(": ").next().unwrap())
            .collect::<Vec<_>>(),
        vec![
            "many.toml:16:10",
            "many.toml:17:8",
            "many.toml:19:9",
            "many.toml:20:10"
        ],
        "{shown:#?}"
    );
}

#[test]
fn an_empty_folder_is_an_error_not_an_empty_base() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        FactBase::from_dir(dir.path()),
        Err(LoadError::Invalid { .. })
    ));
}

#[test]
fn bundled_facts_are_valid_and_attributed() {
    let facts = crate::util::bundled();
    assert!(facts.topic_count() >= 14);
    for (deal, topic) in facts.topics() {
        for s in &topic.statements {
            assert!(!s.speaker.trim().is_empty(), "{}", s.id);
            assert!(
                deal.parties.contains(&s.party) || s.party == "neither",
                "{}",
                s.id
            );
            // The seed article gives no URL or date: none may be invented.
            let source = &deal.sources[&s.source];
            assert!(source.url.is_none() && source.date.is_none(), "{}", s.id);
        }
    }
}

/// A quote that is not in the archived text of its source is refused at the quote.
#[test]
fn a_quote_not_in_the_archived_source_is_refused_at_its_position() {
    let dir = crate::util::fixture("broken-dirs/quote-not-in-source");
    let Err(LoadError::Invalid { problems }) = FactBase::from_dir(&dir) else {
        panic!("a quote that is not in the source must not load");
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!((problems[0].line, problems[0].col), (21, 9));
    assert!(problems[0].message.contains("not found verbatim"));
}

/// "Nothing invented" as a test: every bundled statement rests on words found verbatim in
/// the archived article, and the source's own voice is never filed as a party's position.
#[test]
fn every_bundled_statement_has_a_verified_quote_and_context_stays_apart() {
    let facts = crate::util::bundled();
    for (deal, topic) in facts.topics() {
        for s in &topic.statements {
            assert!(s.quote.is_some(), "{} has no quote", s.id);
            let source = &deal.sources[&s.source];
            assert!(
                source.archive.is_some(),
                "{}: its source is not archived",
                s.id
            );
            if s.party == "neither" {
                assert!(
                    matches!(
                        s.status,
                        dealcheck::facts::Status::Context
                            | dealcheck::facts::Status::UnderNegotiation
                    ),
                    "{}: the report's voice filed as {}",
                    s.id,
                    s.status
                );
            }
        }
        let r = facts.topic_ref(&topic.id).unwrap();
        let answer = dealcheck::reply::Reply::topic_answer(facts, r, 1.0);
        for a in answer.announced.iter().chain(&answer.clarified) {
            assert_ne!(
                a.party, "neither",
                "{}: {} shown as a party's position",
                topic.id, a.id
            );
        }
        for a in &answer.background {
            assert_eq!(a.party, "neither", "{}", a.id);
        }
        for a in answer
            .announced
            .iter()
            .chain(&answer.clarified)
            .chain(&answer.background)
        {
            assert!(a.quote_verified, "{}", a.id);
        }
    }
}

/// Every bundled topic's embed, compact and detailed, fits Discord's limits and names the
/// source once.
#[test]
fn every_bundled_topic_embed_fits_and_names_its_source_once() {
    let facts = crate::util::bundled();
    for (_, topic) in facts.topics() {
        let r = facts.topic_ref(&topic.id).unwrap();
        let answer = dealcheck::reply::Reply::topic_answer(facts, r, 1.0);
        for detailed in [false, true] {
            let layout = dealcheck::discord::embeds::topic(
                &answer,
                "",
                detailed,
                dealcheck::reply::Lang::En,
            );
            assert!(layout.fits(), "{} ({detailed}): {layout:?}", topic.id);
            let all: String = layout
                .fields
                .iter()
                .map(|(n, v)| format!("{n}{v}"))
                .collect();
            assert_eq!(
                all.matches("headline, outlet and date not given").count(),
                1,
                "{}: {all}",
                topic.id
            );
        }
    }
}
