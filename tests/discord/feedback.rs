//! "Was this what you asked?" and the gap queue through the stand-in and the real bot: the
//! buttons every answer carries, one count per user per reply across a restart, closed
//! feedback on expired answers, and `/fact gaps` → `/fact teach` answering at once.

use std::path::Path;

use crate::moderation::ephemeral_text;
use crate::support::bot::{bundled_facts, Bot, WAIT};
use crate::support::*;
use dealcheck::records::RecordStore;
use serde_json::{json, Value};

/// The custom ids of the buttons on a reply body (a message or an interaction callback).
fn button_ids(components: &Value) -> Vec<String> {
    components[0]["components"]
        .as_array()
        .map(|b| {
            b.iter()
                .filter_map(|b| b["custom_id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A mention answered in the channel; returns the reply's buttons.
async fn mention_buttons(bot: &Bot, question: &str) -> Vec<String> {
    let path = channel_messages_path(CHANNEL_ID);
    let before = bot
        .standin
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path == path)
        .count();
    let d = message_create(question, false, true);
    bot.standin.dispatch("MESSAGE_CREATE", d).await;
    let posts = bot
        .standin
        .wait_requests(|r| r.method == "POST" && r.path == path, before + 1, WAIT)
        .await;
    let reply = posts.last().expect("the mention is answered");
    button_ids(&reply.body["components"])
}

/// Presses a button as `user`; returns the ephemeral answer.
async fn press(bot: &Bot, custom_id: &str, user: u64) -> String {
    let message = message(next_id(), CHANNEL_ID, bot_user(), "", vec![], json!([]));
    ephemeral_text(&bot.interact(button(custom_id, message, user)).await)
}

fn on_records(path: &Path) -> impl FnOnce(&mut dealcheck::config::Config) + '_ {
    move |c| c.records.path = path.to_path_buf()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_what_i_asked_counts_once_per_user_survives_a_restart_and_reaches_the_gaps() {
    let keep = tempfile::tempdir().unwrap();
    let db = keep.path().join("answers.sqlite3");
    let bot = Bot::spawn(&bundled_facts(), on_records(&db)).await;
    bot.registered().await;

    // A slash answer carries both buttons too.
    let body = bot.factcheck("is the 550 billion a loan?").await;
    assert_eq!(button_ids(&body["data"]["components"]).len(), 2, "{body}");

    let ids = mention_buttons(&bot, "is the 550 billion a loan?").await;
    let [helpful, not_asked] = ids.as_slice() else {
        panic!("two buttons: {ids:?}")
    };
    assert!(helpful.ends_with(":yes") && not_asked.ends_with(":no"));
    // The writer thread records the answer off the reply's path; give it a moment.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(press(&bot, not_asked, USER_ID)
        .await
        .contains("not what you asked"));
    assert!(press(&bot, helpful, USER_ID).await.contains("already"));
    assert!(press(&bot, not_asked, INTRUDER_ID)
        .await
        .contains("not what you asked"));
    let gaps = ephemeral_text(&bot.fact("gaps", json!([])).await);
    assert!(
        gaps.contains("\"is the 550 billion a loan\"") && gaps.contains("not what I asked 2"),
        "{gaps}"
    );
    bot.stop().await;

    // After a restart the same buttons still work, and still count each user once.
    let bot = Bot::spawn(&bundled_facts(), on_records(&db)).await;
    bot.registered().await;
    assert!(press(&bot, not_asked, USER_ID).await.contains("already"));
    assert!(press(&bot, helpful, OWNER_ID).await.contains("helped"));
    let gaps = ephemeral_text(&bot.fact("gaps", json!([])).await);
    assert!(gaps.contains("helpful 1, not what I asked 2"), "{gaps}");
    bot.stop().await;

    // No user id is stored anywhere in the database.
    let bytes = std::fs::read(&db).unwrap();
    for id in [USER_ID, INTRUDER_ID, OWNER_ID] {
        let text = id.to_string();
        assert!(!bytes.windows(text.len()).any(|w| w == text.as_bytes()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedback_on_an_answer_past_the_retention_period_is_closed_politely() {
    let keep = tempfile::tempdir().unwrap();
    let db = keep.path().join("answers.sqlite3");
    let records = dealcheck::records::SqliteRecords::open(&db).unwrap();
    let old = records
        .record(&dealcheck::records::AnswerRecord {
            id: 0,
            at: dealcheck::records::now() - 31 * 86_400,
            guild: Some(GUILD_ID),
            channel: Some(CHANNEL_ID),
            reply_message: None,
            question: "is it a loan".into(),
            outcome: dealcheck::records::Outcome::Topics,
            label: "seed-money-loan".into(),
            score: 0.9,
            statements: vec![],
        })
        .unwrap();
    drop(records);
    let bot = Bot::spawn(&bundled_facts(), on_records(&db)).await;
    bot.registered().await;
    let said = press(&bot, &format!("dealcheck:vote:{old}:no"), USER_ID).await;
    assert!(said.contains("older than 30 days"), "{said}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gap_taught_to_a_topic_answers_it_at_once_and_is_saved_and_logged() {
    const Q: &str = "does tokyo get anything back for the reactor parts";
    let bot = Bot::start(&bundled_facts()).await;
    let before = bot.factcheck(Q).await.to_string();
    assert!(!before.contains("seed money"), "not answered yet: {before}");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let gaps = ephemeral_text(&bot.fact("gaps", json!([])).await);
    assert!(gaps.contains(&format!("1. 1× \"{Q}\"")), "{gaps}");

    let options = json!([
        {"type": 3, "name": "question", "value": Q},
        {"type": 3, "name": "topic", "value": "seed-money-loan"}
    ]);
    let saved = ephemeral_text(&bot.fact("teach", options).await);
    assert!(
        saved.starts_with("Saved: taught topic `seed-money-loan`"),
        "{saved}"
    );
    let after = bot.factcheck(Q).await.to_string();
    assert!(after.contains("seed money"), "answered at once: {after}");
    assert!(bot.file().contains(&format!("\"{Q}\"")));
    let log = std::fs::read_to_string(bot.dir.path().join("history/facts.jsonl")).unwrap();
    assert!(log.contains("\"add_example\"") && log.contains(Q), "{log}");
    let gaps = ephemeral_text(&bot.fact("gaps", json!([])).await);
    assert!(!gaps.contains(Q), "taught: off the list: {gaps}");

    // Dismissing takes a question off the list without teaching it.
    bot.factcheck("what about the yen carry trade").await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let options =
        json!([{"type": 3, "name": "question", "value": "what about the yen carry trade"}]);
    assert!(ephemeral_text(&bot.fact("dismiss", options).await).starts_with("Dismissed"));
    let gaps = ephemeral_text(&bot.fact("gaps", json!([])).await);
    assert!(!gaps.contains("yen"), "{gaps}");
    bot.stop().await;
}
