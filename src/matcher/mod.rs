//! The matcher: question → ranked topics with a confidence.
//!
//! - [`normalize`]: text → terms (shared by fact text and questions), with `lexicon`'s
//!   word lists (and an English word-frequency table) and `frames` (what kind of thing a
//!   sentence asks: `?source`, `?control`, `?history`);
//! - [`index`]: built once per fact base (vocabulary, weights, postings, typo candidates),
//!   its fact texts read by `prepare` (on several threads for a large base);
//! - [`find`]: the one entry point: a question → topics, a speaker, the deal overview, or
//!   no match;
//! - [`score`]: the per-question hot path (prepare the terms, rank the topics), with
//!   `lookup` (exact or typo-corrected terms), `names` (words that are part of another
//!   name), `figures` (figures a deal does not hold), `intent` (what a question asks
//!   for), `unit` (one sentence scored against one deal's topics), `evidence` (what terms
//!   are worth beyond their weights, and the per-topic scratch) and `leader` (a topic
//!   confident below the threshold);
//! - [`complete`]: topic autocomplete;
//! - [`Snapshot`]: a fact base with its index, what readers share.

mod chat;
mod cjk;
mod companies;
pub mod complete;
mod distance;
mod evidence;
mod figures;
mod find;
mod frames;
mod index;
mod intent;
mod leader;
mod lexicon;
mod lookup;
mod names;
pub mod normalize;
mod pieces;
mod prepare;
mod qterm;
mod ratio;
mod score;
mod snapshot;
mod unit;

pub use cjk::is_cjk;
pub use figures::FigureNote;
pub use find::{find, Found, Kind};
pub use index::Index;
pub use score::{Outcome, Scored, MAX_MATCHES, MAX_SUGGESTIONS, THRESHOLD};
pub use snapshot::Snapshot;
