//! The Discord stand-in in `tests/support/` checked against the real serenity 0.12.5 client:
//! every payload builder parses into the serenity model it stands for (a payload serenity cannot
//! parse would become a silent `Event::Unknown`), every REST route answers with a body serenity's
//! `Http` accepts, and a plain serenity `Client` connects, receives an event and replies.

use std::sync::Arc;
use std::time::Duration;

use crate::support::*;
use serde_json::{json, Value};
use serenity::all::{
    ActionRowComponent, ApplicationId, ChannelId, Client, ClientBuilder, Command,
    CommandDataOptionValue, CommandInteraction, CommandOptionType, CommandType, Context,
    CreateCommand, CreateCommandOption, CreateEmbed, CreateInteractionResponse,
    CreateInteractionResponseFollowup, CreateInteractionResponseMessage, EditInteractionResponse,
    EditMessage, Event, EventHandler, GatewayEvent, GatewayIntents, GuildId, HttpBuilder,
    Interaction, Message, MessageId, Permissions, ResolvedTarget, RoleId, ShardManager, UserId,
};
use serenity::async_trait;

const WAIT: Duration = Duration::from_secs(5);

/// Parses `d` the way the shard does, as the `d` of an op 0 frame, and fails on `Unknown`.
fn as_event(t: &str, d: &Value) -> Event {
    let frame = json!({"op": 0, "s": 1, "t": t, "d": d});
    match serde_json::from_value::<GatewayEvent>(frame).expect("gateway frame parses") {
        GatewayEvent::Dispatch(_, Event::Unknown(unknown)) => {
            panic!("serenity dropped {t} as unknown: {unknown:?}")
        }
        GatewayEvent::Dispatch(_, event) => event,
        other => panic!("not a dispatch: {other:?}"),
    }
}

/// Parses an INTERACTION_CREATE `d` directly (for serde's error message) and as a frame.
fn interaction(d: &Value) -> Interaction {
    let direct: Interaction = serde_json::from_value(d.clone())
        .unwrap_or_else(|e| panic!("serenity rejects the interaction: {e}\n{d:#}"));
    match as_event("INTERACTION_CREATE", d) {
        Event::InteractionCreate(_) => direct,
        other => panic!("not an INTERACTION_CREATE: {other:?}"),
    }
}

fn command(d: &Value) -> CommandInteraction {
    match interaction(d) {
        Interaction::Command(c) => c,
        other => panic!("not a command interaction: {other:?}"),
    }
}

#[test]
fn slash_parses_as_a_chat_input_command_with_member_permissions() {
    let d = slash(
        "factcheck",
        json!([{"type": 3, "name": "question", "value": "Is Japan investing $550 billion?"}]),
        &[MOD_ROLE_ID],
        ADMINISTRATOR,
    );
    let c = command(&d);
    assert_eq!(c.data.name, "factcheck");
    assert_eq!(c.data.kind, CommandType::ChatInput);
    assert_eq!(c.data.options[0].name, "question");
    assert_eq!(
        c.data.options[0].value.as_str(),
        Some("Is Japan investing $550 billion?")
    );
    assert_eq!(c.guild_id, Some(GuildId::new(GUILD_ID)));
    assert_eq!(c.channel_id, ChannelId::new(CHANNEL_ID));
    assert_eq!(c.application_id, ApplicationId::new(APP_ID));
    assert_eq!(c.token, d["token"].as_str().unwrap());
    let member = c.member.as_ref().expect("guild interaction has a member");
    assert_eq!(member.user.id, UserId::new(USER_ID));
    assert_eq!(member.roles, vec![RoleId::new(MOD_ROLE_ID)]);
    assert_eq!(member.permissions, Some(Permissions::ADMINISTRATOR));
    assert_eq!(
        c.app_permissions,
        Some(Permissions::from_bits_truncate(ALL_PERMISSIONS))
    );
    assert_eq!(
        c.user.id,
        UserId::new(USER_ID),
        "serenity copies member.user into user"
    );
}

#[test]
fn every_builder_call_gets_a_fresh_id_and_token() {
    let a = slash("topics", Value::Null, &[], MEMBER_PERMISSIONS);
    let b = slash("topics", Value::Null, &[], MEMBER_PERMISSIONS);
    assert_ne!(a["id"], b["id"]);
    assert_ne!(a["token"], b["token"]);
    assert_ne!(callback_path(&a), callback_path(&b));
    let m = message_create("hi", false, false);
    let n = message_create("hi", false, false);
    assert_ne!(m["id"], n["id"]);
    let c = command(&a);
    assert!(c.data.options.is_empty());
    assert_eq!(
        c.member.unwrap().permissions,
        Some(Permissions::from_bits_truncate(MEMBER_PERMISSIONS))
    );
}

