//! dealcheck: answers questions about big political and trade deals from a curated,
//! attributed fact base, on the command line and on Discord.
//!
//! Module map (the core never imports serenity or poise):
//! - [`facts`]: the fact model, loading TOML files, validation with `file:line:col`
//!   problems, and the immutable [`facts::FactBase`] snapshot;
//! - [`matcher`]: question → ranked topics (normalization, index, scoring);
//! - [`reply`]: the [`reply::Reply`] model and its plain-text rendering;
//! - [`cli`]: the `ask` and `check` commands, writing to any output;
//! - [`config`]: `config.toml` and the token from the environment;
//! - [`store`]: the single writer of the fact base: moderator edits saved atomically to the
//!   TOML files (comments kept), an audit log, and the snapshot readers share;
//! - [`eval`]: grading a question set (`dealcheck eval`);
//! - [`export`]: the fact base as schema.org ClaimReview JSON-LD;
//! - [`health`]: `/healthz` and `/readyz` probes over plain HTTP;
//! - [`discord`]: the bot (serenity + poise), the only module that knows Discord.

pub mod cli;
pub mod config;
pub mod discord;
pub mod eval;
pub mod export;
pub mod facts;
pub mod health;
pub mod matcher;
pub mod reply;
pub mod store;
