//! Payload builders: the JSON Discord would send, in shapes serenity 0.12.5 accepts.
//!
//! Every builder returns the `d` of a gateway dispatch (or a REST body); the caller hands it to
//! [`StandIn::dispatch`](super::StandIn::dispatch). The shapes follow
//! `shared/discord-payloads/` (each checked against serenity): a payload that misses a field
//! serenity requires is dropped silently as `Event::Unknown`, so `tests/standin.rs` deserializes
//! the output of every builder with serenity's own models.
//!
//! Ids are fixed, made-up snowflakes (pub consts) so tests can build expected paths; interaction
//! and message ids and tokens come from a process-wide counter and are unique.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{json, Value};

/// The application (and the first part of every webhook path).
pub const APP_ID: u64 = 1_576_862_962_126_159_872;
/// The bot's own user.
pub const BOT_ID: u64 = 1_576_862_962_126_159_873;
/// The one guild the bot is in.
pub const GUILD_ID: u64 = 1_576_862_962_126_159_874;
/// The text channel every interaction and message comes from.
pub const CHANNEL_ID: u64 = 1_576_862_962_126_159_875;
/// The application's owner, from `GET /oauth2/applications/@me`.
pub const OWNER_ID: u64 = 1_576_862_962_126_159_876;
/// The human who types commands and messages.
pub const USER_ID: u64 = 1_576_862_962_126_159_877;
/// A role meant to be configured as a moderator role; pass it in `member_roles` to act as one.
pub const MOD_ROLE_ID: u64 = 1_576_862_962_126_159_878;
/// `data.id` of every application command interaction (poise matches commands by name).
pub const COMMAND_ID: u64 = 1_576_862_962_126_159_879;
/// Another bot, the author of messages built with `author_is_bot`.
pub const OTHER_BOT_ID: u64 = 1_576_862_962_126_159_880;
/// Every permission bit Discord defines today: what `app_permissions` says the bot has.
pub const ALL_PERMISSIONS: u64 = 2_251_799_813_685_247;
/// An ordinary member: view channel, send messages, embed links, read history, use commands.
pub const MEMBER_PERMISSIONS: u64 = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 31);
/// `ADMINISTRATOR`.
pub const ADMINISTRATOR: u64 = 1 << 3;
/// The timestamp on every message and member (serenity wants RFC 3339).
pub const TIMESTAMP: &str = "2026-11-30T07:30:26.868+00:00";

static NEXT_ID: AtomicU64 = AtomicU64::new(1_576_862_962_126_200_000);

/// A fresh snowflake, unique in this test binary.
pub fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

fn user_json(id: u64, name: &str, bot: bool) -> Value {
    json!({
        "id": id.to_string(),
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": null,
        "bot": bot,
        "system": false,
        "public_flags": 0,
        "flags": 0
    })
}

/// The bot itself (`GET /users/@me`, READY's `user`, author of the messages it posts).
pub fn bot_user() -> Value {
    user_json(BOT_ID, "dealcheck-test", true)
}

/// The human tester ([`USER_ID`]).
pub fn human_user() -> Value {
    user_json(USER_ID, "tester", false)
}

/// Another bot ([`OTHER_BOT_ID`]).
pub fn other_bot_user() -> Value {
    user_json(OTHER_BOT_ID, "other-bot", true)
}

/// Body of `GET /api/v10/oauth2/applications/@me` (poise asks it at start-up, for owners).
pub fn current_application_info() -> Value {
    json!({
        "id": APP_ID.to_string(),
        "name": "dealcheck-test-app",
        "icon": null,
        "description": "",
        "bot_public": false,
        "bot_require_code_grant": false,
        "verify_key": "00",
        "owner": user_json(OWNER_ID, "owner", false),
        "team": null,
        "flags": 0,
        "rpc_origins": []
    })
}

/// `d` of READY: where the client learns its user, session and application id.
pub fn ready(session_id: &str, resume_gateway_url: &str) -> Value {
    let mut user = bot_user();
    user["verified"] = json!(true);
    user["mfa_enabled"] = json!(false);
    json!({
        "v": 10,
        "user": user,
        "guilds": [{ "id": GUILD_ID.to_string(), "unavailable": true }],
        "session_id": session_id,
        "resume_gateway_url": resume_gateway_url,
        "shard": [0, 1],
        "application": { "id": APP_ID.to_string(), "flags": 0 }
    })
}

