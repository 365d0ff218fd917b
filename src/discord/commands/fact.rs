//! `/fact`: moderator fact updates. Every subcommand checks the caller on the server side,
//! replies ephemerally with what changed, and goes through the store (the single writer):
//! validated, saved atomically, logged, then served at once.

use super::fact_complete::{ac_party, ac_source, ac_statement, ac_status, ac_topic};
use crate::discord::checks::require_moderator;
use crate::discord::errors::store_error;
use crate::discord::modal::{modal, value, Input};
use crate::discord::{embeds, Context, Error, UserError};
use crate::store::{self, Actor, Applied, Edit, EditError, NewStatement};

/// Longest statement text a form accepts (the fact-file rule).
const TEXT_MAX: u16 = crate::facts::validate::MAX_TEXT_CHARS as u16;
/// Longest title a form accepts (the fact-file rule).
const SHORT_MAX: u16 = crate::facts::validate::MAX_SHORT_CHARS as u16;
/// History lines shown by `/fact history`.
const HISTORY_LINES: usize = 15;

/// Change the fact base (moderators only).
#[poise::command(
    slash_command,
    guild_only,
    subcommands(
        "add",
        "add_topic",
        "edit",
        "retract",
        "history",
        "revert",
        "reload",
        "super::gaps::gaps",
        "super::gaps::teach",
        "super::gaps::dismiss"
    ),
    subcommand_required
)]
pub async fn fact(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

pub(super) fn actor(ctx: Context<'_>) -> Actor {
    Actor {
        user_id: ctx.author().id.get(),
        name: ctx.author().name.clone(),
    }
}

/// Runs a store change off the async runtime (it fsyncs) and turns its errors into
/// messages for the moderator.
pub(super) async fn apply(
    ctx: Context<'_>,
    op: impl FnOnce(&store::Store, &Actor) -> Result<Applied, EditError> + Send + 'static,
) -> Result<String, Error> {
    let store = ctx.data().store.clone();
    let who = actor(ctx);
    let result = tokio::task::spawn_blocking(move || op(&store, &who)).await?;
    match result {
        Ok(applied) => {
            tracing::info!(change = applied.change, user = %ctx.author().id, "fact change saved: {}", applied.summary);
            Ok(applied.summary)
        }
        Err(e) => Err(store_error(e)),
    }
}

/// Stands in for the text a moderator has not typed yet, when the options are checked before
/// the form is shown.
const NOT_YET_TYPED: &str = "(the text typed in the form)";

/// Checks a change's options before the form opens, so that a refusal never costs the
/// moderator the text they typed. The store checks everything again when the form is sent.
async fn precheck(ctx: Context<'_>, edit: Edit) -> Result<(), Error> {
    let store = ctx.data().store.clone();
    tokio::task::spawn_blocking(move || store.check(edit))
        .await?
        .map_err(store_error)
}

/// The form's statement text input.
fn text_input(value: String) -> Input<'static> {
    Input {
        id: "text",
        label: "Statement text",
        value,
        max: TEXT_MAX,
        long: true,
        required: true,
    }
}

/// The form's quote input: the source's exact words, checked against its archived text.
fn quote_input(value: String) -> Input<'static> {
    Input {
        id: "quote",
        label: "Exact words of the source (quote)",
        value,
        max: TEXT_MAX,
        long: true,
        required: false,
    }
}

/// Replies ephemerally (the first response to the command).
pub(super) async fn say(ctx: Context<'_>, text: impl Into<String>) -> Result<(), Error> {
    ctx.send(
        poise::CreateReply::default()
            .content(embeds::shorten(&text.into(), 2000))
            .ephemeral(true),
    )
    .await?;
    Ok(())
}

/// Add a statement to a topic (the text is typed in a form).
#[poise::command(slash_command)]
#[allow(clippy::too_many_arguments)]
pub async fn add(
    ctx: Context<'_>,
    #[description = "Topic to add the statement to"]
    #[autocomplete = "ac_topic"]
    topic: String,
    #[description = "announced, clarified or under_negotiation"]
    #[autocomplete = "ac_status"]
    status: String,
    #[description = "Who said it (person or office)"] speaker: String,
    #[description = "The side it speaks for, or neither"]
    #[autocomplete = "ac_party"]
    party: String,
    #[description = "An existing source"]
    #[autocomplete = "ac_source"]
    source: Option<String>,
    #[description = "Or a new source: how to cite it"] source_title: Option<String>,
    #[description = "The new source's link (http or https)"] source_url: Option<String>,
    #[description = "Statement id (generated when left out)"] id: Option<String>,
    #[description = "The other side's statement this one answers"]
    #[autocomplete = "ac_statement"]
    responds_to: Option<String>,
    #[description = "When it was said (YYYY-MM-DD), only if the source gives it"] said_on: Option<
        String,
    >,
) -> Result<(), Error> {
    require_moderator(ctx).await?;
    let facts = ctx.data().facts();
    let status = store::parse_status(&status).map_err(store_error)?;
    let source = store::source_choice(&facts, &topic, source, source_title, source_url)
        .map_err(store_error)?;
    if facts.topic(&topic).is_none() {
        return Err(UserError(format!(
            "unknown `topic` `{topic}`: pick one from the list as you type"
        ))
        .into());
    }
    let draft = |text: &str, quote: Option<String>| NewStatement {
        id: id.clone(),
        status,
        text: text.to_string(),
        speaker: speaker.clone(),
        party: party.clone(),
        source: source.clone(),
        quote,
        responds_to: responds_to.clone(),
        said_on: said_on.clone(),
    };
    precheck(
        ctx,
        Edit::AddStatement {
            topic: topic.clone(),
            statement: draft(NOT_YET_TYPED, None),
        },
    )
    .await?;
    let title = format!("Add to {topic}");
    let inputs = vec![text_input(String::new()), quote_input(String::new())];
    modal(ctx, &title, inputs, async move |values| {
        let statement = draft(&value(&values, "text"), Some(value(&values, "quote")));
        apply(ctx, move |store, who| {
            store.apply(Edit::AddStatement { topic, statement }, who)
        })
        .await
    })
    .await
}

