//! Autocomplete for `/fact` options: topics, statements, statuses, parties, sources.

use poise::serenity_prelude as serenity;

use crate::discord::Context;
use crate::facts::NEITHER;

pub(super) async fn ac_topic(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let facts = ctx.data().facts();
    let choices = crate::matcher::complete::complete(&facts, partial, 25)
        .into_iter()
        .map(|n| {
            let (_, t) = facts.get(facts.topic_ref_at(n));
            super::choice(&format!("{} — {}", t.id, t.title), t.id.clone())
        })
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

pub(super) async fn ac_statement(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let facts = ctx.data().facts();
    let partial = partial.trim().to_lowercase();
    let choices = facts
        .topics()
        .flat_map(|(_, t)| t.statements.iter())
        .filter(|s| {
            partial.is_empty()
                || s.id.contains(&partial)
                || s.text.to_lowercase().contains(&partial)
        })
        .take(25)
        .map(|s| super::choice(&format!("{}: {}", s.id, s.text), s.id.clone()))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

pub(super) async fn ac_status(
    _ctx: Context<'_>,
    _partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let choices = crate::facts::Status::ALL
        .iter()
        .map(|s| super::choice(s.heading(), s.as_str()))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

pub(super) async fn ac_party(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let facts = ctx.data().facts();
    let mut parties: Vec<String> = facts
        .deals()
        .iter()
        .flat_map(|d| d.parties.iter().cloned())
        .collect();
    parties.push(NEITHER.to_string());
    parties.dedup();
    let partial = partial.to_lowercase();
    let choices = parties
        .into_iter()
        .filter(|p| p.to_lowercase().contains(&partial))
        .take(25)
        .map(|p| super::choice(&p, p.clone()))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

pub(super) async fn ac_source(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let facts = ctx.data().facts();
    let partial = partial.to_lowercase();
    let choices = facts
        .deals()
        .iter()
        .flat_map(|d| d.sources.values())
        .filter(|s| s.key.contains(&partial) || s.title.to_lowercase().contains(&partial))
        .take(25)
        .map(|s| super::choice(&format!("{}: {}", s.key, s.title), s.key.clone()))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}