#[test]
fn slash_passes_subcommand_options_through() {
    let d = slash(
        "facts",
        json!([{"type": 1, "name": "show", "options": [{"type": 3, "name": "id", "value": "japan"}]}]),
        &[],
        MEMBER_PERMISSIONS,
    );
    let c = command(&d);
    assert_eq!(c.data.options[0].name, "show");
    match &c.data.options[0].value {
        CommandDataOptionValue::SubCommand(inner) => {
            assert_eq!(inner[0].name, "id");
            assert_eq!(inner[0].value.as_str(), Some("japan"));
        }
        other => panic!("not a subcommand: {other:?}"),
    }
}

#[test]
fn autocomplete_parses_with_the_focused_option() {
    let d = autocomplete(
        "topic",
        json!([{"type": 3, "name": "name", "value": "jap", "focused": true}]),
    );
    let c = match interaction(&d) {
        Interaction::Autocomplete(c) => c,
        other => panic!("not autocomplete: {other:?}"),
    };
    assert_eq!(c.data.name, "topic");
    let focused = c.data.autocomplete().expect("a focused option");
    assert_eq!((focused.name, focused.value), ("name", "jap"));
}

#[test]
fn message_context_parses_with_its_resolved_target() {
    let target = message_create("Japan will invest $1 trillion", false, false);
    let d = message_context("Fact-check this message", target.clone());
    let c = command(&d);
    assert_eq!(c.data.kind, CommandType::Message);
    assert_eq!(c.data.name, "Fact-check this message");
    match c.data.target() {
        Some(ResolvedTarget::Message(m)) => {
            assert_eq!(m.id.to_string(), target["id"].as_str().unwrap());
            assert_eq!(m.content, "Japan will invest $1 trillion");
        }
        other => panic!("no message target: {other:?}"),
    }
}

#[test]
fn modal_submit_parses_with_its_text_inputs() {
    let d = modal_submit(
        "report",
        json!([text_input("reason", "the figure is wrong")]),
    );
    let m = match interaction(&d) {
        Interaction::Modal(m) => m,
        other => panic!("not a modal submit: {other:?}"),
    };
    assert_eq!(m.data.custom_id, "report");
    match &m.data.components[0].components[0] {
        ActionRowComponent::InputText(t) => {
            assert_eq!(t.custom_id, "reason");
            assert_eq!(t.value.as_deref(), Some("the figure is wrong"));
        }
        other => panic!("not a text input: {other:?}"),
    }
}

#[test]
fn message_create_parses_for_humans_bots_and_mentions() {
    for (author_is_bot, mentions_bot) in [(false, true), (false, false), (true, true)] {
        let d = message_create(
            "is Japan investing $550 billion?",
            author_is_bot,
            mentions_bot,
        );
        let m: Message = serde_json::from_value(d.clone())
            .unwrap_or_else(|e| panic!("serenity rejects the message: {e}\n{d:#}"));
        assert!(matches!(
            as_event("MESSAGE_CREATE", &d),
            Event::MessageCreate(_)
        ));
        assert_eq!(m.author.bot, author_is_bot);
        assert_ne!(m.author.id, UserId::new(BOT_ID));
        assert_eq!(m.mentions_user_id(UserId::new(BOT_ID)), mentions_bot);
        assert_eq!(m.content.contains(&format!("<@{BOT_ID}>")), mentions_bot);
        assert!(m.content.ends_with("is Japan investing $550 billion?"));
        assert_eq!(m.guild_id, Some(GuildId::new(GUILD_ID)));
        assert_eq!(m.channel_id, ChannelId::new(CHANNEL_ID));
    }
    // An explicit mention in the content is not doubled.
    let d = message_create(&format!("<@{BOT_ID}> hi"), false, true);
    assert_eq!(d["content"], format!("<@{BOT_ID}> hi"));
}

