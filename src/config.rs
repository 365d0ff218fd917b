//! Configuration: `config.toml` (every key documented in `config.example.toml`) and the
//! token from the environment. Unknown keys are errors, so a typo never silently falls back
//! to a default.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The environment variable that holds the bot token.
pub const TOKEN_VAR: &str = "DISCORD_TOKEN";

/// Why the configuration could not be used. One line each, naming the cause.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config {path}: {source}")]
    Read {
        /// The config file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file is not valid TOML or breaks the schema.
    #[error("invalid config {path}:{line}:{col}: {message}")]
    Invalid {
        /// The config file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        col: usize,
        /// What is wrong.
        message: String,
    },
    /// `DISCORD_TOKEN` is unset or blank.
    #[error("{TOKEN_VAR} is not set: export the bot token (see README, \"Running the bot\")")]
    MissingToken,
    /// `DISCORD_TOKEN` holds a character no token has (the token itself is never shown).
    #[error("{TOKEN_VAR} is malformed: character {at} is a space, a line break or not ASCII; copy the token again from the Developer Portal")]
    MalformedToken {
        /// 1-based position of the first bad character.
        at: usize,
    },
}

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Folder of fact files (relative to the working directory).
    #[serde(default = "default_facts_dir")]
    pub facts_dir: PathBuf,
    /// How often (seconds) the bot checks `facts_dir` for files changed on disk and reloads
    /// them; 0 turns it off (`/fact reload` still works).
    #[serde(default = "default_watch_seconds")]
    pub facts_watch_seconds: u64,
    /// Replies say the facts may be out of date when the deal file's `reviewed_on` is older
    /// than this many days.
    #[serde(default = "default_stale_days")]
    pub facts_stale_days: u32,
    /// How the bot talks to Discord.
    #[serde(default)]
    pub discord: DiscordConfig,
    /// Who may change facts, and where changes are logged.
    #[serde(default)]
    pub moderation: ModerationConfig,
    /// Liveness and readiness probes over HTTP.
    #[serde(default)]
    pub health: HealthConfig,
    /// Records about answers (the gap queue).
    #[serde(default)]
    pub records: RecordsConfig,
    /// Limits on how often one member may ask.
    #[serde(default)]
    pub limits: LimitsConfig,
    /// `[updates]`: living answers.
    #[serde(default)]
    pub updates: UpdatesConfig,
}

/// The `[updates]` table: how earlier replies are kept current when a statement they showed
/// changes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdatesConfig {
    /// A channel that gets one post per fact change: what changed, how many replies were
    /// updated. Off when absent.
    #[serde(default, deserialize_with = "snowflake")]
    pub channel_id: Option<u64>,
    /// Most replies updated per change (the newest first).
    #[serde(default = "default_max_edits")]
    pub max_edits: u32,
    /// Milliseconds between two updates, to stay well under Discord's rate limits.
    #[serde(default = "default_pace_ms")]
    pub pace_ms: u64,
    /// Seconds a slash-command reply can be edited through its interaction token (Discord:
    /// 15 minutes). After that the update is a reply to the old answer. Lower only in tests.
    #[serde(default = "default_token_seconds")]
    pub token_seconds: u64,
}

impl Default for UpdatesConfig {
    fn default() -> Self {
        UpdatesConfig {
            channel_id: None,
            max_edits: default_max_edits(),
            pace_ms: default_pace_ms(),
            token_seconds: default_token_seconds(),
        }
    }
}

fn default_max_edits() -> u32 {
    50
}

fn default_pace_ms() -> u64 {
    1000
}

fn default_token_seconds() -> u64 {
    15 * 60
}

/// The `[limits]` table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Questions one member may ask per minute (`/factcheck`, mentions, the context menu);
    /// 0 turns the limit off. Counted in memory, never stored.
    #[serde(default = "default_per_user_per_minute")]
    pub per_user_per_minute: u32,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            per_user_per_minute: default_per_user_per_minute(),
        }
    }
}

fn default_per_user_per_minute() -> u32 {
    6
}

/// The `[records]` table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordsConfig {
    /// Whether answers are recorded at all. Off: no database, no gap queue, no feedback
    /// buttons, no living answers.
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// The SQLite file (created with its folder on first start).
    #[serde(default = "default_records_path")]
    pub path: PathBuf,
    /// Records older than this many days are deleted by the bot.
    #[serde(default = "default_retention_days")]
    pub retention_days: u32,
}

