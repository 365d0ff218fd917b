//! Living answers through the stand-in and the real bot: a moderator's change updates the
//! earlier replies that showed the statement (a mention reply in place, a slash or
//! context-menu reply through its token while valid, after that a slash reply by a reply and
//! a context-menu reply in place), the updates channel gets one post,
//! a retraction takes the statement out, a file changed on disk is followed too, a reply deleted meanwhile is skipped, and a reply
//! that did not show the statement is left alone.

use std::time::Duration;

use crate::moderation::ephemeral_text;
use crate::support::bot::{bundled_facts, string_option, Bot, WAIT};
use crate::support::*;
use serde_json::{json, Value};

const UPDATES_CHANNEL: u64 = 1_576_862_962_126_159_890;
const QUESTION: &str = "is there a signed binding agreement?";
/// binding-agreement statements, before and after the edit.
const OLD: &str = "No firm, written agreement has been signed.";
const NEW: &str = "No firm, written agreement has been signed yet.";
const RETRACTED: &str = "could differ sharply from today";
const TOKEN: Duration = Duration::from_secs(3);

async fn slash_answer(bot: &Bot, q: &str) -> Value {
    let d = slash(
        "factcheck",
        json!([string_option("question", q)]),
        &[],
        MEMBER_PERMISSIONS,
    );
    assert_eq!(bot.interact(d.clone()).await["type"], 4);
    // The bot asks for the posted message with the callback: its id, to keep it current.
    let path = callback_path(&d);
    let asked = bot.standin.requests().into_iter().find(|r| r.path == path);
    assert!(asked.is_some_and(|r| r.query.split('&').any(|p| p == "with_response=true")));
    d
}

/// A context-menu answer ("Fact-check this message" on a message asking `q`).
async fn menu_answer(bot: &Bot, q: &str) -> Value {
    let d = message_context("Fact-check this message", message_create(q, false, false));
    assert_eq!(bot.interact(d.clone()).await["type"], 4);
    d
}