#[test]
fn guild_create_parses_with_the_bots_managed_role() {
    let d = guild_create();
    let Event::GuildCreate(e) = as_event("GUILD_CREATE", &d) else {
        panic!("GUILD_CREATE does not parse");
    };
    let role = &e.guild.roles[&RoleId::new(BOT_ROLE_ID)];
    assert!(role.managed);
    assert_eq!(role.tags.bot_id, Some(UserId::new(BOT_ID)));
    assert_eq!(e.guild.roles[&RoleId::new(MOD_ROLE_ID)].tags.bot_id, None);
    let m: Message = serde_json::from_value(message_mentioning_role("hi", BOT_ROLE_ID)).unwrap();
    assert_eq!(m.mention_roles, vec![RoleId::new(BOT_ROLE_ID)]);
    assert!(m.mentions.is_empty());
}

#[tokio::test]
async fn registration_in_a_foreign_guild_and_injected_failures_are_refused() {
    clear_proxy_env();
    let standin = StandIn::start().await;
    let http = HttpBuilder::new("test-token")
        .proxy(standin.api_url())
        .ratelimiter_disabled(true)
        .application_id(ApplicationId::new(APP_ID))
        .build();
    let foreign = GuildId::new(FOREIGN_GUILD_ID)
        .set_commands(&http, vec![])
        .await
        .unwrap_err();
    assert!(foreign.to_string().contains("Missing Access"), "{foreign}");
    assert!(GuildId::new(GUILD_ID)
        .set_commands(&http, vec![])
        .await
        .is_ok());
    standin.fail(
        "PUT",
        &format!("/applications/{APP_ID}/commands"),
        500,
        0,
        "boom",
    );
    assert!(Command::set_global_commands(&http, vec![]).await.is_err());
}

#[tokio::test]
async fn every_rest_route_answers_what_serenity_http_parses() {
    clear_proxy_env();
    let standin = StandIn::start().await;
    let http = HttpBuilder::new("test-token")
        .proxy(standin.api_url())
        .ratelimiter_disabled(true)
        .build();
    http.set_application_id(ApplicationId::new(APP_ID));

    assert_eq!(http.get_gateway().await.unwrap().url, standin.gateway_url());
    let bot_gateway = http.get_bot_gateway().await.unwrap();
    assert_eq!(
        (bot_gateway.url, bot_gateway.shards),
        (standin.gateway_url(), 1)
    );
    let app = http.get_current_application_info().await.unwrap();
    assert_eq!(app.id, ApplicationId::new(APP_ID));
    assert_eq!(app.owner.unwrap().id, UserId::new(OWNER_ID));
    assert_eq!(
        http.get_current_user().await.unwrap().id,
        UserId::new(BOT_ID)
    );

    let commands = vec![
        CreateCommand::new("factcheck")
            .description("Check a claim")
            .add_option(
                CreateCommandOption::new(CommandOptionType::String, "question", "The claim")
                    .required(true),
            ),
        CreateCommand::new("facts")
            .description("Moderators")
            .add_option(CreateCommandOption::new(
                CommandOptionType::SubCommand,
                "reload",
                "Reload the base",
            )),
        CreateCommand::new("Fact-check this message").kind(CommandType::Message),
    ];
    let global = Command::set_global_commands(&http, commands.clone())
        .await
        .unwrap();
    assert_eq!(global.len(), 3);
    assert_eq!(global[2].kind, CommandType::Message);
    assert_ne!(global[0].id, global[1].id);
    let guild = GuildId::new(GUILD_ID)
        .set_commands(&http, commands)
        .await
        .unwrap();
    assert_eq!(guild[0].guild_id, Some(GuildId::new(GUILD_ID)));
    assert_eq!(guild[1].options[0].kind, CommandOptionType::SubCommand);

    let d = slash(
        "factcheck",
        json!([{"type": 3, "name": "question", "value": "q"}]),
        &[],
        0,
    );
    // The token lives from its dispatch (no client is connected: the event just waits).
    standin.dispatch("INTERACTION_CREATE", d.clone()).await;
    let c = command(&d);
    let reply = CreateInteractionResponseMessage::new()
        .content("answer")
        .ephemeral(true);
    c.create_response(&http, CreateInteractionResponse::Message(reply))
        .await
        .unwrap();
    let embed = CreateEmbed::new()
        .title("Japan")
        .field("Announced", "$550 billion", false);
    let edited = c
        .edit_response(&http, EditInteractionResponse::new().embed(embed))
        .await
        .unwrap();
    assert_eq!(edited.embeds[0].title.as_deref(), Some("Japan"));
    assert_eq!(edited.embeds[0].fields[0].value, "$550 billion");
    let followup = CreateInteractionResponseFollowup::new().content("more");
    assert_eq!(
        c.create_followup(&http, followup).await.unwrap().content,
        "more"
    );
    let said = ChannelId::new(CHANNEL_ID)
        .say(&http, "hello")
        .await
        .unwrap();
    assert_eq!(
        (said.content.as_str(), said.author.id),
        ("hello", UserId::new(BOT_ID))
    );

    // An unknown route is a Discord-style 404, and recorded like the others.
    assert!(http.get_channel(ChannelId::new(CHANNEL_ID)).await.is_err());
    let unknown = standin
        .wait_request(
            |r| r.path == format!("/api/v10/channels/{CHANNEL_ID}"),
            WAIT,
        )
        .await;
    assert_eq!(unknown.expect("404 recorded").method, "GET");

    let callback = standin
        .wait_request(|r| r.method == "POST" && r.path == callback_path(&d), WAIT)
        .await
        .expect("callback recorded");
    assert_eq!(callback.body["type"], 4);
    assert_eq!(callback.body["data"]["content"], "answer");
    let edit = standin
        .wait_request(|r| r.path == original_path(&d), WAIT)
        .await
        .unwrap();
    assert_eq!(edit.method, "PATCH");
    assert_eq!(edit.body["embeds"][0]["title"], "Japan");
    assert!(standin
        .wait_request(|r| r.path == followup_path(&d), WAIT)
        .await
        .is_some());
    let paths: Vec<String> = standin.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths.len(), 11, "{paths:#?}");

    // Living answers: the reply read back keeps its id; a channel message is edited in
    // place; a deleted one is 404; a token past its lifetime is 401.
    let original = c.get_response(&http).await.unwrap();
    assert_eq!(original.id, edited.id);
    let edit = EditMessage::new().content("Updated");
    let message = MessageId::new(said.id.get());
    let changed = ChannelId::new(CHANNEL_ID)
        .edit_message(&http, message, edit.clone())
        .await
        .unwrap();
    assert_eq!((changed.id, changed.content.as_str()), (message, "Updated"));
    assert_eq!(standin.posted(CHANNEL_ID), [said.id.get()]);
    standin.delete_message(said.id.get());
    let gone = ChannelId::new(CHANNEL_ID)
        .edit_message(&http, message, edit)
        .await;
    assert!(format!("{gone:?}").contains("10008"), "{gone:?}");
    standin.set_token_ttl(Duration::ZERO);
    let expired = c.get_response(&http).await;
    assert!(format!("{expired:?}").contains("50027"), "{expired:?}");
}

