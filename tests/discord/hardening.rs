//! Never half alive: command registration that fails in one guild, in every guild or
//! globally; the bot's managed role; forms tied to their user and checked before they open;
//! interactions whose options do not fit; readiness probes.

use std::time::Duration;

use crate::support::bot::{bundled_facts, string_option, Bot, WAIT};
use crate::support::*;
use serde_json::{json, Value};

const FILE: &str = "facts/us-japan-550b.toml";

fn factcheck(q: &str) -> Value {
    slash(
        "factcheck",
        json!([string_option("question", q)]),
        &[],
        MEMBER_PERMISSIONS,
    )
}

fn fact(name: &str, options: Value) -> Value {
    slash(
        "fact",
        json!([{"type": 1, "name": name, "options": options}]),
        &[MOD_ROLE_ID],
        MEMBER_PERMISSIONS,
    )
}

fn ephemeral(body: &Value) -> String {
    assert_eq!(body["type"], 4, "a message: {body}");
    assert_eq!(
        body["data"]["flags"].as_u64().unwrap_or(0) & 64,
        64,
        "ephemeral: {body}"
    );
    body["data"]["content"].as_str().unwrap_or_default().into()
}

fn is_answer(body: &Value) -> bool {
    body["type"] == 4 && body["data"]["embeds"][0]["title"].is_string()
}

#[tokio::test]
async fn a_guild_the_bot_is_not_in_does_not_silence_the_others() {
    let bot = Bot::spawn(&bundled_facts(), |c| {
        c.discord.guild_ids = vec![FOREIGN_GUILD_ID, GUILD_ID];
    })
    .await;
    let registered = bot
        .standin
        .wait_request(
            |r| r.method == "PUT" && r.path.contains(&format!("/guilds/{GUILD_ID}/commands")),
            WAIT,
        )
        .await;
    assert!(registered.is_some(), "registered in the guild it is in");
    assert!(is_answer(&bot.interact(factcheck("is it a loan?")).await));
    // Mentions are answered too.
    bot.standin
        .dispatch(
            "MESSAGE_CREATE",
            message_create("is it binding?", false, true),
        )
        .await;
    let reply = bot
        .standin
        .wait_request(|r| r.path == channel_messages_path(CHANNEL_ID), WAIT)
        .await;
    assert!(reply.is_some(), "the mention is answered");
    bot.stop().await;
}

#[tokio::test]
async fn registering_nowhere_stops_the_bot_with_an_error() {
    let bot = Bot::spawn(&bundled_facts(), |c| {
        c.discord.guild_ids = vec![FOREIGN_GUILD_ID];
    })
    .await;
    let err = bot.ended().await.unwrap_err();
    assert!(err.contains("cannot register the slash commands"), "{err}");
    assert!(!err.contains('\n'), "{err:?}");
}

#[tokio::test]
async fn global_registration_is_used_without_guild_ids() {
    let bot = Bot::spawn(&bundled_facts(), |c| c.discord.guild_ids = vec![]).await;
    let put = bot
        .standin
        .wait_request(|r| r.method == "PUT", WAIT)
        .await
        .expect("commands registered");
    assert_eq!(put.path, format!("/api/v10/applications/{APP_ID}/commands"));
    let names: Vec<&str> = put
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert!(
        names.contains(&"factcheck") && names.contains(&"fact"),
        "{names:?}"
    );
    assert!(is_answer(&bot.interact(factcheck("is it a loan?")).await));
    bot.stop().await;
}

#[tokio::test]
async fn a_failed_global_registration_stops_the_bot() {
    clear_proxy_env();
    let standin = StandIn::start().await;
    standin.fail(
        "PUT",
        &format!("/applications/{APP_ID}/commands"),
        500,
        0,
        "internal",
    );
    let bot = Bot::spawn_on(standin, &bundled_facts(), |c| c.discord.guild_ids = vec![]).await;
    let err = bot.ended().await.unwrap_err();
    assert!(err.contains("globally"), "{err}");
}

