//! The gap queue for moderators: `/fact gaps` lists what the bot could not answer well (with
//! the feedback on those answers), `/fact teach` makes a gap question an example of a topic
//! (through the store: validated, saved, logged, served at once) and `/fact dismiss` takes
//! one off the list.

use poise::serenity_prelude as serenity;

use super::fact::{actor, apply, say};
use super::fact_complete::ac_topic;
use crate::discord::checks::require_moderator;
use crate::discord::recording::write;
use crate::discord::{Context, Error};
use crate::records::Gap;
use crate::store::Edit;

/// Gaps per page of `/fact gaps`.
const PAGE: usize = 10;

/// Questions the bot could not answer well, most asked first (with the closest topic).
#[poise::command(slash_command)]
pub async fn gaps(
    ctx: Context<'_>,
    #[description = "Look back this many days (default 7)"]
    #[min = 1]
    #[max = 365]
    days: Option<u32>,
    #[description = "Page (default 1)"]
    #[min = 1]
    #[max = 50]
    page: Option<u32>,
) -> Result<(), Error> {
    require_moderator(ctx).await?;
    if !ctx.data().config.records.enabled {
        return say(
            ctx,
            "Answers are not recorded here (`records.enabled = false`), so there is no gap queue.",
        )
        .await;
    }
    let (days, page) = (days.unwrap_or(7), page.unwrap_or(1) as usize);
    let gaps = list(ctx, days, PAGE * page).await?;
    say(ctx, gaps_text(&gaps, days, page)).await
}

async fn list(ctx: Context<'_>, days: u32, limit: usize) -> Result<Vec<Gap>, Error> {
    let records = ctx.data().records.clone();
    let since = crate::records::now() - i64::from(days) * 86_400;
    Ok(tokio::task::spawn_blocking(move || records.gaps(since, limit)).await??)
}

/// One page of the gap queue as a moderator reads it.
fn gaps_text(gaps: &[Gap], days: u32, page: usize) -> String {
    let shown = gaps.iter().enumerate().skip(PAGE * (page - 1));
    let mut text = String::new();
    for (n, g) in shown {
        let closest = g
            .closest
            .as_deref()
            .map(|t| format!(" (closest: `{t}`)"))
            .unwrap_or_default();
        let feedback = if g.helpful + g.not_helpful > 0 {
            format!(
                " · helpful {}, not what I asked {}",
                g.helpful, g.not_helpful
            )
        } else {
            String::new()
        };
        text.push_str(&format!(
            "{}. {}× \"{}\"{closest}{feedback}\n",
            n + 1,
            g.count,
            g.question
        ));
    }
    if text.is_empty() {
        return match page {
            1 => format!("No unanswered questions in the last {days} day(s)."),
            _ => format!("No page {page}: the last {days} day(s) have fewer gaps."),
        };
    }
    let more = if gaps.len() == PAGE * page {
        format!("\nMore: `/fact gaps page:{}`.", page + 1)
    } else {
        String::new()
    };
    format!(
        "Unanswered or unsure, last {days} day(s), most asked first (page {page}):\n{text}Teach one with `/fact teach`, or `/fact dismiss` it.{more}"
    )
}

/// The gap questions of the last 30 days that contain `partial`.
async fn ac_gap(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    let partial = partial.trim().to_lowercase();
    let gaps = list(ctx, 30, 100).await.unwrap_or_default();
    let choices = gaps
        .into_iter()
        .filter(|g| g.question.contains(&partial))
        .take(25)
        .filter(|g| g.question.len() <= 100)
        .map(|g| super::choice(&format!("{}× {}", g.count, g.question), g.question))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// Teach the bot a question from the gap list: it becomes an example of a topic.
#[poise::command(slash_command)]
pub async fn teach(
    ctx: Context<'_>,
    #[description = "The question, from /fact gaps"]
    #[autocomplete = "ac_gap"]
    question: String,
    #[description = "The topic it should answer"]
    #[autocomplete = "ac_topic"]
    topic: String,
) -> Result<(), Error> {
    require_moderator(ctx).await?;
    let example = question.trim().to_string();
    let edit = Edit::AddExample {
        topic,
        example: example.clone(),
    };
    let summary = apply(ctx, move |store, who| store.apply(edit, who)).await?;
    settle(ctx, &example).await;
    say(
        ctx,
        format!("Saved: {summary}. The question now answers that topic."),
    )
    .await
}

/// Take a question off the gap list without teaching it.
#[poise::command(slash_command)]
pub async fn dismiss(
    ctx: Context<'_>,
    #[description = "The question, from /fact gaps"]
    #[autocomplete = "ac_gap"]
    question: String,
) -> Result<(), Error> {
    require_moderator(ctx).await?;
    settle(ctx, question.trim()).await;
    let who = actor(ctx).name;
    tracing::info!(user = %who, "gap dismissed");
    say(
        ctx,
        format!("Dismissed: \"{}\" is off the gap list.", question.trim()),
    )
    .await
}

/// Takes a question (as the gap queue normalizes it) off the list, for its asks so far.
async fn settle(ctx: Context<'_>, question: &str) {
    let question = crate::records::normalize_question(question);
    let at = crate::records::now();
    let records = &ctx.data().records;
    write(records, "a settled gap", move |r| r.settle(&question, at)).await;
}
