//! Slash and context-menu commands, one file per group.

mod ask;
mod fact;
mod fact_complete;
mod gaps;
mod topics;

use poise::serenity_prelude as serenity;

use super::{Data, Error};

/// Longest autocomplete choice name Discord accepts.
const CHOICE_NAME: usize = 100;

/// An autocomplete choice: `label` shortened to Discord's limit, `value` sent back.
fn choice(label: &str, value: impl Into<String>) -> serenity::AutocompleteChoice {
    serenity::AutocompleteChoice::new(super::embeds::shorten(label, CHOICE_NAME), value.into())
}

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