#[test]
fn a_button_press_parses_as_a_component_interaction() {
    let reply = message(next_id(), CHANNEL_ID, bot_user(), "", vec![], json!([]));
    match interaction(&button("dealcheck:vote:7:no", reply, INTRUDER_ID)) {
        Interaction::Component(c) => {
            assert_eq!(c.data.custom_id, "dealcheck:vote:7:no");
            assert_eq!(c.user.id, UserId::new(INTRUDER_ID));
            assert_eq!(c.message.author.id, UserId::new(BOT_ID));
        }
        other => panic!("not a component interaction: {other:?}"),
    }
}

/// Replies to every human message in its channel: the least a client needs to show the round trip.
struct Echo;

#[async_trait]
impl EventHandler for Echo {
    async fn message(&self, ctx: Context, msg: Message) {
        if msg.author.bot {
            return;
        }
        let _ = msg
            .channel_id
            .say(&ctx.http, format!("echo: {}", msg.content))
            .await;
    }
}

/// Builds a plain serenity client against the stand-in and runs it in a task.
async fn start_client(
    standin: &StandIn,
    intents: GatewayIntents,
) -> (
    Arc<ShardManager>,
    tokio::task::JoinHandle<serenity::Result<()>>,
) {
    let http = HttpBuilder::new("test-token")
        .proxy(standin.api_url())
        .ratelimiter_disabled(true)
        .build();
    let mut client: Client = ClientBuilder::new_with_http(http, intents)
        .event_handler(Echo)
        .await
        .expect("client");
    // Had GET /gateway failed, serenity would now hold the real gateway's URL: refuse to start.
    assert_eq!(*client.ws_url.lock().await, standin.gateway_url());
    let shards = Arc::clone(&client.shard_manager);
    (shards, tokio::spawn(async move { client.start().await }))
}