/// A message with every field serenity's `Message` requires. Used for MESSAGE_CREATE and for
/// the stand-in's answers to the REST calls that create or edit a message.
pub fn message(
    id: u64,
    channel_id: u64,
    author: Value,
    content: &str,
    mentions: Vec<Value>,
    embeds: Value,
) -> Value {
    json!({
        "id": id.to_string(),
        "channel_id": channel_id.to_string(),
        "author": author,
        "content": content,
        "timestamp": TIMESTAMP,
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": mentions,
        "mention_roles": [],
        "attachments": [],
        "embeds": embeds,
        "pinned": false,
        "type": 0,
        "flags": 0,
        "components": []
    })
}

/// `d` of MESSAGE_CREATE in [`CHANNEL_ID`], from the tester (or from another bot when
/// `author_is_bot`). With `mentions_bot`, the bot is in `mentions` and, as Discord would have
/// it, `<@BOT_ID>` is put in front of `content` unless the content already holds it.
/// No MESSAGE_CONTENT intent is needed for such a message: Discord sends its content anyway.
pub fn message_create(content: &str, author_is_bot: bool, mentions_bot: bool) -> Value {
    let author = if author_is_bot {
        other_bot_user()
    } else {
        human_user()
    };
    let mention = format!("<@{BOT_ID}>");
    let (content, mentions) = if mentions_bot && !content.contains(&mention) {
        (format!("{mention} {content}"), vec![bot_user()])
    } else if mentions_bot {
        (content.to_string(), vec![bot_user()])
    } else {
        (content.to_string(), vec![])
    };
    let id = next_id();
    let mut d = message(id, CHANNEL_ID, author, &content, mentions, json!([]));
    d["guild_id"] = json!(GUILD_ID.to_string());
    d["member"] = json!({
        "nick": null,
        "avatar": null,
        "roles": [],
        "joined_at": TIMESTAMP,
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "communication_disabled_until": null
    });
    d["nonce"] = json!(next_id().to_string());
    d
}

/// The fields every guild interaction shares; `kind` is the interaction type (2 command,
/// 3 component, 4 autocomplete, 5 modal submit).
fn interaction(kind: u8, data: Value, member_roles: &[u64], permissions: u64) -> Value {
    let id = next_id();
    let roles: Vec<String> = member_roles.iter().map(u64::to_string).collect();
    json!({
        "id": id.to_string(),
        "application_id": APP_ID.to_string(),
        "type": kind,
        "data": data,
        "token": format!("itok_{id}"),
        "version": 1,
        "app_permissions": ALL_PERMISSIONS.to_string(),
        "locale": "en-US",
        "entitlements": [],
        "attachment_size_limit": 10_485_760,
        "guild_id": GUILD_ID.to_string(),
        "guild_locale": "en-US",
        "context": 0,
        "guild": { "id": GUILD_ID.to_string(), "locale": "en-US", "features": [] },
        "channel_id": CHANNEL_ID.to_string(),
        "channel": {
            "id": CHANNEL_ID.to_string(),
            "type": 0,
            "name": "general",
            "guild_id": GUILD_ID.to_string()
        },
        "member": {
            "user": human_user(),
            "nick": null,
            "avatar": null,
            "roles": roles,
            "joined_at": TIMESTAMP,
            "premium_since": null,
            "deaf": false,
            "mute": false,
            "flags": 0,
            "pending": false,
            "communication_disabled_until": null,
            "permissions": permissions.to_string()
        },
        "authorizing_integration_owners": { "0": GUILD_ID.to_string() }
    })
}

