//! Moderator fact updates through the Discord stand-in and the real bot: permission,
//! saving with comments intact, serving at once, history, revert, conflicts, reloads.

use std::time::Duration;

use crate::support::bot::{bundled_facts, string_option, Bot};
use crate::support::*;
use serde_json::{json, Value};

const FILE: &str = "facts/us-japan-550b.toml";

pub(crate) fn sub(name: &str, options: Value) -> Value {
    let options = if options.is_null() {
        json!([])
    } else {
        options
    };
    json!([{"type": 1, "name": name, "options": options}])
}

pub(crate) fn ephemeral_text(body: &Value) -> String {
    assert_eq!(body["type"], 4, "{body}");
    assert_eq!(
        body["data"]["flags"].as_u64().unwrap_or(0) & 64,
        64,
        "ephemeral: {body}"
    );
    body["data"]["content"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

impl Bot {
    /// Runs `/fact <name>` as a moderator; returns the callback (a modal or a message).
    pub(crate) async fn fact(&self, name: &str, options: Value) -> Value {
        self.interact(slash(
            "fact",
            sub(name, options),
            &[MOD_ROLE_ID],
            MEMBER_PERMISSIONS,
        ))
        .await
    }

    /// Fills in the modal of `callback` and returns the answer to the submission.
    pub(crate) async fn submit(&self, callback: &Value, fields: &[(&str, &str)]) -> String {
        assert_eq!(callback["type"], 9, "a modal: {callback}");
        let custom_id = callback["data"]["custom_id"].as_str().unwrap();
        let rows: Vec<Value> = fields.iter().map(|(id, v)| text_input(id, v)).collect();
        ephemeral_text(&self.interact(modal_submit(custom_id, json!(rows))).await)
    }

    pub(crate) async fn factcheck(&self, q: &str) -> Value {
        self.interact(slash(
            "factcheck",
            json!([string_option("question", q)]),
            &[],
            MEMBER_PERMISSIONS,
        ))
        .await
    }

    pub(crate) fn file(&self) -> String {
        std::fs::read_to_string(self.dir.path().join(FILE)).unwrap()
    }

    fn history_lines(&self) -> Vec<Value> {
        std::fs::read_to_string(self.dir.path().join("history/facts.jsonl"))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

fn add_options(topic: &str) -> Value {
    json!([
        string_option("topic", topic),
        string_option("status", "clarified"),
        string_option("speaker", "Japan's Cabinet Office"),
        string_option("party", "Japan"),
        string_option("source", "report"),
        string_option("id", "rice-new-1"),
    ])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_moderators_are_refused_and_nothing_changes() {
    let bot = Bot::start(&bundled_facts()).await;
    let before = bot.file();
    for (name, options) in [
        ("add", add_options("agriculture-rice")),
        ("retract", json!([string_option("statement", "boeing-1")])),
        ("reload", Value::Null),
        ("revert", json!([{"type": 4, "name": "change", "value": 1}])),
    ] {
        let d = slash("fact", sub(name, options), &[], MEMBER_PERMISSIONS);
        let text = ephemeral_text(&bot.interact(d).await);
        assert!(
            text.starts_with("Only moderators can change facts"),
            "{name}: {text}"
        );
    }
    assert_eq!(bot.file(), before, "byte for byte");
    assert!(bot.history_lines().is_empty());
    // The permission named in the config also makes a moderator.
    let d = slash(
        "fact",
        sub("reload", Value::Null),
        &[],
        MEMBER_PERMISSIONS | (1 << 5),
    );
    assert!(ephemeral_text(&bot.interact(d).await).starts_with("Reloaded:"));
    // /fact is registered hidden from members without that permission.
    let put = bot
        .standin
        .requests()
        .into_iter()
        .find(|r| r.method == "PUT")
        .unwrap();
    let fact = put
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "fact")
        .unwrap()
        .clone();
    assert_eq!(fact["default_member_permissions"], (1u64 << 5).to_string());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_adds_a_statement_saved_with_comments_and_served_at_once() {
    let bot = Bot::start(&bundled_facts()).await;
    let before = bot.file();
    let modal = bot.fact("add", add_options("agriculture-rice")).await;
    let text = "Japan will review its rice import quotas next year.";
    let answer = bot.submit(&modal, &[("text", text)]).await;
    assert!(answer.contains("rice-new-1"), "{answer}");

    let after = bot.file();
    // Everything that was there is still there, in order, comments included.
    let mut rest = after.as_str();
    for line in before.lines() {
        let at = rest
            .find(line)
            .unwrap_or_else(|| panic!("lost line {line:?}"));
        rest = &rest[at + line.len()..];
    }
    assert!(after.contains(
        "# ---------------------------------------------------------------- headline --"
    ));
    assert!(after.contains(&format!("text = \"{text}\"")));
    // Inside the rice topic: before the next topic's header.
    let rice = after.find("id = \"agriculture-rice\"").unwrap();
    let next = rice + after[rice..].find("[[topics]]").unwrap();
    let added = after.find("id = \"rice-new-1\"").unwrap();
    assert!(rice < added && added < next);

    let body = bot.factcheck("will japan import more american rice?").await;
    let embed = &body["data"]["embeds"][0];
    let clarified = embed["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "Clarified")
        .unwrap();
    assert!(
        clarified["value"].as_str().unwrap().contains(text),
        "{embed}"
    );

    let history = bot.history_lines();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["action"], "add_statement");
    assert_eq!(history[0]["statement"], "rice-new-1");
    assert_eq!(history[0]["user_id"], USER_ID);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_retract_and_revert_round_trip_with_history_in_order() {
    let bot = Bot::start(&bundled_facts()).await;
    let original = bot.file();
    let modal = bot
        .fact("edit", json!([string_option("statement", "boeing-1")]))
        .await;
    // The form opens with the current text.
    let shown = modal["data"]["components"][0]["components"][0]["value"]
        .as_str()
        .unwrap();
    assert_eq!(
        shown,
        "The proposed agreement covers proposed aircraft purchases from Boeing."
    );
    let edited =
        "The proposed agreement covers aircraft purchases from Boeing; numbers are not public.";
    bot.submit(&modal, &[("text", edited)]).await;
    assert!(bot.file().contains(edited));

    let text = ephemeral_text(
        &bot.fact(
            "retract",
            json!([string_option("statement", "quarterly-2")]),
        )
        .await,
    );
    assert!(text.contains("quarterly-2"), "{text}");
    assert!(!bot.file().contains("id = \"quarterly-2\""));
    let body = bot.factcheck("is there a quarterly review?").await;
    let embed = body["data"]["embeds"][0].to_string();
    assert!(
        !embed.contains("was not discussed as part of the deal"),
        "retracted: {embed}"
    );
    // A statement others point to (answers, the overview) cannot be retracted alone.
    let refused = ephemeral_text(
        &bot.fact("retract", json!([string_option("statement", "headline-1")]))
            .await,
    );
    assert!(
        refused.contains("refused") && refused.contains("`headline-1` is not defined"),
        "{refused}"
    );

    let history = ephemeral_text(
        &bot.fact("history", json!([string_option("id", "quarterly-review")]))
            .await,
    );
    assert!(
        history.contains("#2") && history.contains("retract"),
        "{history}"
    );
    // Revert both, newest first; the file is back to the original bytes.
    for change in [2, 1] {
        let text = ephemeral_text(
            &bot.fact(
                "revert",
                json!([{"type": 4, "name": "change", "value": change}]),
            )
            .await,
        );
        assert!(
            !text.starts_with("conflict") && !text.starts_with("refused"),
            "{text}"
        );
    }
    assert_eq!(bot.file(), original);
    let actions: Vec<String> = bot
        .history_lines()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(actions, ["edit_statement", "retract", "revert", "revert"]);
    let history = ephemeral_text(
        &bot.fact("history", json!([string_option("id", "boeing-1")]))
            .await,
    );
    let first = history.find("#1 ").unwrap();
    let fourth = history.find("#4 ").unwrap();
    assert!(first < fourth, "oldest first: {history}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_edits_from_the_same_revision_one_wins_one_conflicts() {
    let bot = Bot::start(&bundled_facts()).await;
    let a = bot
        .fact("edit", json!([string_option("statement", "boeing-1")]))
        .await;
    let b = bot
        .fact("edit", json!([string_option("statement", "boeing-1")]))
        .await;
    let first = bot.submit(&a, &[("text", "Edit from moderator A.")]).await;
    assert!(!first.starts_with("conflict"), "{first}");
    let second = bot.submit(&b, &[("text", "Edit from moderator B.")]).await;
    assert!(second.starts_with("conflict"), "{second}");
    assert!(
        second.contains("Edit from moderator A."),
        "shows the current text: {second}"
    );
    let file = bot.file();
    assert!(file.contains("Edit from moderator A.") && !file.contains("Edit from moderator B."));
    assert_eq!(bot.history_lines().len(), 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_names_the_field_and_writes_nothing() {
    let bot = Bot::start(&bundled_facts()).await;
    let before = bot.file();
    let long = "x".repeat(1001);
    let cases: Vec<(Value, Option<&str>, &str)> = vec![
        (add_options("no-such-topic"), None, "topic"),
        (
            json!([
                string_option("topic", "boeing-aircraft"),
                string_option("status", "rumoured"),
                string_option("speaker", "X"),
                string_option("party", "Japan"),
                string_option("source", "report")
            ]),
            None,
            "status",
        ),
        (add_options("boeing-aircraft"), Some(""), "text"),
        (add_options("boeing-aircraft"), Some(&long), "text"),
        (
            json!([
                string_option("topic", "boeing-aircraft"),
                string_option("status", "announced"),
                string_option("speaker", "X"),
                string_option("party", "Japan"),
                string_option("source_title", "A blog"),
                string_option("source_url", "ftp://example.org")
            ]),
            // Options are refused before the form opens, so no typed text is lost.
            None,
            "url",
        ),
        (
            json!([
                string_option("topic", "boeing-aircraft"),
                string_option("status", "announced"),
                string_option("speaker", "X"),
                string_option("party", "Mars"),
                string_option("source", "report")
            ]),
            None,
            "party",
        ),
    ];
    for (options, text, field) in cases {
        let callback = bot.fact("add", options).await;
        let message = match text {
            Some(t) => bot.submit(&callback, &[("text", t)]).await,
            None => ephemeral_text(&callback),
        };
        assert!(message.contains(field), "{field}: {message}");
    }
    let text = ephemeral_text(
        &bot.fact(
            "retract",
            json!([string_option("statement", "no-such-statement")]),
        )
        .await,
    );
    assert!(text.contains("statement"), "{text}");
    assert_eq!(bot.file(), before);
    assert!(bot.history_lines().is_empty());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_file_on_disk_keeps_the_last_good_base_serving() {
    let bot = Bot::start(&bundled_facts()).await;
    std::fs::write(
        bot.dir.path().join("facts/zz-broken.toml"),
        "[deal]\nid = \"x\"\ntitle = oops\n",
    )
    .unwrap();
    // The watcher (every second in tests) sees it and refuses it.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let body = bot.factcheck("is the deal binding?").await;
    assert!(body["data"]["embeds"][0]["footer"]["text"]
        .as_str()
        .unwrap()
        .contains("binding-agreement"));
    let text = ephemeral_text(&bot.fact("reload", Value::Null).await);
    assert!(text.starts_with("Reload refused"), "{text}");
    assert!(
        text.contains("zz-broken.toml:3:"),
        "names file:line:col: {text}"
    );
    // Fixed on disk: picked up without a restart.
    std::fs::remove_file(bot.dir.path().join("facts/zz-broken.toml")).unwrap();
    let edited = bot.file().replace(
        "The proposed agreement covers proposed aircraft purchases from Boeing.",
        "Changed on disk by a git pull.",
    );
    std::fs::write(bot.dir.path().join(FILE), edited).unwrap();
    let mut seen = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if bot
            .store
            .snapshot()
            .statement("boeing-1")
            .is_some_and(|(_, _, s)| s.text == "Changed on disk by a git pull.")
        {
            seen = true;
            break;
        }
    }
    assert!(seen, "the watcher reloads changed files");
    bot.stop().await;
}

fn quoted_add_options() -> Value {
    json!([
        string_option("topic", "quarterly-review"),
        string_option("status", "clarified"),
        string_option(
            "speaker",
            "Commerce Secretary Howard Lutnick and other Trump officials"
        ),
        string_option("party", "United States"),
        string_option("source", "report"),
        string_option("responds_to", "quarterly-2"),
    ])
}

#[tokio::test]
async fn a_moderator_sets_a_quote_and_responds_to_and_a_made_up_quote_is_refused() {
    let bot = Bot::start(&bundled_facts()).await;
    let before = bot.file();
    let form = bot.fact("add", quoted_add_options()).await;
    let inputs: Vec<&str> = form["data"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["components"][0]["custom_id"].as_str().unwrap())
        .collect();
    assert_eq!(inputs, ["text", "quote"], "{form}");
    // A quote the article does not hold: refused with the reason, nothing written, the
    // typed text given back.
    let made_up = "Japan agreed to a quarterly review of its compliance.";
    let refused = bot
        .submit(
            &form,
            &[
                ("text", "Trump officials say Japan agreed to reviews."),
                ("quote", made_up),
            ],
        )
        .await;
    assert!(refused.contains("not found verbatim"), "{refused}");
    assert!(refused.contains(made_up), "{refused}");
    assert_eq!(bot.file(), before, "byte-identical");
    assert!(bot.history_lines().is_empty());
    // The article's own words are accepted, with the link to the other side.
    let form = bot.fact("add", quoted_add_options()).await;
    let quote =
        "They warn that tariffs could quickly return to higher levels if Japan does not comply";
    let saved = bot
        .submit(
            &form,
            &[
                (
                    "text",
                    "Trump officials warn that tariffs could return if Japan does not comply.",
                ),
                ("quote", quote),
            ],
        )
        .await;
    assert!(saved.contains("change 1"), "{saved}");
    let file = bot.file();
    assert!(
        file.contains(&format!(
            "quote = \"{quote}\"\nresponds_to = \"quarterly-2\"\n"
        )),
        "{file}"
    );
    let (_, _, s) = bot
        .store
        .snapshot()
        .statement("quarterly-review-3")
        .map(|(d, t, s)| (d.id.clone(), t.id.clone(), s.clone()))
        .unwrap();
    assert_eq!(s.responds_to.as_deref(), Some("quarterly-2"));
    bot.stop().await;
}

#[tokio::test]
async fn an_unanswered_question_reaches_the_gap_queue() {
    let bot = Bot::start(&bundled_facts()).await;
    for q in [
        "will the yen get weaker because of this?",
        "Will the yen get weaker because of this",
        "is it a loan?",
    ] {
        bot.factcheck(q).await;
    }
    // Records are written off the runtime: wait (bounded) until the gaps show.
    let mut text = String::new();
    for _ in 0..50 {
        text = ephemeral_text(&bot.fact("gaps", Value::Null).await);
        if text.contains("2×") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        text.contains("2× \"will the yen get weaker because of this\""),
        "{text}"
    );
    assert!(
        !text.contains("loan"),
        "an answered question is no gap: {text}"
    );
    // The database and its write-ahead log, byte for byte.
    let mut db = std::fs::read(bot.dir.path().join("records/answers.sqlite3")).unwrap();
    db.extend(
        std::fs::read(bot.dir.path().join("records/answers.sqlite3-wal")).unwrap_or_default(),
    );
    let haystack = String::from_utf8_lossy(&db);
    assert!(
        haystack.contains("will the yen"),
        "the records are where we look"
    );
    assert!(
        !haystack.contains(&USER_ID.to_string()) && !haystack.contains("tester"),
        "no user id or name is stored"
    );
    // A non-moderator does not see the queue.
    let refused = ephemeral_text(
        &bot.interact(slash(
            "fact",
            json!([{"type": 1, "name": "gaps", "options": []}]),
            &[],
            MEMBER_PERMISSIONS,
        ))
        .await,
    );
    assert!(refused.contains("Only moderators"), "{refused}");
    bot.stop().await;
}
