//! The Discord layer: the only code that knows serenity and poise. It turns questions from
//! slash commands, the message context menu and mentions into [`crate::reply::Reply`]s and
//! those into embeds.
//!
//! - [`run`]: builds the client (pointed at `discord.api_url` when set) and runs it until
//!   the shutdown future resolves;
//! - `commands/`: one file per command group;
//! - [`embeds`]: replies as embeds within Discord's limits;
//! - `events`: mentions;
//! - `errors`: user errors (ephemeral) versus internal errors (logged);
//! - `checks`: the moderator check on every `/fact` call;
//! - `modal`: forms for long text.

mod callback;
mod checks;
pub mod commands;
pub(crate) mod cooldown;
pub mod embeds;
pub(crate) mod errors;
mod events;
mod feedback;
mod living;
mod modal;
mod recording;

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use poise::serenity_prelude as serenity;

use crate::config::{Config, Token};
use crate::health::Readiness;
use crate::matcher::Snapshot;
use crate::records::{AnswerRecord, RecordStore};
use crate::reply::Reply;
use crate::store::Store;

pub use errors::UserError;

/// What every command and event handler can reach.
pub struct Data {
    /// The single writer and the current snapshot of the fact base.
    pub store: Arc<Store>,
    /// The loaded configuration.
    pub config: Config,
    /// Where answers are recorded (the gap queue).
    pub records: Arc<dyn RecordStore>,
    /// Hands records to the one writer thread, so that answering never waits on the
    /// database (see `recording`); `None` with `records.enabled = false`.
    pub recorder: Option<recording::Recorder>,
    /// Questions per member per minute, counted in memory.
    pub cooldown: cooldown::Cooldown,
}

impl Data {
    /// The current fact base (lock-free).
    pub fn facts(&self) -> Arc<Snapshot> {
        self.store.snapshot()
    }
}

/// Errors commands return; [`UserError`]s are shown to the user, the rest are logged.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
/// The poise context of this bot.
pub type Context<'a> = poise::Context<'a, Data, Error>;

/// Gateway intents: guild events and guild messages (for mentions). No privileged intent:
/// Discord sends the content of messages that mention the bot without MESSAGE_CONTENT.
pub fn intents() -> serenity::GatewayIntents {
    serenity::GatewayIntents::GUILDS
        | serenity::GatewayIntents::GUILD_MESSAGES
        | serenity::GatewayIntents::DIRECT_MESSAGES
}

/// Mentions allowed on every message: none. An echoed question can never ping anyone.
pub fn no_mentions() -> serenity::CreateAllowedMentions {
    serenity::CreateAllowedMentions::new()
        .empty_users()
        .empty_roles()
        .replied_user(false)
}

/// The poise framework options: commands, no mentions, no prefix commands.
fn options() -> poise::FrameworkOptions<Data, Error> {
    poise::FrameworkOptions {
        commands: commands::all(),
        allowed_mentions: Some(no_mentions()),
        on_error: |e| Box::pin(errors::on_error(e)),
        event_handler: |framework, event| Box::pin(events::handle(framework, event)),
        prefix_options: poise::PrefixFrameworkOptions {
            prefix: None,
            mention_as_prefix: false,
            ..Default::default()
        },
        initialize_owners: false,
        ..Default::default()
    }
}