/// Add a topic with its first statement (title and text are typed in a form).
#[poise::command(slash_command, rename = "add-topic")]
#[allow(clippy::too_many_arguments)]
pub async fn add_topic(
    ctx: Context<'_>,
    #[description = "New topic id: lowercase letters, digits and dashes"] id: String,
    #[description = "announced, clarified or under_negotiation (first statement)"]
    #[autocomplete = "ac_status"]
    status: String,
    #[description = "Who said it (first statement)"] speaker: String,
    #[description = "The side it speaks for, or neither"]
    #[autocomplete = "ac_party"]
    party: String,
    #[description = "An existing source"]
    #[autocomplete = "ac_source"]
    source: Option<String>,
    #[description = "Or a new source: how to cite it"] source_title: Option<String>,
    #[description = "The new source's link (http or https)"] source_url: Option<String>,
    #[description = "Deal id (needed only when there are several deals)"] deal: Option<String>,
) -> Result<(), Error> {
    require_moderator(ctx).await?;
    let facts = ctx.data().facts();
    let status = store::parse_status(&status).map_err(store_error)?;
    let deal = match deal {
        Some(d) => d,
        None if facts.deals().len() == 1 => facts.deals()[0].id.clone(),
        None => {
            return Err(UserError("`deal` is required when there are several deals".into()).into())
        }
    };
    let Some(any_topic) = facts
        .deals()
        .iter()
        .find(|d| d.id == deal)
        .and_then(|d| d.topics.first())
    else {
        return Err(UserError(format!("unknown `deal` `{deal}`")).into());
    };
    let source = store::source_choice(
        &facts,
        &any_topic.id.clone(),
        source,
        source_title,
        source_url,
    )
    .map_err(store_error)?;
    let draft = |title: &str, aliases: Vec<String>, text: &str| Edit::AddTopic {
        deal: deal.clone(),
        id: id.clone(),
        title: title.to_string(),
        aliases,
        first: NewStatement {
            id: None,
            status,
            text: text.to_string(),
            speaker: speaker.clone(),
            party: party.clone(),
            source: source.clone(),
            quote: None,
            responds_to: None,
            said_on: None,
        },
    };
    precheck(ctx, draft(NOT_YET_TYPED, Vec::new(), NOT_YET_TYPED)).await?;
    let inputs = vec![
        Input {
            id: "title",
            label: "Topic title (the question)",
            value: String::new(),
            max: SHORT_MAX,
            long: false,
            required: true,
        },
        Input {
            id: "aliases",
            label: "Match terms, comma-separated",
            value: String::new(),
            max: TEXT_MAX,
            long: false,
            required: false,
        },
        Input {
            id: "text",
            label: "First statement text",
            value: String::new(),
            max: TEXT_MAX,
            long: true,
            required: true,
        },
    ];
    modal(ctx, "New topic", inputs, async move |values| {
        let aliases = value(&values, "aliases")
            .split(',')
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect();
        let edit = draft(&value(&values, "title"), aliases, &value(&values, "text"));
        apply(ctx, move |store, who| store.apply(edit, who)).await
    })
    .await
}

