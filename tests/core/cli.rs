//! The CLI contract (design doc section 4), run through the real binary.

use std::ffi::OsStr;
use std::process::{Command, Output};

use serde_json::Value;

fn dealcheck(args: &[&str]) -> Output {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    run(&args)
}

fn run(args: &[&OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dealcheck"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("RUST_LOG")
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn ask_json(question: &str) -> Value {
    let o = dealcheck(&["ask", "--json", question]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("ask --json prints JSON")
}

fn topics(v: &Value) -> Vec<String> {
    v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["topic"].as_str().unwrap().to_string())
        .collect()
}

/// The text between a heading line and the next heading (or the end of the topic).
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text
        .find(&format!("\n{heading}:\n"))
        .unwrap_or_else(|| panic!("no {heading} in\n{text}"));
    let rest = &text[start + heading.len() + 3..];
    let end = [
        "\nBoth sides:",
        "\nAnnounced:",
        "\nClarified:",
        "\nStill under negotiation:",
        "\nNothing on record:",
        "\nBackground (the source's own context):",
        "\nSources:",
    ]
    .iter()
    .filter_map(|h| rest.find(h))
    .min()
    .unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn loan_question_names_seed_money_claim_and_cabinet_office_clarification() {
    let o = dealcheck(&["ask", "is the 550 billion a loan or a gift?"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    // Trump's claim and the Cabinet Office's answer to it, side by side, each side marked.
    let sides = section(&text, "Both sides");
    let us =
        sides.find("🇺🇸 United States: Japan would provide what Trump described as \"seed money\"");
    let jp = sides.find("🇯🇵 Japan: The sum involves credit capabilities from state lenders.");
    assert!(us.is_some() && jp.is_some() && us < jp, "{text}");
    assert!(
        sides.contains("— Donald Trump, U.S. President [1]"),
        "{text}"
    );
    assert!(sides.contains("— Cabinet Office of Japan [1]"), "{text}");
    // What is open is on record now, under its own heading, not under Clarified.
    assert!(
        section(&text, "Still under negotiation").contains("still under active negotiation"),
        "{text}"
    );
    assert!(
        !section(&text, "Clarified").contains("under active negotiation"),
        "{text}"
    );
}

/// The two sides of the quarterly review, together and each marked; the sectors are shown
/// as the report's description with what is open, not as a settled U.S. announcement.
#[test]
fn opposing_positions_are_side_by_side_and_sectors_do_not_read_as_settled() {
    let text = stdout(&dealcheck(&[
        "ask",
        "did japan agree to the quarterly review?",
    ]));
    let sides = section(&text, "Both sides");
    assert!(
        sides.contains("🇺🇸 United States: U.S. officials cited a quarterly review mechanism."),
        "{text}"
    );
    assert!(
        sides.contains(
            "🇯🇵 Japan: The quarterly review mechanism cited by U.S. officials was not discussed"
        ),
        "{text}"
    );
    let text = stdout(&dealcheck(&[
        "ask",
        "are chips and shipbuilding locked in?",
    ]));
    assert!(
        text.starts_with("Which sectors would get the money"),
        "{text}"
    );
    assert!(!text.contains("\nAnnounced:\n"), "{text}");
    assert!(
        section(&text, "Nothing on record").contains("Announced"),
        "{text}"
    );
    let open = section(&text, "Still under negotiation");
    assert!(open.contains("still under active negotiation"), "{text}");
    assert!(open.contains("new versus relabeled"), "{text}");
    let background = section(&text, "Background (the source's own context)");
    assert!(
        background.contains("named strategic by the White House"),
        "{text}"
    );
    assert!(
        section(&text, "Clarified").contains("Cabinet Office of Japan"),
        "{text}"
    );
    // The source is listed once, with the as-of line.
    assert_eq!(
        text.matches("headline, outlet and date not given").count(),
        1,
        "{text}"
    );
    assert!(text.contains("As of 2026-12-01."), "{text}");
}

#[test]
fn the_readme_question_gets_the_seed_money_topic_first() {
    // The question the README's first command asks.
    let v = ask_json("is Japan's $550 billion a loan?");
    assert_eq!(topics(&v)[0], "seed-money-loan", "{v}");
}

#[test]
fn json_has_exactly_the_contract_shape() {
    let v = ask_json("is the 550 billion a loan or a gift?");
    let obj = v.as_object().unwrap();
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "figures",
            "lang",
            "matches",
            "overview",
            "question",
            "speaker",
            "suggestions"
        ],
        "the contract's keys, and the new keys of the speaker and overview replies and of \
         the figure notes (README)"
    );
    assert_eq!(v["figures"], serde_json::json!([]), "no figure asked: {v}");
    assert_eq!(v["lang"], "en");
    assert!(v["speaker"].is_null() && v["overview"].is_null());
    assert_eq!(v["question"], "is the 550 billion a loan or a gift?");
    let m = &v["matches"][0];
    let mut keys: Vec<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "announced",
            "background",
            "clarified",
            "pairs",
            "reviewed_on",
            "score",
            "sources",
            "title",
            "topic",
            "under_negotiation"
        ],
        "the contract's keys, and the new keys of the trust model (README)"
    );
    assert_eq!(m["reviewed_on"], "2026-12-01");
    assert_eq!(
        m["pairs"][0],
        serde_json::json!({"claim": "seed-money-1", "response": "facility-2"})
    );
    assert_eq!(m["sources"][0]["n"], 1);
    assert_eq!(m["sources"][0]["archived"], true);
    assert_eq!(m["topic"], "seed-money-loan");
    let score = m["score"].as_f64().unwrap();
    assert!(score > 0.0 && score <= 1.0);
    let s = &m["announced"][0];
    let mut keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "id",
            "party",
            "quote",
            "quote_verified",
            "responds_to",
            "said_on",
            "source",
            "source_n",
            "speaker",
            "text",
            "text_ja"
        ]
    );
    assert_eq!(s["party"], "United States");
    assert_eq!(s["quote_verified"], true);
    assert!(s["said_on"].is_null(), "the article gives no date");
    let mut keys: Vec<&str> = s["source"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(keys, ["title", "url"]);
    assert!(s["source"]["url"].is_null(), "the article gives no URL");
    assert!(v["suggestions"].as_array().unwrap().is_empty());
}