/// Runs the bot until `shutdown` resolves, then closes the gateway cleanly. Returns an error
/// (and closes the gateway) when the commands could be registered nowhere: a bot that is
/// connected but has no commands must not stay up.
pub async fn run(
    config: Config,
    token: Token,
    store: Arc<Store>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let mut builder = serenity::HttpBuilder::new(token.expose()).client(http_client()?);
    if let Some(url) = &config.discord.api_url {
        // serenity's rate limiter builds its own requests without the proxy, so it must be
        // off whenever the REST base is replaced; production keeps it.
        builder = builder
            .proxy(url.trim_end_matches('/'))
            .ratelimiter_disabled(true);
    }
    let http = builder.build();
    let mut options = options();
    let moderators = check_permission_name(&config.moderation.permission)?;
    for command in options.commands.iter_mut().filter(|c| c.name == "fact") {
        // Hides /fact from members without the permission; the check itself runs on every call.
        command.default_member_permissions = moderators;
    }
    embeds::set_stale_days(config.facts_stale_days);
    let readiness = Arc::new(Readiness::default());
    // Background tasks, stopped when the client stops.
    let mut tasks = tokio::task::JoinSet::new();
    if let Some(addr) = config.health.listen {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot serve health probes on {addr}: {e}"))?;
        let facts = store.clone();
        tasks.spawn(crate::health::serve(
            listener,
            readiness.clone(),
            move || facts.snapshot().topic_count(),
        ));
    }
    if config.facts_watch_seconds > 0 {
        tasks.spawn(watch_facts(
            store.clone(),
            std::time::Duration::from_secs(config.facts_watch_seconds),
        ));
    }
    let fatal: Arc<std::sync::OnceLock<String>> = Arc::default();
    let stop = Arc::new(tokio::sync::Notify::new());
    let guild_ids = config.discord.guild_ids.clone();
    let records: Arc<dyn RecordStore> = if config.records.enabled {
        Arc::new(
            crate::records::SqliteRecords::open(&config.records.path).map_err(|e| e.to_string())?,
        )
    } else {
        Arc::new(crate::records::Off)
    };
    tasks.spawn(recording::prune(
        records.clone(),
        config.records.retention_days,
    ));
    let recorder = match config.records.enabled {
        true => Some(recording::Recorder::start(records.clone())?),
        false => None,
    };
    let (changes_tx, changes) = tokio::sync::mpsc::unbounded_channel();
    store.on_change(move |change| {
        // Nobody listening any more (the bot stopped): nothing to update.
        let _ = changes_tx.send(change.clone());
    });
    let (living_records, updates, retention) = (
        records.clone(),
        config.updates.clone(),
        config.records.retention_days,
    );
    let cooldown = cooldown::Cooldown::new(config.limits.per_user_per_minute);
    let data = Data {
        store,
        config,
        records,
        recorder,
        cooldown,
    };
    let (setup_fatal, setup_stop, setup_ready) = (fatal.clone(), stop.clone(), readiness.clone());
    let framework = poise::Framework::builder()
        .options(options)
        .setup(move |ctx, ready, framework| {
            Box::pin(async move {
                let commands = &framework.options().commands;
                let scope = register(ctx, commands, &guild_ids).await.map_err(|e| {
                    tracing::error!(error = %e, "stopping: the bot would be connected but deaf");
                    let _ = setup_fatal.set(e.clone());
                    setup_stop.notify_one();
                    e
                })?;
                setup_ready.set_registered();
                tracing::info!(
                    user = %ready.user.name,
                    guilds = ready.guilds.len(),
                    commands = commands.len(),
                    scope,
                    "connected and commands registered"
                );
                Ok(data)
            })
        })
        .build();
    let mut client = serenity::ClientBuilder::new_with_http(http, intents())
        .framework(framework)
        .raw_event_handler(errors::Unparsed)
        .await?;
    tasks.spawn(watch_gateway(
        client.shard_manager.runners.clone(),
        readiness,
    ));
    tasks.spawn(living::follow(
        client.http.clone(),
        living_records,
        updates,
        retention,
        changes,
    ));
    let shards = client.shard_manager.clone();
    tokio::spawn(async move {
        tokio::select! {
            () = shutdown => tracing::info!("shutting down the gateway"),
            () = stop.notified() => {}
        }
        shards.shutdown_all().await;
    });
    let ran = client.start().await;
    tasks.abort_all();
    ran?;
    match fatal.get() {
        Some(e) => Err(e.clone().into()),
        None => Ok(()),
    }
}

/// Idle connections kept per host after a burst of replies. A burst of 100 answers opens up
/// to 100 connections; the client's default keeps them all (with their buffers) for 90 s.
const IDLE_CONNECTIONS: usize = 4;

/// The REST client: serenity's own (rustls), keeping few idle connections, briefly.
fn http_client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .use_rustls_tls()
        .pool_max_idle_per_host(IDLE_CONNECTIONS)
        .pool_idle_timeout(std::time::Duration::from_secs(30))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))
}

/// Registers the commands: globally when `guild_ids` is empty, else in each guild. A guild
/// that refuses (a wrong id, or the bot is not in it) is logged at error, naming it, and the
/// others still get the commands. `Err` only when they could be registered nowhere.
async fn register(
    ctx: &serenity::Context,
    commands: &[poise::Command<Data, Error>],
    guild_ids: &[u64],
) -> Result<String, String> {
    if guild_ids.is_empty() {
        poise::builtins::register_globally(ctx, commands)
            .await
            .map_err(|e| format!("cannot register the slash commands globally: {e}"))?;
        return Ok("global".into());
    }
    let mut done = Vec::new();
    for &id in guild_ids {
        // Ids are checked non-zero when the config is loaded.
        let guild = serenity::GuildId::new(id);
        match poise::builtins::register_in_guild(ctx, commands, guild).await {
            Ok(()) => done.push(id.to_string()),
            Err(e) => tracing::error!(
                guild = id,
                error = %e,
                "cannot register the slash commands in guild {id} (is the bot in it, invited with the applications.commands scope?); the other guilds keep working"
            ),
        }
    }
    if done.is_empty() {
        Err(format!(
            "cannot register the slash commands in any of the {} guild(s) of discord.guild_ids; check the ids and that the bot was invited there",
            guild_ids.len()
        ))
    } else {
        Ok(format!("guilds {}", done.join(", ")))
    }
}