impl Default for RecordsConfig {
    fn default() -> Self {
        RecordsConfig {
            enabled: true,
            path: default_records_path(),
            retention_days: default_retention_days(),
        }
    }
}

fn default_true() -> bool {
    true
}

fn default_records_path() -> PathBuf {
    PathBuf::from("records/answers.sqlite3")
}

fn default_retention_days() -> u32 {
    30
}

/// The `[health]` table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthConfig {
    /// Where to serve `GET /healthz` and `GET /readyz` (e.g. `127.0.0.1:8081`); off when
    /// absent. Bind to loopback unless a probe on another host needs it.
    pub listen: Option<std::net::SocketAddr>,
}

/// The `[discord]` table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscordConfig {
    /// Register commands in these guilds (instant); globally when empty (may take an hour).
    #[serde(default, deserialize_with = "snowflakes")]
    pub guild_ids: Vec<u64>,
    /// REST base URL to use instead of Discord's (a local stand-in for tests). Absent in
    /// production, where the rate limiter stays on.
    pub api_url: Option<String>,
}

/// The `[moderation]` table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModerationConfig {
    /// Members with any of these roles may change facts.
    #[serde(default, deserialize_with = "snowflakes")]
    pub role_ids: Vec<u64>,
    /// Members with this Discord permission may change facts too (e.g. "MANAGE_GUILD").
    /// It is also the default permission that hides `/fact` from everyone else.
    #[serde(default = "default_permission")]
    pub permission: String,
    /// Audit log of fact changes (JSON lines).
    #[serde(default = "default_history")]
    pub history_file: PathBuf,
}

impl Default for ModerationConfig {
    fn default() -> Self {
        ModerationConfig {
            role_ids: Vec::new(),
            permission: default_permission(),
            history_file: default_history(),
        }
    }
}

/// A Discord id: a positive integer (TOML integers are i64, so the upper bound is the
/// parser's own). Zero would panic in serenity later.
fn discord_id(n: i64) -> Result<u64, String> {
    if n >= 1 {
        Ok(n as u64)
    } else {
        Err(format!(
            "`{n}` is not a Discord id: ids are positive integers (copy it with Developer Mode, right click, Copy ID)"
        ))
    }
}

/// One optional Discord id, checked like [`snowflakes`].
fn snowflake<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    discord_id(i64::deserialize(d)?)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

/// A list of Discord ids (snowflakes: positive 63-bit integers). An element that is not is
/// refused at its own position.
fn snowflakes<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u64>, D::Error> {
    struct Snowflake(u64);
    impl<'de> Deserialize<'de> for Snowflake {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            discord_id(i64::deserialize(d)?)
                .map(Snowflake)
                .map_err(serde::de::Error::custom)
        }
    }
    Ok(Vec::<Snowflake>::deserialize(d)?
        .into_iter()
        .map(|s| s.0)
        .collect())
}

fn default_facts_dir() -> PathBuf {
    PathBuf::from("facts")
}

fn default_watch_seconds() -> u64 {
    5
}

fn default_stale_days() -> u32 {
    crate::reply::STALE_DAYS
}

fn default_permission() -> String {
    "MANAGE_GUILD".into()
}

fn default_history() -> PathBuf {
    PathBuf::from("history/facts.jsonl")
}

impl Default for Config {
    fn default() -> Self {
        Config {
            facts_dir: default_facts_dir(),
            facts_watch_seconds: default_watch_seconds(),
            facts_stale_days: default_stale_days(),
            discord: DiscordConfig::default(),
            moderation: ModerationConfig::default(),
            health: HealthConfig::default(),
            records: RecordsConfig::default(),
            limits: LimitsConfig::default(),
            updates: UpdatesConfig::default(),
        }
    }
}

impl Config {
    /// Parses config text. Pure: `origin` only names the file in errors.
    pub fn parse(text: &str, origin: &Path) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start).min(text.len());
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            ConfigError::Invalid {
                path: origin.to_path_buf(),
                line,
                col,
                message: crate::facts::one_line_message(e.message()),
            }
        })?;
        config.check(origin)?;
        Ok(config)
    }

    /// Reads and parses a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, path)
    }

    fn check(&self, origin: &Path) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: origin.to_path_buf(),
            line: 1,
            col: 1,
            message,
        };
        if let Some(url) = &self.discord.api_url {
            if !crate::facts::validate::is_http_url(url) {
                return Err(invalid(format!(
                    "discord.api_url `{url}` is not an http(s) URL"
                )));
            }
        }
        if !crate::facts::validate::is_permission_name(&self.moderation.permission) {
            return Err(invalid(format!(
                "moderation.permission `{}` is not a Discord permission name (e.g. MANAGE_GUILD)",
                self.moderation.permission
            )));
        }
        Ok(())
    }
}

