//! The core, one test binary: the CLI contract (`cli`), validation (`validation`), the
//! question sets (`questions`), property tests (`properties`) and the store (`store`).
//! [`util`] holds what several of them need: the bundled fact base and a temporary copy of it.

mod cli;
mod export;
mod figures;
mod leaders;
mod matching;
mod properties;
mod questions;
mod store;
mod teach;
mod util;
mod validation;