#[test]
fn near_misses_and_chatter_are_not_confident_matches() {
    for q in [
        "Did the UK pledge $400 billion to the US?",
        "good morning all",
    ] {
        let v = ask_json(q);
        assert!(v["matches"].as_array().unwrap().is_empty(), "{q}: {v}");
        let o = dealcheck(&["ask", q]);
        assert_eq!(o.status.code(), Some(0));
        assert!(
            stdout(&o).starts_with("No confident match."),
            "{}",
            stdout(&o)
        );
    }
}

#[test]
fn unconfident_questions_may_get_suggestions() {
    // One weak word about the deal: not a match, but the closest topics are offered.
    let v = ask_json("anyone know cheap planes tickets to hawaii");
    assert!(v["matches"].as_array().unwrap().is_empty(), "{v}");
    let suggestions = v["suggestions"].as_array().unwrap();
    assert!(!suggestions.is_empty() && suggestions.len() <= 3, "{v}");
    assert_eq!(suggestions[0]["topic"], "boeing-aircraft");
}

#[test]
fn a_claim_gets_the_same_topics_as_its_question_form() {
    let pairs = [
        (
            "Tokyo just handed Washington 550 billion dollars, no strings attached",
            "Did Tokyo just hand Washington 550 billion dollars with no strings attached?",
        ),
        (
            "Tokyo is bankrolling America's new factories",
            "Is Tokyo bankrolling America's new factories?",
        ),
        ("Japan signed the deal.", "Did Japan sign the deal?"),
    ];
    for (claim, question) in pairs {
        let (c, q) = (ask_json(claim), ask_json(question));
        assert!(!topics(&c).is_empty(), "{claim}: {c}");
        assert_eq!(topics(&c), topics(&q), "{claim} / {question}");
    }
    // And the reply says which parts were announced and which were clarified.
    let text = stdout(&dealcheck(&["ask", pairs[0].0]));
    assert!(
        section(&text, "Both sides").contains("Donald Trump"),
        "{text}"
    );
    assert!(section(&text, "Clarified").contains("— "), "{text}");
}