#[tokio::test]
async fn a_mention_of_the_bots_own_role_is_answered_and_no_other_role() {
    let bot = Bot::start(&bundled_facts()).await;
    bot.standin.dispatch("GUILD_CREATE", guild_create()).await;
    let other = message_mentioning_role("is it a loan?", MOD_ROLE_ID);
    bot.standin.dispatch("MESSAGE_CREATE", other).await;
    let own = message_mentioning_role("is it a loan?", BOT_ROLE_ID);
    let own_id = own["id"].clone();
    bot.standin.dispatch("MESSAGE_CREATE", own).await;
    let replies = bot
        .standin
        .wait_requests(|r| r.path == channel_messages_path(CHANNEL_ID), 1, WAIT)
        .await;
    assert_eq!(replies.len(), 1);
    let body = &replies[0].body;
    assert_eq!(body["message_reference"]["message_id"], own_id);
    let title = body["embeds"][0]["title"].as_str().unwrap_or_default();
    assert!(title.contains("loan"), "{body}");
    // Give the other message time to (wrongly) get a reply too.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let all = bot
        .standin
        .requests()
        .into_iter()
        .filter(|r| r.path == channel_messages_path(CHANNEL_ID))
        .count();
    assert_eq!(
        all, 1,
        "a mention of another role is not a mention of the bot"
    );
    bot.stop().await;
}

fn add_options(party: &str) -> Value {
    json!([
        string_option("topic", "boeing-aircraft"),
        string_option("status", "clarified"),
        string_option("speaker", "Japanese negotiators"),
        string_option("party", party),
        string_option("source", "report"),
    ])
}

#[tokio::test]
async fn a_form_is_accepted_only_from_the_moderator_who_opened_it() {
    let bot = Bot::start(&bundled_facts()).await;
    let before = std::fs::read(bot.dir.path().join(FILE)).unwrap();
    let form = bot.interact(fact("add", add_options("Japan"))).await;
    assert_eq!(form["type"], 9, "a form: {form}");
    let custom_id = form["data"]["custom_id"].as_str().unwrap();
    let rows = json!([text_input("text", "An intruder's statement.")]);
    let intruder = from_intruder(modal_submit(custom_id, rows.clone()));
    let refused = ephemeral(&bot.interact(intruder).await);
    assert!(refused.contains("opened by someone else"), "{refused}");
    assert_eq!(std::fs::read(bot.dir.path().join(FILE)).unwrap(), before);
    // The moderator's own submission is still taken.
    let rows = json!([text_input(
        "text",
        "Japanese negotiators said nothing on aircraft."
    )]);
    let saved = ephemeral(&bot.interact(modal_submit(custom_id, rows)).await);
    assert!(saved.contains("change 1"), "{saved}");
    assert!(!std::fs::read_to_string(bot.dir.path().join(FILE))
        .unwrap()
        .contains("intruder"));
    bot.stop().await;
}

#[tokio::test]
async fn a_form_submitted_after_losing_the_role_is_refused_with_the_text_shown() {
    let bot = Bot::start(&bundled_facts()).await;
    let before = std::fs::read(bot.dir.path().join(FILE)).unwrap();
    let form = bot.interact(fact("add", add_options("Japan"))).await;
    let custom_id = form["data"]["custom_id"].as_str().unwrap();
    let rows = json!([text_input("text", "Typed with care, then refused.")]);
    let submit = with_roles(modal_submit(custom_id, rows), &[]);
    let refused = ephemeral(&bot.interact(submit).await);
    assert!(refused.contains("Only moderators"), "{refused}");
    assert!(
        refused.contains("Typed with care, then refused."),
        "{refused}"
    );
    assert_eq!(std::fs::read(bot.dir.path().join(FILE)).unwrap(), before);
    bot.stop().await;
}

#[tokio::test]
async fn bad_options_are_refused_before_the_form_opens() {
    let bot = Bot::start(&bundled_facts()).await;
    let refused = ephemeral(&bot.interact(fact("add", add_options("Narnia"))).await);
    assert!(refused.contains("party"), "{refused}");
    let mut bad_id = add_options("Japan");
    bad_id
        .as_array_mut()
        .unwrap()
        .push(string_option("id", "boeing-1"));
    let refused = ephemeral(&bot.interact(fact("add", bad_id)).await);
    assert!(refused.contains("boeing-1"), "{refused}");
    let refused = ephemeral(
        &bot.interact(fact(
            "edit",
            json!([
                string_option("statement", "boeing-1"),
                string_option("party", "Narnia")
            ]),
        ))
        .await,
    );
    assert!(refused.contains("party"), "{refused}");
    bot.stop().await;
}

#[tokio::test]
async fn a_refusal_after_the_form_gives_the_typed_text_back() {
    let bot = Bot::start(&bundled_facts()).await;
    let form = bot
        .interact(fact(
            "edit",
            json!([string_option("statement", "boeing-1")]),
        ))
        .await;
    let custom_id = form["data"]["custom_id"].as_str().unwrap().to_string();
    // Someone else saves a change to the same statement while the form is open.
    let other = bot
        .interact(fact(
            "edit",
            json!([string_option("statement", "boeing-1")]),
        ))
        .await;
    let other_id = other["data"]["custom_id"].as_str().unwrap();
    let first = json!([text_input("text", "The first moderator's wording.")]);
    assert!(ephemeral(&bot.interact(modal_submit(other_id, first)).await).contains("change 1"));
    let late = json!([text_input(
        "text",
        "A careful rewording that lost the race."
    )]);
    let refused = ephemeral(&bot.interact(modal_submit(&custom_id, late)).await);
    assert!(refused.contains("conflict"), "{refused}");
    assert!(
        refused.contains("A careful rewording that lost the race."),
        "{refused}"
    );
    bot.stop().await;
}