/// The bot token. Its `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Reads the token from [`TOKEN_VAR`].
    pub fn from_env() -> Result<Token, ConfigError> {
        Token::new(std::env::var(TOKEN_VAR).unwrap_or_default())
    }

    /// Wraps a token; blank is an error, and so is a character no Discord token holds (a
    /// token is printable ASCII without spaces: a pasted newline or a curly quote would make
    /// the client retry for ever). Errors never include the token.
    pub fn new(token: String) -> Result<Token, ConfigError> {
        let token = token.trim().to_string();
        if token.is_empty() {
            return Err(ConfigError::MissingToken);
        }
        match token.chars().position(|c| !c.is_ascii_graphic()) {
            Some(at) => Err(ConfigError::MalformedToken { at: at + 1 }),
            None => Ok(Token(token)),
        }
    }

    /// The secret itself, for the Discord client only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_config_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
        let config = Config::load(&path).unwrap();
        assert_eq!(config.facts_dir, PathBuf::from("facts"));
        assert_eq!(
            config.discord.api_url, None,
            "production keeps Discord's API"
        );
    }

    #[test]
    fn an_empty_config_takes_defaults() {
        assert_eq!(
            Config::parse("", Path::new("c.toml")).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn unknown_keys_name_the_position() {
        let err = Config::parse("[discord]\nguild_id = [1]\n", Path::new("c.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("invalid config c.toml:2:1: unknown field `guild_id`"),
            "{msg}"
        );
    }

    #[test]
    fn bad_values_are_refused() {
        let err =
            Config::parse("[discord]\napi_url = \"ftp://x\"\n", Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().contains("not an http(s) URL"));
        let err = Config::parse(
            "[moderation]\npermission = \"manage guild\"\n",
            Path::new("c.toml"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("not a Discord permission name"));
    }

    #[test]
    fn zero_and_out_of_range_ids_are_refused_at_their_position() {
        for (text, line, col) in [
            ("[discord]\nguild_ids = [0]\n", 2, 13),
            ("[discord]\nguild_ids = [5, -3]\n", 2, 13),
            ("[moderation]\nrole_ids = [1, 0]\n", 2, 12),
        ] {
            let err = Config::parse(text, Path::new("c.toml"))
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with(&format!("invalid config c.toml:{line}:{col}: ")),
                "{text:?}: {err}"
            );
            assert!(err.contains("is not a Discord id"), "{err}");
        }
        // Past i64 the TOML parser itself refuses the number, at its position.
        let err = Config::parse(
            "[moderation]\nrole_ids = [9223372036854775808]\n",
            Path::new("c.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("invalid config c.toml:2:"), "{err}");
        let ok = Config::parse(
            "[discord]\nguild_ids = [1, 9223372036854775807]\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(ok.discord.guild_ids, vec![1, i64::MAX as u64]);
    }

    #[test]
    fn a_toml_syntax_error_is_one_line() {
        let err = Config::parse("facts_dir = \"a\\qb\"\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("invalid config c.toml:1:"), "{err}");
        assert!(!err.contains('\n'), "{err:?}");
    }

    #[test]
    fn a_malformed_token_is_refused_without_showing_it() {
        for bad in ["abc\ndef", "abc def", "abc\u{201d}def", "abc\u{7f}def"] {
            let err = Token::new(bad.into()).unwrap_err();
            assert!(
                matches!(err, ConfigError::MalformedToken { at: 4 }),
                "{bad:?}"
            );
            let msg = err.to_string();
            assert!(!msg.contains("abc") && !msg.contains("def") && !msg.contains('\n'));
        }
        assert!(Token::new("  MTIz.abc_DEF-9  \n".into()).is_ok());
    }

    #[test]
    fn the_token_is_never_shown() {
        let t = Token::new("secret-token-value".into()).unwrap();
        assert!(!format!("{t:?} {t}").contains("secret"));
        assert!(matches!(
            Token::new("  ".into()),
            Err(ConfigError::MissingToken)
        ));
    }
}