#[test]
fn a_wrong_figure_gets_the_topic_and_the_figure_on_record() {
    let o = dealcheck(&["ask", "is Japan investing $1 trillion?"]);
    let text = stdout(&o);
    assert!(
        text.starts_with("Note: The figure on record is $550 billion, not $1 trillion."),
        "{text}"
    );
    let v = ask_json("is Japan investing $1 trillion?");
    assert_eq!(topics(&v)[0], "headline-550b");
    // The same note in the JSON, as two formatted figures.
    assert_eq!(
        v["figures"],
        serde_json::json!([{"asked": "$1 trillion", "on_record": "$550 billion"}]),
        "{v}"
    );
    // A figure on record gets no note.
    assert_eq!(
        ask_json("is Japan investing $550 billion?")["figures"],
        serde_json::json!([])
    );
}

#[test]
fn bad_questions_exit_2_with_one_line() {
    let long = "a".repeat(1001);
    for q in ["", "   \t  ", long.as_str()] {
        let o = dealcheck(&["ask", q]);
        assert_eq!(o.status.code(), Some(2), "{q:?}");
        assert!(o.stdout.is_empty());
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("error: "), "{err}");
    }
    // Exactly 1,000 characters is allowed.
    let ok = "rice ".repeat(200);
    assert_eq!(dealcheck(&["ask", ok.trim_end()]).status.code(), Some(0));
    // No question at all is a usage error too.
    assert_eq!(dealcheck(&["ask"]).status.code(), Some(2));
}

