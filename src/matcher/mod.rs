//! The matcher: question → ranked topics with a confidence.
//!
//! - [`normalize`]: text → terms (shared by fact text and questions), with `lexicon`'s
//!   word lists;
//! - [`index`]: built once per fact base (vocabulary, weights, postings, typo candidates);
//! - [`score`]: the per-question hot path;
//! - [`complete`]: topic autocomplete.

mod chat;
mod cjk;
pub mod complete;
mod distance;
mod index;
mod lexicon;
pub mod normalize;
mod score;

pub use index::Index;
pub use score::{FigureNote, Outcome, Scored, MAX_MATCHES, MAX_SUGGESTIONS, THRESHOLD};