/// `d` of INTERACTION_CREATE for the chat-input (slash) command `name`, typed by the tester
/// with `member_roles` and the member permission bits `permissions` (see
/// [`MEMBER_PERMISSIONS`], [`ADMINISTRATOR`]). `options` is passed through as `data.options`:
/// a JSON array such as `[{"type":3,"name":"question","value":"..."}]`, or for a subcommand
/// `[{"type":1,"name":"add","options":[...]}]`; `Value::Null` means none.
pub fn slash(name: &str, options: Value, member_roles: &[u64], permissions: u64) -> Value {
    let data = json!({
        "id": COMMAND_ID.to_string(),
        "name": name,
        "type": 1,
        "options": options_or_empty(options),
        "guild_id": GUILD_ID.to_string()
    });
    interaction(2, data, member_roles, permissions)
}

/// `d` of INTERACTION_CREATE for autocomplete (type 4) on the command `name`, typed by an
/// ordinary member. Mark the option being typed with `"focused": true` in `options`.
pub fn autocomplete(name: &str, options: Value) -> Value {
    let data = json!({
        "id": COMMAND_ID.to_string(),
        "name": name,
        "type": 1,
        "options": options_or_empty(options),
        "guild_id": GUILD_ID.to_string()
    });
    interaction(4, data, &[], MEMBER_PERMISSIONS)
}

/// `d` of INTERACTION_CREATE for the message context-menu command `name` (interaction type 2,
/// command type 3) run on `target` (a message JSON, e.g. from [`message_create`]): the target
/// goes in `data.target_id` and `data.resolved.messages`.
pub fn message_context(name: &str, target: Value) -> Value {
    let target_id = target["id"]
        .as_str()
        .expect("target message has a string id")
        .to_string();
    let mut messages = serde_json::Map::new();
    messages.insert(target_id.clone(), target);
    let data = json!({
        "id": COMMAND_ID.to_string(),
        "name": name,
        "type": 3,
        "target_id": target_id,
        "resolved": { "messages": messages },
        "guild_id": GUILD_ID.to_string()
    });
    interaction(2, data, &[], MEMBER_PERMISSIONS)
}

/// `d` of INTERACTION_CREATE for a modal submit (type 5) of the modal `custom_id`, by the
/// tester holding the moderators' role (who opened the form in the moderation tests).
/// `components` is the array of action rows; see [`text_input`].
pub fn modal_submit(custom_id: &str, components: Value) -> Value {
    let data = json!({ "custom_id": custom_id, "components": options_or_empty(components) });
    interaction(5, data, &[MOD_ROLE_ID], MEMBER_PERMISSIONS)
}

/// `d` of INTERACTION_CREATE for a press (type 3) of the button `custom_id` on `message` (the
/// bot's reply, as the stand-in echoed it), by the user `user_id`.
pub fn button(custom_id: &str, message: Value, user_id: u64) -> Value {
    let data = json!({ "custom_id": custom_id, "component_type": 2 });
    let mut d = interaction(3, data, &[], MEMBER_PERMISSIONS);
    d["message"] = message;
    d["member"]["user"] = user_json(user_id, &format!("user{user_id}"), false);
    d
}

/// Another human in the guild, who did not open the form.
pub const INTRUDER_ID: u64 = 1_576_862_962_126_159_883;

/// The interaction `d` as sent by [`INTRUDER_ID`] instead of the tester.
pub fn from_intruder(mut d: Value) -> Value {
    d["member"]["user"] = user_json(INTRUDER_ID, "intruder", false);
    d
}

/// The interaction `d` with the member's roles replaced.
pub fn with_roles(mut d: Value, roles: &[u64]) -> Value {
    let roles: Vec<String> = roles.iter().map(u64::to_string).collect();
    d["member"]["roles"] = json!(roles);
    d
}

/// One action row holding one filled-in text input, as a modal submit carries it.
pub fn text_input(custom_id: &str, value: &str) -> Value {
    json!({
        "type": 1,
        "components": [{ "type": 4, "custom_id": custom_id, "value": value }]
    })
}

fn options_or_empty(options: Value) -> Value {
    if options.is_null() {
        json!([])
    } else {
        options
    }
}

fn str_field<'a>(d: &'a Value, key: &str) -> &'a str {
    d[key]
        .as_str()
        .unwrap_or_else(|| panic!("payload has no string `{key}`"))
}

/// Where the bot answers the interaction `d`: `POST .../interactions/{id}/{token}/callback`.
pub fn callback_path(d: &Value) -> String {
    format!(
        "/api/v10/interactions/{}/{}/callback",
        str_field(d, "id"),
        str_field(d, "token")
    )
}