async fn mention_answer(bot: &Bot, q: &str) -> u64 {
    let path = channel_messages_path(CHANNEL_ID);
    let is_post = |r: &Recorded| r.method == "POST" && r.path == path;
    let n = bot.standin.requests().iter().filter(|r| is_post(r)).count();
    bot.standin
        .dispatch("MESSAGE_CREATE", message_create(q, false, true))
        .await;
    let posts = bot.standin.wait_requests(is_post, n + 1, WAIT).await;
    assert_eq!(posts.len(), n + 1);
    // The request is logged before the stand-in answers it with the new message's id.
    for _ in 0..100 {
        if let Some(id) = bot.standin.posted(CHANNEL_ID).get(n) {
            return *id;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the stand-in never answered the post")
}

async fn one(bot: &Bot, what: &str, pred: impl Fn(&Recorded) -> bool) -> Value {
    match bot.standin.wait_request(pred, WAIT).await {
        Some(r) => r.body,
        None => panic!(
            "no {what}; requests: {:#?}",
            bot.standin
                .requests()
                .iter()
                .map(|r| (&r.method, &r.path))
                .collect::<Vec<_>>()
        ),
    }
}

fn to_updates(r: &Recorded) -> bool {
    r.method == "POST" && r.path == channel_messages_path(UPDATES_CHANNEL)
}

fn updates_posted(bot: &Bot) -> usize {
    bot.standin
        .requests()
        .iter()
        .filter(|r| to_updates(r))
        .count()
}

/// The updates channel's post after the first `before`.
async fn next_update(bot: &Bot, before: usize) -> String {
    let posts = bot
        .standin
        .wait_requests(to_updates, before + 1, WAIT)
        .await;
    let post = posts.get(before).expect("a post to the updates channel");
    post.body["content"].as_str().unwrap().to_string()
}

fn updated(body: &Value) -> bool {
    body["content"]
        .as_str()
        .is_some_and(|c| c.starts_with("Updated "))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderators_edit_and_retraction_update_the_replies_that_showed_them() {
    let standin = StandIn::start().await;
    standin.set_token_ttl(TOKEN);
    let bot = Bot::spawn_on(standin, &bundled_facts(), |c| {
        c.updates.channel_id = Some(UPDATES_CHANNEL);
        c.updates.pace_ms = 10;
        c.updates.token_seconds = TOKEN.as_secs();
    })
    .await;
    bot.registered().await;

    let old_slash = slash_answer(&bot, QUESTION).await;
    let old_menu = menu_answer(&bot, QUESTION).await;
    // Past the window by more than the records' one-second resolution.
    tokio::time::sleep(TOKEN + Duration::from_millis(1200)).await;
    let mention = mention_answer(&bot, QUESTION).await;
    let fresh_slash = slash_answer(&bot, QUESTION).await;
    let fresh_menu = menu_answer(&bot, QUESTION).await;
    let also = mention_answer(&bot, "is boeing part of the deal?").await;
    let unrelated = mention_answer(&bot, "will japan buy more rice?").await;
    tokio::time::sleep(Duration::from_millis(200)).await;

    // The edit: saved and acknowledged first.
    let modal = bot
        .fact("edit", json!([string_option("statement", "binding-1")]))
        .await;
    let saved = bot.submit(&modal, &[("text", NEW)]).await;
    assert!(saved.contains("binding-1"), "{saved}");

    // The fresh slash reply, through its token.
    let webhook = one(&bot, "webhook edit", |r| {
        r.method == "PATCH" && r.path == original_path(&fresh_slash) && updated(&r.body)
    })
    .await;
    let embed = webhook["embeds"].to_string();
    assert!(embed.contains(NEW) && !embed.contains(OLD), "{embed}");
    assert!(
        webhook["content"]
            .as_str()
            .unwrap()
            .contains("corrected a statement by White House officials (`binding-1`)"),
        "{webhook}"
    );
    // The moderator heard first; the updates came after.
    let requests = bot.standin.requests();
    let acked = requests.iter().position(|r| {
        r.path.ends_with("/callback") && r.body["data"]["content"].as_str() == Some(saved.as_str())
    });
    let first_update = requests.iter().position(|r| updated(&r.body));
    assert!(
        acked.is_some() && first_update.is_some_and(|u| acked < Some(u)),
        "{acked:?} {first_update:?}"
    );

    // The fresh context-menu reply, through its token; the old one, past its token, in place.
    one(&bot, "webhook edit of the menu reply", |r| {
        r.method == "PATCH" && r.path == original_path(&fresh_menu) && updated(&r.body)
    })
    .await;
    let old_menu_id = bot.standin.reply_id(old_menu["token"].as_str().unwrap());
    let path = format!(
        "{}/{}",
        channel_messages_path(CHANNEL_ID),
        old_menu_id.unwrap()
    );
    one(&bot, "in-place edit of the old menu reply", |r| {
        r.method == "PATCH" && r.path == path && updated(&r.body)
    })
    .await;

    // The mention reply, in place.
    let path = format!("{}/{mention}", channel_messages_path(CHANNEL_ID));
    let edited = one(&bot, "channel edit", |r| {
        r.method == "PATCH" && r.path == path
    })
    .await;
    assert!(updated(&edited) && edited["embeds"].to_string().contains(NEW));
    // The slash reply past its token: a reply to it, pinging no one.
    let reply = one(&bot, "reply to the old answer", |r| {
        r.method == "POST" && r.path == channel_messages_path(CHANNEL_ID) && updated(&r.body)
    })
    .await;
    // The id came back with the old reply's callback (`with_response`).
    let old_id = bot.standin.reply_id(old_slash["token"].as_str().unwrap());
    assert_eq!(
        reply["message_reference"]["message_id"],
        json!(old_id.unwrap().to_string()),
        "{reply}"
    );
    assert_eq!(reply["allowed_mentions"]["replied_user"], false, "{reply}");
    assert!(!bot
        .standin
        .requests()
        .iter()
        .any(|r| r.method == "PATCH" && r.path == original_path(&old_slash) && updated(&r.body)));
    // One post in the updates channel, counting them.
    let post = next_update(&bot, 0).await;
    // The Boeing answer shows binding-1 too (its background): six replies.
    assert!(
        post.contains("binding-1") && post.contains("Earlier replies updated: 6."),
        "{post}"
    );
    let also = format!("{}/{also}", channel_messages_path(CHANNEL_ID));
    assert!(bot
        .standin
        .requests()
        .iter()
        .any(|r| r.method == "PATCH" && r.path == also));
    let unrelated_path = format!("{}/{unrelated}", channel_messages_path(CHANNEL_ID));
    assert!(!bot
        .standin
        .requests()
        .iter()
        .any(|r| r.path == unrelated_path));

    // A retraction takes the statement out of the replies that showed it (they now show the
    // new revisions); the mention reply was deleted meanwhile: it is skipped.
    bot.standin.delete_message(mention);
    let posts_before = updates_posted(&bot);
    let said = ephemeral_text(
        &bot.fact("retract", json!([string_option("statement", "binding-3")]))
            .await,
    );
    assert!(said.contains("binding-3"), "{said}");
    let post = next_update(&bot, posts_before).await;
    assert!(post.contains("Deleted meanwhile, skipped: 1."), "{post}");
    let edits: Vec<Value> = bot
        .standin
        .requests()
        .into_iter()
        .filter(|r| {
            r.method == "PATCH"
                && r.body["content"]
                    .as_str()
                    .is_some_and(|c| c.contains("binding-3"))
        })
        .map(|r| r.body)
        .collect();
    assert!(!edits.is_empty());
    for e in edits {
        assert!(!e["embeds"].to_string().contains(RETRACTED), "{e}");
    }

    // A change made on disk (a git pull) reaches the replies too, once the watcher reloads.
    let file = bot.dir.path().join("facts/us-japan-550b.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let pulled = text.replace(
        "text = \"The details are still under active negotiation.\"",
        "text = \"The details are still being negotiated.\"",
    );
    assert_ne!(pulled, text);
    let posts_before = updates_posted(&bot);
    std::fs::write(&file, pulled).unwrap();
    let post = next_update(&bot, posts_before).await;
    assert!(
        post.starts_with("Fact change: fact files reloaded from disk."),
        "{post}"
    );
    assert!(!post.contains("Earlier replies updated: 0."), "{post}");
    bot.stop().await;
}
