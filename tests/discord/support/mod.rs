//! A Discord stand-in for integration tests (design.md section 7).
//!
//! Test files include it with `mod support;`. [`StandIn`] serves Discord's REST API and
//! gateway on one loopback port; [`payloads`] builds the events to push through it. A client
//! under test points at it with
//! `HttpBuilder::new(token).proxy(standin.api_url()).ratelimiter_disabled(true)` (the
//! ratelimiter ignores the proxy) after [`clear_proxy_env`].
//!
//! - [`standin`]: the server, its request log and gateway counters.
//! - [`bot`]: runs the real bot against a fresh stand-in on a copy of a fact folder.
//! - [`payloads`]: fixed ids and builders for INTERACTION_CREATE, MESSAGE_CREATE and REST bodies.
//!

pub mod bot;
pub mod payloads;
pub mod standin;

pub use payloads::*;
pub use standin::{clear_proxy_env, Recorded, StandIn, PROXY_VARS};