async fn stop_client(
    shards: Arc<ShardManager>,
    task: tokio::task::JoinHandle<serenity::Result<()>>,
) {
    shards.shutdown_all().await;
    let result = tokio::time::timeout(WAIT, task)
        .await
        .expect("client stops");
    result
        .expect("client task")
        .expect("client ends without error");
}

fn is_channel_post(r: &Recorded) -> bool {
    r.method == "POST" && r.path == channel_messages_path(CHANNEL_ID)
}

#[tokio::test]
async fn serenity_client_connects_receives_a_message_and_replies() {
    clear_proxy_env();
    let standin = StandIn::start().await;
    // Pushed before any client is there: queued, then sent right after READY.
    standin
        .dispatch("MESSAGE_CREATE", message_create("early", false, true))
        .await;
    standin
        .dispatch("MESSAGE_CREATE", message_create("from a bot", true, true))
        .await;

    let intents = GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGES;
    let (shards, task) = start_client(&standin, intents).await;
    assert!(
        standin.wait_ready(WAIT).await,
        "no READY; requests: {:#?}",
        standin.requests()
    );
    let identify = standin.identify().expect("IDENTIFY received");
    assert_eq!(identify["intents"].as_u64(), Some(intents.bits()));
    assert_eq!(identify["token"], "Bot test-token");

    standin
        .dispatch("MESSAGE_CREATE", message_create("late", false, true))
        .await;
    let replies = standin.wait_requests(is_channel_post, 2, WAIT).await;
    assert_eq!(replies.len(), 2, "replies: {replies:#?}");
    // Serenity runs each handler call in its own task: replies may arrive in either order.
    let mut contents: Vec<&str> = replies
        .iter()
        .map(|r| r.body["content"].as_str().unwrap())
        .collect();
    contents.sort_unstable();
    assert_eq!(
        contents,
        [
            format!("echo: <@{BOT_ID}> early"),
            format!("echo: <@{BOT_ID}> late")
        ]
    );

    let order: Vec<String> = standin
        .requests()
        .into_iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        order[..2],
        ["GET /api/v10/gateway", "GET /gateway"],
        "{order:#?}"
    );
    stop_client(shards, task).await;
    // The other bot's message, sent between the two, got no reply.
    assert_eq!(
        standin
            .requests()
            .into_iter()
            .filter(is_channel_post)
            .count(),
        2
    );
}

#[tokio::test]
async fn serenity_client_heartbeats_and_resumes_after_a_close() {
    clear_proxy_env();
    let standin = StandIn::start_with_heartbeat(200).await;
    let (shards, task) = start_client(&standin, GatewayIntents::GUILD_MESSAGES).await;
    assert!(standin.wait_ready(WAIT).await);

    // Each heartbeat is acknowledged, or serenity would reconnect (a second connection).
    assert!(
        standin.wait_gateway(|g| g.heartbeats >= 2, WAIT).await,
        "{:?}",
        standin.gateway_status()
    );
    assert_eq!(standin.gateway_status().connections, 1);

    assert!(standin.close_gateway(4000).await);
    assert!(
        standin.wait_gateway(|g| g.resumes >= 1, WAIT).await,
        "{:?}",
        standin.gateway_status()
    );
    standin
        .dispatch(
            "MESSAGE_CREATE",
            message_create("after resume", false, true),
        )
        .await;
    let reply = standin
        .wait_request(
            |r| {
                is_channel_post(r)
                    && r.body["content"]
                        .as_str()
                        .unwrap_or("")
                        .ends_with("after resume")
            },
            WAIT,
        )
        .await;
    assert!(
        reply.is_some(),
        "no reply after resume: {:?}",
        standin.gateway_status()
    );
    let status = standin.gateway_status();
    assert_eq!(
        (status.connections, status.identifies, status.readies),
        (2, 1, 1),
        "{status:?}"
    );
    stop_client(shards, task).await;
}

#[test]
fn a_payload_missing_a_required_field_is_an_unknown_event() {
    // Why the tests above parse every builder: serenity does not reject such an event, it
    // turns it into `Event::Unknown` and the bot never hears of it.
    let mut d = slash("factcheck", Value::Null, &[], MEMBER_PERMISSIONS);
    d.as_object_mut().unwrap().remove("locale");
    let frame = json!({"op": 0, "s": 1, "t": "INTERACTION_CREATE", "d": d});
    let event = serde_json::from_value::<GatewayEvent>(frame).expect("the frame still parses");
    assert!(
        matches!(event, GatewayEvent::Dispatch(_, Event::Unknown(_))),
        "{event:?}"
    );
}
