//! Slash and context-menu commands, one file per group.

mod ask;
mod fact;
mod fact_complete;
mod topics;

use super::{Data, Error};

/// Every command the bot registers.
pub fn all() -> Vec<poise::Command<Data, Error>> {
    vec![
        ask::factcheck(),
        ask::factcheck_message(),
        topics::topic(),
        topics::topics(),
        fact::fact(),
    ]
}
