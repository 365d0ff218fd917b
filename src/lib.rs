//! dealcheck: answers questions about big political and trade deals from a curated,
//! attributed fact base, on the command line and on Discord.
//!
//! Module map (the core never imports serenity or poise):
//! - [`facts`]: the fact model, loading TOML files and archived sources, validation with
//!   `file:line:col` problems, and the immutable [`facts::FactBase`];
//! - [`matcher`]: question → topic answer, speaker reply, deal overview or no match
//!   ([`matcher::find`], over a [`matcher::Snapshot`]: a fact base and its index);
//! - [`reply`]: the [`reply::Reply`] model (English or Japanese) and its plain-text rendering;
//! - [`cli`]: the `ask`, `check`, `eval` and `export` commands, writing to any output;
//! - [`config`]: `config.toml` and the token from the environment;
//! - [`records`]: records about answers (SQLite), for the gap queue, feedback and living
//!   answers; no user ids;
//! - [`living`]: which statements a fact change altered, and the update line replies carry;
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
pub mod living;
pub mod matcher;
pub mod records;
pub mod reply;
pub mod store;