/// Where the bot edits its first answer to `d`: `PATCH .../messages/@original`.
pub fn original_path(d: &Value) -> String {
    format!(
        "/api/v10/webhooks/{APP_ID}/{}/messages/@original",
        str_field(d, "token")
    )
}

/// Where the bot posts follow-ups to `d`: `POST /webhooks/{app}/{token}`.
pub fn followup_path(d: &Value) -> String {
    format!("/api/v10/webhooks/{APP_ID}/{}", str_field(d, "token"))
}

/// Where messages to a channel are posted (mention replies, `ChannelId::say`).
pub fn channel_messages_path(channel_id: u64) -> String {
    format!("/api/v10/channels/{channel_id}/messages")
}

/// The managed role Discord gives the bot in [`GUILD_ID`] (tags.bot_id = [`BOT_ID`]).
pub const BOT_ROLE_ID: u64 = 1_576_862_962_126_159_881;
/// A guild the bot is not in: registering commands there gets 403 Missing Access.
pub const FOREIGN_GUILD_ID: u64 = 1_576_862_962_126_159_882;

fn role_json(id: u64, name: &str, managed_by_bot: Option<u64>, position: u16) -> Value {
    let tags = match managed_by_bot {
        Some(bot) => json!({ "bot_id": bot.to_string() }),
        None => json!({}),
    };
    json!({
        "id": id.to_string(),
        "name": name,
        "color": 0,
        "colors": { "primary_color": 0, "secondary_color": null, "tertiary_color": null },
        "hoist": false,
        "managed": managed_by_bot.is_some(),
        "mentionable": false,
        "permissions": "0",
        "position": position,
        "tags": tags,
        "icon": null,
        "unicode_emoji": null,
        "flags": 0
    })
}

/// `d` of GUILD_CREATE for [`GUILD_ID`]: the roles @everyone, the moderators' role and the
/// bot's own managed role [`BOT_ROLE_ID`], and the channel [`CHANNEL_ID`].
pub fn guild_create() -> Value {
    json!({
        "id": GUILD_ID.to_string(),
        "name": "stand-in guild",
        "icon": null, "icon_hash": null, "splash": null, "discovery_splash": null,
        "owner_id": OWNER_ID.to_string(),
        "afk_channel_id": null, "afk_timeout": 300,
        "widget_enabled": false, "widget_channel_id": null,
        "verification_level": 0, "default_message_notifications": 0, "explicit_content_filter": 0,
        "roles": [
            role_json(GUILD_ID, "@everyone", None, 0),
            role_json(MOD_ROLE_ID, "moderators", None, 1),
            role_json(BOT_ROLE_ID, "dealcheck-test", Some(BOT_ID), 2),
        ],
        "emojis": [], "features": [], "mfa_level": 0, "application_id": null,
        "system_channel_id": null, "system_channel_flags": 0, "rules_channel_id": null,
        "max_presences": null, "max_members": 500000, "vanity_url_code": null,
        "description": null, "banner": null, "premium_tier": 0,
        "premium_subscription_count": 0, "preferred_locale": "en-US",
        "public_updates_channel_id": null, "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50, "nsfw_level": 0, "stickers": [],
        "premium_progress_bar_enabled": false,
        "joined_at": TIMESTAMP, "large": false, "unavailable": false, "member_count": 2,
        "voice_states": [], "members": [],
        "channels": [{
            "id": CHANNEL_ID.to_string(), "type": 0, "name": "general", "position": 0,
            "permission_overwrites": [], "guild_id": GUILD_ID.to_string()
        }],
        "threads": [], "presences": [], "stage_instances": [], "guild_scheduled_events": [],
        "safety_alerts_channel_id": null, "incidents_data": null
    })
}

/// MESSAGE_CREATE from the tester that mentions the role `role` (`<@&role>` in front of
/// `content`, the role in `mention_roles`) and no user.
pub fn message_mentioning_role(content: &str, role: u64) -> Value {
    let mut d = message_create(&format!("<@&{role}> {content}"), false, false);
    d["mention_roles"] = json!([role.to_string()]);
    d
}
