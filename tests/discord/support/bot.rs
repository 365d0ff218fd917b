//! Runs the real bot (`dealcheck::discord::run`) against a fresh [`StandIn`], on a copy of a
//! fact folder in a temporary directory, and stops it cleanly.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use dealcheck::config::{Config, DiscordConfig, ModerationConfig, Token};
use dealcheck::store::Store;
use serde_json::{json, Value};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::{callback_path, clear_proxy_env, Recorded, StandIn, GUILD_ID, MOD_ROLE_ID};

/// How long any single wait in a bot test may take.
pub const WAIT: Duration = Duration::from_secs(15);

/// A running bot and its stand-in.
pub struct Bot {
    /// The Discord stand-in the bot is connected to.
    pub standin: StandIn,
    /// The store the bot serves from (tests may inspect it).
    pub store: Arc<Store>,
    /// Temporary folder holding `facts/` and `history/`.
    pub dir: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), String>>>,
}

/// The bundled facts folder.
pub fn bundled_facts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("facts")
}

impl Bot {
    /// Starts the bot on a copy of `facts` and waits until it has registered its commands.
    pub async fn start(facts: &Path) -> Bot {
        let bot = Bot::spawn(facts, |_| {}).await;
        bot.registered().await;
        bot
    }

    /// Waits until the bot has reached READY and registered its commands (PUT .../commands).
    pub async fn registered(&self) {
        assert!(self.standin.wait_ready(WAIT).await, "the bot reached READY");
        let put = self
            .standin
            .wait_request(
                |r| r.method == "PUT" && r.path.ends_with("/commands") && r.body.is_array(),
                WAIT,
            )
            .await;
        assert!(put.is_some(), "the bot registered its commands");
    }

    /// Starts the bot on a copy of `facts` with the test config changed by `tweak`, and
    /// returns at once (the stand-in may be told to fail calls before the bot makes them:
    /// see [`Bot::spawn_on`]).
    pub async fn spawn(facts: &Path, tweak: impl FnOnce(&mut Config)) -> Bot {
        Bot::spawn_on(StandIn::start().await, facts, tweak).await
    }

    /// As [`Bot::spawn`], on a stand-in the test has prepared.
    pub async fn spawn_on(standin: StandIn, facts: &Path, tweak: impl FnOnce(&mut Config)) -> Bot {
        // RUST_LOG=... shows the bot's logs in failing tests.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
        clear_proxy_env();
        let dir = tempfile::tempdir().unwrap();
        let facts_dir = dir.path().join("facts");
        std::fs::create_dir_all(&facts_dir).unwrap();
        copy_dir(facts, &facts_dir);
        let mut config = Config {
            facts_dir: facts_dir.clone(),
            facts_watch_seconds: 1,
            discord: DiscordConfig {
                guild_ids: vec![GUILD_ID],
                api_url: Some(standin.api_url()),
            },
            moderation: ModerationConfig {
                role_ids: vec![MOD_ROLE_ID],
                history_file: dir.path().join("history/facts.jsonl"),
                ..ModerationConfig::default()
            },
            // The load tests ask hundreds of questions as one member.
            limits: dealcheck::config::LimitsConfig {
                per_user_per_minute: 0,
            },
            records: dealcheck::config::RecordsConfig {
                path: dir.path().join("records/answers.sqlite3"),
                ..Default::default()
            },
            ..Config::default()
        };
        tweak(&mut config);
        let store =
            Arc::new(Store::open(&config.facts_dir, &config.moderation.history_file).unwrap());
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(dealcheck::discord::run(
            config,
            Token::new("test-token".into()).unwrap(),
            store.clone(),
            async move {
                let _ = rx.await;
            },
        ));
        let task = tokio::spawn(async move { task.await.unwrap().map_err(|e| e.to_string()) });
        Bot {
            standin,
            store,
            dir,
            stop: Some(tx),
            task: Some(task),
        }
    }

    /// Dispatches an interaction and returns the body of its callback.
    pub async fn interact(&self, d: Value) -> Value {
        let path = callback_path(&d);
        self.standin.dispatch("INTERACTION_CREATE", d).await;
        let r: Recorded = self
            .standin
            .wait_request(|r| r.method == "POST" && r.path == path, WAIT)
            .await
            .unwrap_or_else(|| panic!("no callback at {path}"));
        r.body
    }

    /// Waits for the bot to stop on its own (it must, within [`WAIT`]) and returns its result.
    pub async fn ended(mut self) -> Result<(), String> {
        let task = self.task.take().expect("the bot is running");
        tokio::time::timeout(WAIT, task)
            .await
            .expect("the bot stops by itself")
            .unwrap()
    }

    /// Stops the bot and waits for the gateway to close; panics if the bot failed.
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let res = tokio::time::timeout(WAIT, task)
                .await
                .expect("the bot stops");
            res.unwrap().expect("the bot ran without error");
        }
    }
}

/// Copies a folder and everything under it (fact files and their archived sources).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A string option as Discord sends it.
pub fn string_option(name: &str, value: &str) -> Value {
    json!({"type": 3, "name": name, "value": value})
}