/// Keeps [`Readiness`] connected flag current: every shard's runner must be connected.
/// Polled, because a shard being restarted is removed without a stage-change event.
async fn watch_gateway(
    runners: Arc<
        tokio::sync::Mutex<std::collections::HashMap<serenity::ShardId, serenity::ShardRunnerInfo>>,
    >,
    readiness: Arc<Readiness>,
) {
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(500));
    loop {
        tick.tick().await;
        let up = {
            let runners = runners.lock().await;
            !runners.is_empty()
                && runners
                    .values()
                    .all(|r| r.stage == serenity::ConnectionStage::Connected)
        };
        readiness.set_connected(up);
    }
}

/// Picks up fact files changed on disk (a `git pull`) without a restart: asks the store
/// every `every` whether they changed ([`Store::reload_if_changed`]). A broken file keeps the
/// last good fact base serving; the error is logged (and `/fact reload` shows it).
async fn watch_facts(store: Arc<Store>, every: std::time::Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let store = store.clone();
        match tokio::task::spawn_blocking(move || store.reload_if_changed()).await {
            Ok(None) => {}
            Ok(Some(Ok(facts))) => tracing::info!(
                topics = facts.topic_count(),
                "fact files changed on disk; reloaded"
            ),
            Ok(Some(Err(e))) => {
                tracing::error!(error = %e, "fact files changed on disk but do not validate; still serving the last good fact base")
            }
            Err(e) => tracing::error!(error = %e, "reload task failed"),
        }
    }
}

/// Where a question was asked.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Place {
    /// The guild, if any.
    pub guild: Option<u64>,
    /// The channel.
    pub channel: Option<u64>,
}

/// An answer and its record id (which the reply's buttons carry).
pub(crate) struct Answered {
    /// The reply.
    pub reply: Reply,
    /// Its record; `None` when records are off (then no buttons either).
    pub id: Option<i64>,
}

/// Answers a question, records the answer (off the async runtime; a failure is logged and
/// never blocks the reply) and logs one line: command, topic or none, score, time taken.
pub(crate) fn answer(
    data: &Data,
    command: &str,
    question: &str,
    place: Place,
) -> Result<Answered, UserError> {
    let started = Instant::now();
    let question = crate::reply::check_question(question).map_err(|e| UserError(e.to_string()))?;
    let facts = data.facts();
    let reply = Reply::answer(&facts, question);
    let id = data.recorder.as_ref().map(|recorder| {
        let id = data.records.next_id();
        let (guild, channel) = (place.guild, place.channel);
        recorder.answer(AnswerRecord::of(id, &reply, &facts, guild, channel));
        id
    });
    let best = reply.matches.first();
    tracing::info!(
        command,
        topic = best.map_or("none", |m| m.topic.as_str()),
        score = best.map_or(0.0, |m| m.score),
        elapsed_us = started.elapsed().as_micros() as u64,
        "answered"
    );
    Ok(Answered { reply, id })
}

/// Sends an answer as the first reply to a command, with its feedback buttons, and notes
/// where it went (Discord says so in the callback's response) so that it can be kept up to
/// date: with the interaction token while it is valid, then, for a reply that stands in the
/// channel as a message of its own (`in_place`: the context menu), in place, and for a
/// slash-command reply by a reply to it.
pub(crate) async fn send_answer(
    ctx: Context<'_>,
    answered: Answered,
    in_place: bool,
) -> Result<(), Error> {
    let poise::Context::Application(app) = ctx else {
        let reply = poise::CreateReply::default().embed(embeds::reply(&answered.reply).to_embed());
        ctx.send(reply).await?;
        return Ok(());
    };
    let mut message = serenity::CreateInteractionResponseMessage::new()
        .embed(embeds::reply(&answered.reply).to_embed())
        .allowed_mentions(no_mentions());
    if let Some(id) = answered.id {
        message = message.components(feedback::buttons(id));
    }
    let response = serenity::CreateInteractionResponse::Message(message);
    let posted =
        callback::respond(&ctx.serenity_context().http, app.interaction, &response).await?;
    app.has_sent_initial_response
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let data = ctx.data();
    if let (Some(recorder), Some(answer), Some(posted)) = (&data.recorder, answered.id, posted) {
        let until = crate::records::now() + data.config.updates.token_seconds as i64;
        recorder.delivered(crate::records::Delivery {
            answer,
            channel: posted.channel,
            message: posted.message,
            in_place,
            token: Some((app.interaction.token.clone(), until)),
        });
    }
    Ok(())
}

/// Checks that a permission name from the config is a Discord permission.
pub fn check_permission_name(name: &str) -> Result<serenity::Permissions, String> {
    serenity::Permissions::from_name(name).ok_or_else(|| {
        format!("moderation.permission `{name}` is not a Discord permission (e.g. MANAGE_GUILD)")
    })
}
