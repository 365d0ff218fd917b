//! The real bot (serenity + poise) against the Discord stand-in on 127.0.0.1: start-up,
//! commands, autocomplete, mentions, allowed mentions, limits and a load of 1,000
//! interactions.

use std::path::Path;
use std::time::Duration;

use crate::support::bot::{bundled_facts, string_option, Bot, WAIT};
use crate::support::*;
use serde_json::{json, Value};

/// Asserts a message body allows no mention at all.
fn assert_no_mentions(body: &Value) {
    let am = &body["allowed_mentions"];
    assert_eq!(am["parse"], json!([]), "{body}");
    for key in ["users", "roles"] {
        assert!(am[key].is_null() || am[key] == json!([]), "{key}: {body}");
    }
    assert_ne!(am["replied_user"], json!(true), "{body}");
}

fn field_names(embed: &Value) -> Vec<String> {
    embed["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect()
}

fn field<'a>(embed: &'a Value, name: &str) -> &'a str {
    embed["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .and_then(|f| f["value"].as_str())
        .unwrap_or_else(|| panic!("no field {name} in {embed}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_up_registers_every_command_and_needs_no_privileged_intent() {
    let bot = Bot::start(&bundled_facts()).await;
    let put = bot
        .standin
        .wait_request(|r| r.method == "PUT" && r.path.ends_with("/commands"), WAIT)
        .await
        .unwrap();
    assert_eq!(
        put.path,
        format!("/api/v10/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
    );
    let commands = put.body.as_array().unwrap();
    let by_name = |n: &str| {
        commands
            .iter()
            .find(|c| c["name"] == n)
            .unwrap_or_else(|| panic!("{n} not registered: {}", put.body))
    };
    let factcheck = by_name("factcheck");
    assert_eq!(factcheck["options"][0]["name"], "question");
    assert_eq!(factcheck["options"][0]["type"], 3);
    assert_eq!(factcheck["options"][0]["required"], true);
    let topic = by_name("topic");
    assert_eq!(topic["options"][0]["name"], "name");
    assert_eq!(topic["options"][0]["autocomplete"], true);
    by_name("topics");
    assert_eq!(by_name("Fact-check this message")["type"], 3);
    // Japanese localizations of the commands people use.
    assert_eq!(factcheck["name_localizations"]["ja"], "ファクトチェック");
    assert!(factcheck["description_localizations"]["ja"].is_string());
    assert_eq!(factcheck["options"][0]["name_localizations"]["ja"], "質問");
    assert_eq!(topic["name_localizations"]["ja"], "トピック");
    assert_eq!(
        by_name("topics")["name_localizations"]["ja"],
        "トピック一覧"
    );

    let intents = bot.standin.identify().unwrap()["intents"].as_u64().unwrap();
    assert_eq!(
        intents & (1 << 15),
        0,
        "MESSAGE_CONTENT is privileged and not needed"
    );
    assert_ne!(intents & (1 << 9), 0, "GUILD_MESSAGES for mentions");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn factcheck_answers_with_attributed_sections() {
    let bot = Bot::start(&bundled_facts()).await;
    let d = slash(
        "factcheck",
        json!([string_option(
            "question",
            "is the 550 billion a loan or a gift?"
        )]),
        &[],
        MEMBER_PERMISSIONS,
    );
    let body = bot.interact(d).await;
    assert_eq!(body["type"], 4, "{body}");
    let embed = &body["data"]["embeds"][0];
    assert_eq!(
        field_names(embed),
        [
            "Both sides",
            "Clarified",
            "Still under negotiation",
            "Sources"
        ]
    );
    let sides = field(embed, "Both sides");
    assert!(
        sides.starts_with(
            "🇺🇸 United States: Japan would provide what Trump described as \"seed money\""
        ),
        "{sides}"
    );
    assert!(
        sides.contains("— Donald Trump, U.S. President [1]\n🇯🇵 Japan: The sum involves credit"),
        "{sides}"
    );
    let clarified = field(embed, "Clarified");
    assert!(
        clarified.contains("— White House officials (🇺🇸 United States) [1]"),
        "{clarified}"
    );
    let sources = field(embed, "Sources");
    assert_eq!(
        sources,
        "[1] News report (headline, outlet and date not given) (archived copy kept)"
    );
    let all = embed.to_string();
    assert_eq!(
        all.matches("headline, outlet and date").count(),
        1,
        "the source is listed once"
    );
    assert!(embed["footer"]["text"]
        .as_str()
        .unwrap()
        .contains("As of 2026-12-01"));
    assert!(embed["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with("topic: seed-money-loan"));
    assert_no_mentions(&body["data"]);
    assert_eq!(
        body["data"]["flags"].as_u64().unwrap_or(0) & 64,
        0,
        "answers are public"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknowns_say_so_and_bad_input_is_ephemeral() {
    let bot = Bot::start(&bundled_facts()).await;
    let body = bot
        .interact(slash(
            "factcheck",
            json!([string_option(
                "question",
                "Did the UK pledge $400 billion to the US?"
            )]),
            &[],
            MEMBER_PERMISSIONS,
        ))
        .await;
    let embed = &body["data"]["embeds"][0];
    assert_eq!(embed["title"], "No confident match");
    assert!(embed["description"]
        .as_str()
        .unwrap()
        .contains("I don't have facts on that"));

    let long = "is it binding ".repeat(80);
    let body = bot
        .interact(slash(
            "factcheck",
            json!([string_option("question", &long)]),
            &[],
            MEMBER_PERMISSIONS,
        ))
        .await;
    assert_eq!(
        body["data"]["flags"].as_u64().unwrap() & 64,
        64,
        "ephemeral: {body}"
    );
    assert!(
        body["data"]["content"]
            .as_str()
            .unwrap()
            .contains("the limit is 1000"),
        "{body}"
    );

    let body = bot
        .interact(slash(
            "topic",
            json!([string_option("name", "the moon landing")]),
            &[],
            MEMBER_PERMISSIONS,
        ))
        .await;
    assert_eq!(body["data"]["flags"].as_u64().unwrap() & 64, 64, "{body}");
    assert!(body["data"]["content"]
        .as_str()
        .unwrap()
        .contains("I don't know a topic called"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn topic_autocomplete_topics_and_context_menu() {
    let bot = Bot::start(&bundled_facts()).await;
    let body = bot
        .interact(autocomplete(
            "topic",
            json!([{"type": 3, "name": "name", "value": "tarif", "focused": true}]),
        ))
        .await;
    assert_eq!(body["type"], 8, "{body}");
    let choices = body["data"]["choices"].as_array().unwrap();
    assert!(!choices.is_empty() && choices.len() <= 25);
    assert_eq!(choices[0]["value"], "tariffs-autos");

    let body = bot
        .interact(autocomplete(
            "topic",
            json!([{"type": 3, "name": "name", "value": "", "focused": true}]),
        ))
        .await;
    assert_eq!(body["data"]["choices"].as_array().unwrap().len(), 14);

    let body = bot
        .interact(slash(
            "topic",
            json!([string_option("name", "quarterly-review")]),
            &[],
            MEMBER_PERMISSIONS,
        ))
        .await;
    let embed = &body["data"]["embeds"][0];
    assert_eq!(
        embed["title"],
        "Is there a quarterly review mechanism, and is it part of the deal?"
    );
    // The detailed view: both sides together, each with the source's own words as a quotation.
    let sides = field(embed, "Both sides");
    assert!(
        sides.contains(
            "🇯🇵 Japan: The quarterly review mechanism cited by U.S. officials was not discussed"
        ),
        "{sides}"
    );
    assert!(
        sides.contains("> \u{201c}Japanese negotiators insist that the quarterly review mechanism"),
        "{sides}"
    );

    let body = bot
        .interact(slash("topics", Value::Null, &[], MEMBER_PERMISSIONS))
        .await;
    let list = body["data"]["embeds"][0]["description"].as_str().unwrap();
    assert_eq!(list.lines().count(), 14, "{list}");

    let target = message_create(
        "Japan is paying for all of it and the US keeps the profits",
        false,
        false,
    );
    let body = bot
        .interact(message_context("Fact-check this message", target))
        .await;
    let embed = &body["data"]["embeds"][0];
    assert!(
        embed["footer"]["text"]
            .as_str()
            .unwrap()
            .starts_with("topic: "),
        "{body}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mentions_get_a_reply_others_get_nothing() {
    let bot = Bot::start(&bundled_facts()).await;
    let posts = channel_messages_path(CHANNEL_ID);
    // Not mentioned, and a bot mentioning us: both ignored.
    bot.standin
        .dispatch(
            "MESSAGE_CREATE",
            message_create("is the deal binding?", false, false),
        )
        .await;
    bot.standin
        .dispatch(
            "MESSAGE_CREATE",
            message_create("is the deal binding?", true, true),
        )
        .await;
    let m = message_create("🤔 is the deal binding? @everyone <@&42>", false, true);
    let id = m["id"].as_str().unwrap().to_string();
    bot.standin.dispatch("MESSAGE_CREATE", m).await;
    let reply = bot
        .standin
        .wait_request(|r| r.method == "POST" && r.path == posts, WAIT)
        .await
        .expect("the mention is answered");
    assert_eq!(reply.body["message_reference"]["message_id"], id.as_str());
    assert_no_mentions(&reply.body);
    assert_eq!(
        reply.body["embeds"][0]["footer"]["text"]
            .as_str()
            .unwrap()
            .split(' ')
            .nth(1),
        Some("binding-agreement")
    );
    // Give the ignored messages time to have been answered, had they been.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let n = bot
        .standin
        .requests()
        .iter()
        .filter(|r| r.path == posts)
        .count();
    assert_eq!(n, 1, "only the human mention is answered");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pings_in_questions_are_never_allowed() {
    let bot = Bot::start(&bundled_facts()).await;
    let q = "@everyone @here <@&1576862962126159878> <@1576862962126159877> is the deal binding?";
    let body = bot
        .interact(slash(
            "factcheck",
            json!([string_option("question", q)]),
            &[],
            MEMBER_PERMISSIONS,
        ))
        .await;
    assert_no_mentions(&body["data"]);
    // An over-long mention is refused in a reply that pings nobody either.
    let long = format!("@everyone {}", "x".repeat(1200));
    bot.standin
        .dispatch("MESSAGE_CREATE", message_create(&long, false, true))
        .await;
    let posts = channel_messages_path(CHANNEL_ID);
    let r = bot
        .standin
        .wait_request(|r| r.path == posts, WAIT)
        .await
        .unwrap();
    assert!(r.body["content"]
        .as_str()
        .unwrap()
        .contains("the limit is 1000"));
    assert_no_mentions(&r.body);
    bot.stop().await;
}

/// Writes a fact base whose one topic is far over Discord's embed limits.
fn oversized_facts(dir: &Path) {
    let mut text = String::from(
        "[deal]\nid = \"big\"\ntitle = \"Big deal\"\nparties = [\"A\", \"B\"]\n\n[sources.r]\ntitle = \"R\"\n\n[[topics]]\nid = \"huge\"\ntitle = \"Huge topic\"\n",
    );
    for i in 0..40 {
        text.push_str(&format!(
            "\n[[topics.statements]]\nid = \"huge-{i}\"\nstatus = \"{}\"\ntext = \"{}\"\nspeaker = \"Speaker {i}\"\nparty = \"A\"\nsource = \"r\"\n",
            ["announced", "clarified", "under_negotiation"][i % 3],
            "word ".repeat(199) + "end"
        ));
    }
    std::fs::write(dir.join("big.toml"), text).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_replies_are_shortened_to_fit() {
    let src = tempfile::tempdir().unwrap();
    oversized_facts(src.path());
    let bot = Bot::start(src.path()).await;
    let body = bot
        .interact(slash(
            "topic",
            json!([string_option("name", "huge")]),
            &[],
            MEMBER_PERMISSIONS,
        ))
        .await;
    let embed = &body["data"]["embeds"][0];
    let fields = embed["fields"].as_array().unwrap();
    let len = |v: &Value| v.as_str().map_or(0, |s| s.encode_utf16().count());
    let total: usize = len(&embed["title"])
        + len(&embed["description"])
        + len(&embed["footer"]["text"])
        + fields
            .iter()
            .map(|f| len(&f["name"]) + len(&f["value"]))
            .sum::<usize>();
    assert!(total <= 6000, "{total}");
    assert!(fields.len() <= 25);
    assert!(fields
        .iter()
        .all(|f| len(&f["value"]) <= 1024 && len(&f["value"]) > 0));
    let last = fields.last().unwrap();
    assert_eq!(last["name"], "More");
    assert!(last["value"].as_str().unwrap().contains("/topic name:huge"));
    bot.stop().await;
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_interactions_fifty_at_a_time_are_all_answered() {
    let bot = Bot::start(&bundled_facts()).await;
    thousand(&bot, "with records").await;
    bot.stop().await;
}

/// The same load with `records.enabled = false`: what recording costs. No buttons, no file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_interactions_without_records() {
    let bot = Bot::spawn(&bundled_facts(), |c| c.records.enabled = false).await;
    bot.registered().await;
    thousand(&bot, "without records").await;
    let answers: Vec<_> = bot
        .standin
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/callback") && r.body["type"] == 4)
        .collect();
    assert_eq!(answers.len(), 1000);
    assert!(answers.iter().all(|r| r.body["data"]["components"]
        .as_array()
        .is_none_or(|c| c.is_empty())));
    assert!(!bot.dir.path().join("records").exists());
    bot.stop().await;
}

/// What recording costs, measured without the drift of a shared machine: two bots, one
/// recording and one not, take 1,000 interactions each in alternating batches of 50 (each going
/// first every other time), so that both see the same background load; prints both medians and the median of the batches'
/// paired differences.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_interactions_each_with_and_without_records_alternating() {
    let with = Bot::start(&bundled_facts()).await;
    let without = Bot::spawn(&bundled_facts(), |c| c.records.enabled = false).await;
    without.registered().await;
    let (mut on, mut off, mut diffs) = (Vec::new(), Vec::new(), Vec::new());
    for batch in 0..20 {
        // Each goes first in every other batch.
        let (mut a, mut b) = if batch % 2 == 0 {
            let a = send_batch(&with, batch).await;
            (a, send_batch(&without, batch).await)
        } else {
            let b = send_batch(&without, batch).await;
            (send_batch(&with, batch).await, b)
        };
        a.sort();
        b.sort();
        diffs.push(percentile(&a, 0.5).as_secs_f64() - percentile(&b, 0.5).as_secs_f64());
        on.extend(a);
        off.extend(b);
    }
    assert_eq!((on.len(), off.len()), (1000, 1000));
    on.sort();
    off.sort();
    diffs.sort_by(f64::total_cmp);
    println!(
        "1000 interactions each, alternating batches: p50 with records {:?}, without {:?}; \
         median of the batches' differences {:.0} µs",
        percentile(&on, 0.5),
        percentile(&off, 0.5),
        diffs[diffs.len() / 2] * 1e6
    );
    with.stop().await;
    without.stop().await;
}

/// Sends 1,000 `/factcheck` interactions, 50 at a time, and prints the latency from event
/// to callback.
async fn thousand(bot: &Bot, label: &str) {
    let mut latencies = Vec::with_capacity(1000);
    for batch in 0..20 {
        latencies.extend(send_batch(bot, batch).await);
    }
    assert_eq!(latencies.len(), 1000);
    latencies.sort();
    println!(
        "1000 interactions (50 at a time), {label}: p50 {:?}, p99 {:?}, max {:?}",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        latencies[999]
    );
}

/// Sends batch `batch` of 50 `/factcheck` interactions at once; returns each one's latency
/// from event to callback.
async fn send_batch(bot: &Bot, batch: usize) -> Vec<std::time::Duration> {
    let questions = [
        "is the 550 billion a loan?",
        "did japan sign the deal",
        "what about rice",
        "who decides where the money goes",
        "anyone watching the game tonight?",
    ];
    let mut sent = Vec::with_capacity(50);
    for i in 0..50 {
        let q = questions[(batch * 50 + i) % questions.len()];
        let d = slash(
            "factcheck",
            json!([string_option("question", q)]),
            &[],
            MEMBER_PERMISSIONS,
        );
        let path = callback_path(&d);
        sent.push((path, std::time::Instant::now()));
        bot.standin.dispatch("INTERACTION_CREATE", d).await;
    }
    let mut latencies = Vec::with_capacity(50);
    for (path, at) in sent {
        let r = bot
            .standin
            .wait_request(|r| r.path == path, WAIT)
            .await
            .unwrap_or_else(|| panic!("batch {batch}: no answer at {path}"));
        assert_eq!(r.body["type"], 4);
        latencies.push(r.at.duration_since(at));
    }
    latencies
}