/// Edit a statement: its text in a form, and optionally status or attribution.
#[poise::command(slash_command)]
#[allow(clippy::too_many_arguments)]
pub async fn edit(
    ctx: Context<'_>,
    #[description = "Statement to edit"]
    #[autocomplete = "ac_statement"]
    statement: String,
    #[description = "New status"]
    #[autocomplete = "ac_status"]
    status: Option<String>,
    #[description = "New speaker"] speaker: Option<String>,
    #[description = "New party"]
    #[autocomplete = "ac_party"]
    party: Option<String>,
    #[description = "New source (an existing one)"]
    #[autocomplete = "ac_source"]
    source: Option<String>,
    #[description = "The other side's statement this one answers (none: remove the link)"]
    #[autocomplete = "ac_statement"]
    responds_to: Option<String>,
    #[description = "When it was said, YYYY-MM-DD (none: remove)"] said_on: Option<String>,
) -> Result<(), Error> {
    require_moderator(ctx).await?;
    let facts = ctx.data().facts();
    let current = store::current_statement(&facts, &statement).map_err(store_error)?;
    let current_quote = current.quote.clone().unwrap_or_default();
    // "none" removes an optional field (Discord sends no empty option).
    let cleared = |v: Option<String>| v.map(|v| if v.trim() == "none" { String::new() } else { v });
    let (responds_to, said_on) = (cleared(responds_to), cleared(said_on));
    let status = status
        .as_deref()
        .map(store::parse_status)
        .transpose()
        .map_err(store_error)?;
    // The revision the moderator sees now: if someone else saves first, this edit conflicts.
    let base_revision = store::revision(current);
    let current_text = current.text.clone();
    let draft = |text: Option<String>, quote: Option<String>| Edit::EditStatement {
        id: statement.clone(),
        base_revision: base_revision.clone(),
        text,
        status,
        speaker: speaker.clone(),
        party: party.clone(),
        source: source.clone(),
        quote,
        responds_to: responds_to.clone(),
        said_on: said_on.clone(),
    };
    precheck(ctx, draft(Some(NOT_YET_TYPED.into()), None)).await?;
    let inputs = vec![
        text_input(current_text.clone()),
        quote_input(current_quote.clone()),
    ];
    modal(
        ctx,
        &format!("Edit {statement}"),
        inputs,
        async move |values| {
            let text = value(&values, "text");
            let quote = value(&values, "quote");
            let edit = draft(
                (text != current_text).then_some(text),
                (quote.trim() != current_quote).then_some(quote),
            );
            apply(ctx, move |store, who| store.apply(edit, who)).await
        },
    )
    .await
}

/// Retract a statement: no longer served, kept in the history.
#[poise::command(slash_command)]
pub async fn retract(
    ctx: Context<'_>,
    #[description = "Statement to retract"]
    #[autocomplete = "ac_statement"]
    statement: String,
) -> Result<(), Error> {
    require_moderator(ctx).await?;
    let facts = ctx.data().facts();
    let current = store::current_statement(&facts, &statement).map_err(store_error)?;
    let base_revision = store::revision(current);
    let summary = apply(ctx, move |store, who| {
        store.apply(
            Edit::Retract {
                id: statement,
                base_revision,
            },
            who,
        )
    })
    .await?;
    say(ctx, summary).await
}

/// Show the change history of a topic or statement.
#[poise::command(slash_command)]
pub async fn history(
    ctx: Context<'_>,
    #[description = "Topic or statement id"]
    #[autocomplete = "ac_topic"]
    id: String,
) -> Result<(), Error> {
    require_moderator(ctx).await?;
    let store = ctx.data().store.clone();
    let wanted = id.clone();
    let entries =
        tokio::task::spawn_blocking(move || store.history(&wanted, HISTORY_LINES)).await??;
    if entries.is_empty() {
        return say(ctx, format!("No recorded changes to `{id}`.")).await;
    }
    let mut text = format!("Changes to `{id}` (oldest first):\n");
    for e in &entries {
        let what = e.statement.as_deref().unwrap_or(&e.topic);
        let reverts = e
            .reverts
            .map(|n| format!(" (reverts #{n})"))
            .unwrap_or_default();
        text.push_str(&format!(
            "#{} {} {} `{}` by {} ({}){}\n",
            e.change, e.at, e.action, what, e.user, e.user_id, reverts
        ));
    }
    text.push_str("Undo one with `/fact revert change:N`.");
    say(ctx, text).await
}

/// Undo a change by its number (from /fact history).
#[poise::command(slash_command)]
pub async fn revert(
    ctx: Context<'_>,
    #[description = "Change number, from /fact history"]
    #[min = 1]
    change: u64,
) -> Result<(), Error> {
    require_moderator(ctx).await?;
    let summary = apply(ctx, move |store, who| store.revert(change, who)).await?;
    say(ctx, summary).await
}

/// Reload the fact files from disk (after a git pull).
#[poise::command(slash_command)]
pub async fn reload(ctx: Context<'_>) -> Result<(), Error> {
    require_moderator(ctx).await?;
    let store = ctx.data().store.clone();
    match tokio::task::spawn_blocking(move || store.reload()).await? {
        Ok(facts) => {
            say(
                ctx,
                format!(
                    "Reloaded: {} deal(s), {} topics, {} statements now served.",
                    facts.deals().len(),
                    facts.topic_count(),
                    facts.statement_count()
                ),
            )
            .await
        }
        Err(e) => {
            tracing::error!(error = %e, "reload refused");
            say(
                ctx,
                format!("Reload refused; still serving the last good fact base. Problems:\n{e}"),
            )
            .await
        }
    }
}