#[tokio::test]
async fn interactions_whose_options_do_not_fit_are_answered() {
    let bot = Bot::start(&bundled_facts()).await;
    let cases = [
        // A string where an integer is expected.
        fact(
            "revert",
            json!([{"type": 3, "name": "change", "value": "three"}]),
        ),
        // A required option missing.
        slash("factcheck", json!([]), &[], MEMBER_PERMISSIONS),
        // An integer beyond what Discord allows.
        fact(
            "revert",
            json!([{"type": 4, "name": "change", "value": 1e30}]),
        ),
        // A command the bot does not have.
        slash("no-such-command", json!([]), &[], MEMBER_PERMISSIONS),
    ];
    for d in cases {
        let text = ephemeral(&bot.interact(d.clone()).await);
        assert!(!text.is_empty(), "{d}");
    }
    bot.stop().await;
}

/// One HTTP GET to the health listener; (status, body).
async fn probe(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(format!("GET {path} HTTP/1.1\r\nhost: x\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    let status = out[9..12].parse().unwrap();
    let body = out.split("\r\n\r\n").nth(1).unwrap_or_default().to_string();
    (status, body)
}

/// Polls `path` until it answers `want` (at most [`WAIT`]); the last answer.
async fn probe_until(addr: std::net::SocketAddr, path: &str, want: u16) -> (u16, String) {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let got = probe(addr, path).await;
        if got.0 == want || tokio::time::Instant::now() > deadline {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn readiness_follows_the_gateway() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let bot = Bot::spawn(&bundled_facts(), |c| c.health.listen = Some(port)).await;
    bot.registered().await;
    assert_eq!(probe(port, "/healthz").await.0, 200);
    assert_eq!(
        probe_until(port, "/readyz", 200).await,
        (200, "ready\n".into())
    );
    // The gateway drops and stays down for a while: not ready, with the reason.
    bot.standin.set_gateway_down(true);
    assert!(bot.standin.close_gateway(4000).await);
    let (code, body) = probe_until(port, "/readyz", 503).await;
    assert_eq!(code, 503, "{body}");
    assert_eq!(body, "not ready: the Discord gateway is not connected\n");
    assert_eq!(
        probe(port, "/healthz").await.0,
        200,
        "the process is still up"
    );
    // Back up: serenity reconnects, and the bot is ready again.
    bot.standin.set_gateway_down(false);
    assert!(bot.standin.wait_gateway(|g| g.connections >= 2, WAIT).await);
    assert_eq!(probe_until(port, "/readyz", 200).await.0, 200);
    bot.stop().await;
}

#[tokio::test]
async fn the_seventh_question_in_a_minute_is_refused_for_that_member_only() {
    let bot = Bot::spawn(&bundled_facts(), |c| c.limits.per_user_per_minute = 6).await;
    bot.registered().await;
    // Mentions: six answered, the seventh gets one notice, the eighth nothing.
    for _ in 0..8 {
        bot.standin
            .dispatch(
                "MESSAGE_CREATE",
                message_create("is it binding?", false, true),
            )
            .await;
    }
    let is_post = |r: &Recorded| r.path == channel_messages_path(CHANNEL_ID);
    let posts = bot.standin.wait_requests(is_post, 7, WAIT).await;
    assert_eq!(posts.len(), 7);
    let notices = posts
        .iter()
        .filter(|p| {
            p.body["content"]
                .as_str()
                .unwrap_or("")
                .contains("wait a minute")
        })
        .count();
    assert_eq!(notices, 1);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let all = bot
        .standin
        .requests()
        .into_iter()
        .filter(|r| is_post(r))
        .count();
    assert_eq!(all, 7, "one notice, then silence");
    // The same member on /factcheck: still over the limit, told so ephemerally.
    let refused = ephemeral(&bot.interact(factcheck("is it a loan?")).await);
    assert!(refused.contains("wait a minute"), "{refused}");
    // Another member is not slowed down.
    for _ in 0..6 {
        let other = from_intruder(factcheck("is it a loan?"));
        assert!(is_answer(&bot.interact(other).await));
    }
    bot.stop().await;
}
