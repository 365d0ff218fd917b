//! `/factcheck question:` and the "Fact-check this message" context-menu command.

use poise::serenity_prelude as serenity;

use crate::discord::{answer, send_answer, Context, Error, Place, UserError};

/// Refuses (ephemerally) a member over the per-minute limit.
fn cooled(ctx: Context<'_>) -> Result<(), UserError> {
    let verdict = ctx
        .data()
        .cooldown
        .check(ctx.author().id.get(), std::time::Instant::now());
    match verdict {
        crate::discord::cooldown::Verdict::Allow => Ok(()),
        _ => Err(UserError(crate::discord::cooldown::SLOW_DOWN.into())),
    }
}

/// Where a command was run.
fn place(ctx: Context<'_>) -> Place {
    Place {
        guild: ctx.guild_id().map(|g| g.get()),
        channel: Some(ctx.channel_id().get()),
    }
}

/// Fact-check a claim or question about a deal.
#[poise::command(
    slash_command,
    name_localized("ja", "ファクトチェック"),
    description_localized("ja", "合意についての主張や質問をファクトチェックします")
)]
pub async fn factcheck(
    ctx: Context<'_>,
    #[description = "The claim or question, e.g. \"is Japan's $550 billion a loan?\""]
    #[name_localized("ja", "質問")]
    #[description_localized("ja", "主張または質問（例：「5500億ドルは融資なの？」）")]
    question: String,
) -> Result<(), Error> {
    cooled(ctx)?;
    let answered = answer(ctx.data(), "factcheck", &question, place(ctx))?;
    send_answer(ctx, answered, false).await
}

/// Fact-check the text of a message.
#[poise::command(
    context_menu_command = "Fact-check this message",
    name_localized("ja", "このメッセージをファクトチェック")
)]
pub async fn factcheck_message(
    ctx: Context<'_>,
    #[description = "The message to check"] msg: serenity::Message,
) -> Result<(), Error> {
    if msg.content.trim().is_empty() {
        return Err(UserError("That message has no text I can check.".into()).into());
    }
    cooled(ctx)?;
    let answered = answer(ctx.data(), "factcheck_message", &msg.content, place(ctx))?;
    send_answer(ctx, answered, true).await
}