/// Every bad-argument path is one line on stderr and exit 2 (clap's own messages are several).
#[test]
fn bad_arguments_exit_2_with_one_line() {
    use std::os::unix::ffi::OsStrExt;
    let not_utf8 = std::ffi::OsStr::from_bytes(b"is it a lo\xffan?");
    let runs: Vec<Output> = vec![
        run(&[OsStr::new("ask"), not_utf8]),
        dealcheck(&["ask", "--facts"]),
        dealcheck(&["ask", "--json"]),
        dealcheck(&["check", "--facts", "facts", "extra"]),
        dealcheck(&["ask"]),
        dealcheck(&["frobnicate"]),
        dealcheck(&[]),
    ];
    for o in runs {
        assert_eq!(o.status.code(), Some(2));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("error: "), "{err}");
    }
    // A flag-like question after `--` is a question.
    assert_eq!(dealcheck(&["ask", "--", "--loan?"]).status.code(), Some(0));
    // A flag after the question is a flag, not words of the question.
    let o = dealcheck(&["ask", "is it a loan?", "--json", "--facts", "facts"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("ask --json prints JSON");
    assert_eq!(v["question"], "is it a loan?");
    let o = dealcheck(&["ask", "is it a loan?", "--facts", "no-such-folder"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    // --help still prints in full, on stdout, exit 0.
    let help = dealcheck(&["ask", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).lines().count() > 3);
}

#[test]
fn check_passes_on_the_bundled_facts() {
    let o = dealcheck(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("ok: 1 deal(s), "));
}

#[test]
fn check_names_file_line_col_for_each_broken_fixture() {
    let dir = crate::util::fixture("broken");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let want = text
            .lines()
            .next()
            .unwrap()
            .trim_start_matches("# expect: ");
        let pos: Vec<&str> = want.splitn(3, ':').take(2).collect();
        let tmp = tempfile::tempdir().unwrap();
        let copy = tmp.path().join(path.file_name().unwrap());
        std::fs::copy(&path, &copy).unwrap();
        let o = dealcheck(&["check", "--facts", tmp.path().to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", path.display());
        let err = stderr(&o);
        let prefix = format!("{}:{}:{}: ", copy.display(), pos[0], pos[1]);
        assert!(
            err.starts_with(&prefix),
            "{}: want {prefix}, got {err}",
            path.display()
        );
        n += 1;
    }
    assert!(n >= 14);
}

/// One line per problem, each `file:line:col: message`, every file checked: a file that is
/// not UTF-8 gets the position of its first bad byte and does not hide the others' problems.
#[test]
fn check_reports_every_file_one_line_each() {
    let tmp = tempfile::tempdir().unwrap();
    let bundled = std::fs::read(crate::util::bundled_dir().join("us-japan-550b.toml")).unwrap();
    let mut broken = bundled.clone();
    let at = broken.windows(8).position(|w| w == b"\nparties").unwrap() + 1;
    broken[at + 2] = 0xff; // column 3 of the `parties` line
    std::fs::write(tmp.path().join("a-latin1.toml"), &broken).unwrap();
    let unknown = String::from_utf8(bundled.clone()).unwrap().replacen(
        "[deal]\n",
        "[deal]\ncolour = \"red\"\n",
        1,
    );
    std::fs::write(tmp.path().join("b-unknown-key.toml"), unknown).unwrap();
    let o = dealcheck(&["check", "--facts", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    let line = |name: &str, pos: &str| format!("{}:{pos}: ", tmp.path().join(name).display());
    let first = bundled.iter().take(at).filter(|&&b| b == b'\n').count() + 1;
    assert!(
        lines[0].starts_with(&line("a-latin1.toml", &format!("{first}:3"))),
        "{err}"
    );
    assert!(lines[0].contains("not valid UTF-8"), "{err}");
    let deal_line = bundled
        .split(|&b| b == b'\n')
        .position(|l| l == b"[deal]")
        .unwrap()
        + 2;
    assert!(
        lines[1].starts_with(&line("b-unknown-key.toml", &format!("{deal_line}:1"))),
        "{err}"
    );
    assert!(lines[1].contains("unknown field `colour`"), "{err}");
}

/// A TOML syntax error whose parser message has two lines, and a file name with a line
/// break, still give one line per problem.
#[test]
fn check_keeps_one_line_per_problem() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("bad\nname.toml"),
        "[deal]\nid = \"a\\qb\"\n",
    )
    .unwrap();
    let o = dealcheck(&["check", "--facts", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("bad\\nname.toml\":2:"), "{err}");
    assert!(err.contains("escape"), "{err}");
}

#[test]
fn ask_and_check_report_a_broken_or_missing_fact_base() {
    let o = dealcheck(&["check", "--facts", "/nonexistent/facts"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "/nonexistent/facts: cannot read the folder: No such file or directory (os error 2)\n"
    );
    let dir = crate::util::fixture("broken-dirs/duplicate-across-files");
    let o = dealcheck(&["ask", "--facts", dir.to_str().unwrap(), "is it binding?"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("b.toml:10:6: duplicate topic id"),
        "{}",
        stderr(&o)
    );
}

/// `dealcheck gaps` lists what the bot could not answer, most asked first; a missing
/// database is one line and exit 1.
#[test]
fn gaps_lists_the_unanswered_questions_of_a_records_database() {
    use dealcheck::records::{AnswerRecord, Outcome, RecordStore, SqliteRecords};
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("answers.sqlite3");
    let records = SqliteRecords::open(&db).unwrap();
    for (q, outcome, label) in [
        ("what about the yen?", Outcome::None, ""),
        ("What about the yen", Outcome::None, ""),
        ("is japan buying beef", Outcome::None, "agriculture-rice"),
        ("is it a loan", Outcome::Topics, "seed-money-loan"),
    ] {
        let score = if outcome == Outcome::Topics { 0.9 } else { 0.0 };
        records
            .record(&AnswerRecord {
                id: 0,
                at: dealcheck::records::now(),
                guild: None,
                channel: None,
                reply_message: None,
                question: dealcheck::records::normalize_question(q),
                outcome,
                label: label.into(),
                score,
                statements: vec![],
            })
            .unwrap();
    }
    drop(records);
    let o = dealcheck(&["gaps", "--db", db.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "2\t-\twhat about the yen\n1\tagriculture-rice\tis japan buying beef\n"
    );
    let o = dealcheck(&["gaps", "--db", "/nonexistent/answers.sqlite3"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o).lines().count(), 1);
}
