#![recursion_limit = "256"]
//! The Discord side, one test binary: the stand-in checked against the real serenity client
//! (`standin`), the real bot against it (`bot`, `moderation`), and `dealcheck serve` as a
//! process (`serve`), also killed mid-burst (`records_crash`). [`support`] holds the
//! stand-in, its payloads and the bot runner.

mod bot;
mod feedback;
mod hardening;
mod living;
mod moderation;
mod records_crash;
mod serve;
mod standin;
mod support;
