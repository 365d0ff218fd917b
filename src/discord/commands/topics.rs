//! `/topic name:` (with autocomplete) and `/topics`.

use poise::serenity_prelude as serenity;

use crate::discord::{embeds, Context, Error, UserError};
use crate::matcher::complete::{complete, MAX_CHOICES};
use crate::reply::Reply;

async fn autocomplete_topic(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let facts = ctx.data().facts();
    let choices = complete(&facts, partial, MAX_CHOICES)
        .into_iter()
        .map(|n| {
            let (_, t) = facts.get(facts.topic_ref_at(n));
            super::choice(&t.title, t.id.clone())
        })
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// Show everything on record about one topic.
#[poise::command(
    slash_command,
    name_localized("ja", "トピック"),
    description_localized("ja", "一つのトピックについて記録されている全てを表示します")
)]
pub async fn topic(
    ctx: Context<'_>,
    #[description = "Start typing to search topics"]
    #[name_localized("ja", "名前")]
    #[description_localized("ja", "入力してトピックを検索")]
    #[autocomplete = "autocomplete_topic"]
    name: String,
) -> Result<(), Error> {
    let facts = ctx.data().facts();
    let wanted = name.trim();
    let found = facts
        .topic_ref(wanted)
        .or_else(|| {
            facts
                .topics()
                .position(|(_, t)| t.title.eq_ignore_ascii_case(wanted))
                .map(|n| facts.topic_ref_at(n as u32))
        })
        .or_else(|| {
            // Typed without picking a choice: take it as a question, confident matches only.
            facts
                .index()
                .search(wanted)
                .matches
                .first()
                .map(|m| facts.topic_ref_at(m.topic))
        });
    let Some(r) = found else {
        return Err(UserError(format!(
            "I don't know a topic called \"{}\". Pick one from the list as you type, or use `/topics`.",
            embeds::shorten(wanted, 100)
        ))
        .into());
    };
    let answer = Reply::topic_answer(&facts, r, 1.0);
    tracing::info!(command = "topic", topic = %answer.topic, "answered");
    ctx.send(
        poise::CreateReply::default()
            .embed(embeds::topic(&answer, "", true, crate::reply::Lang::En).to_embed()),
    )
    .await?;
    Ok(())
}

/// List the topics I can fact-check.
#[poise::command(
    slash_command,
    name_localized("ja", "トピック一覧"),
    description_localized("ja", "ファクトチェックできるトピックの一覧")
)]
pub async fn topics(ctx: Context<'_>) -> Result<(), Error> {
    let facts = ctx.data().facts();
    let lines: Vec<(String, String)> = facts
        .topics()
        .map(|(_, t)| (t.id.clone(), t.title.clone()))
        .collect();
    let deals: Vec<String> = facts.deals().iter().map(|d| d.title.clone()).collect();
    ctx.send(
        poise::CreateReply::default()
            .embed(embeds::topic_list(&lines, &deals).to_embed())
            .ephemeral(true),
    )
    .await?;
    Ok(())
}
