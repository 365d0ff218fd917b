//! User errors (shown, ephemeral, saying what to do) versus internal errors (logged with
//! `tracing`, answered with a short generic message).

use poise::serenity_prelude as serenity;

use super::{Data, Error};

/// An error the user can fix. Its text is shown to them as is, ephemerally.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

/// A store refusal as the moderator sees it: a field, conflict or refusal is theirs to fix
/// and shown as is (the message names the field); an I/O failure or a bug stays an internal
/// error, which [`on_error`] logs and answers with [`INTERNAL`]. The one place store errors
/// become user errors.
pub(crate) fn store_error(e: crate::store::EditError) -> Error {
    if e.is_user_error() {
        Box::new(UserError(e.to_string()))
    } else {
        Box::new(e)
    }
}

/// What the user sees when something broke on our side.
pub const INTERNAL: &str = "Something went wrong on my side; it has been logged. Please try again.";

/// What the user sees when a command's options are not what the command takes.
pub const STALE_OPTIONS: &str = "I could not read this command's options (a wrong type, or one missing). Discord may still show an older version of the command: re-type it, or try again in a minute.";

/// What the user sees for a command this bot does not have (an old registration).
pub const UNKNOWN_COMMAND: &str =
    "I don't have that command (any more). Try `/factcheck` or `/topics`.";

/// Answers an interaction that serenity could not parse (it arrives as an unknown event, and
/// poise never sees it: without this the user waits for an answer that never comes). Only
/// commands and form submissions get a message; autocomplete and pings need none.
pub(crate) async fn answer_unparsed(http: &serenity::Http, event: &serenity::UnknownEvent) {
    if event.kind != "INTERACTION_CREATE" {
        return;
    }
    let d = &event.value;
    let kind = d["type"].as_u64();
    let id = d["id"]
        .as_str()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|&n| n > 0);
    let (Some(id), Some(token), Some(2 | 3 | 5)) = (id, d["token"].as_str(), kind) else {
        return;
    };
    tracing::warn!(
        interaction = id,
        "an interaction serenity could not parse; answering with an error"
    );
    let reply = serenity::CreateInteractionResponse::Message(
        serenity::CreateInteractionResponseMessage::new()
            .content(STALE_OPTIONS)
            .ephemeral(true),
    );
    if let Err(e) = http
        .create_interaction_response(serenity::InteractionId::new(id), token, &reply, vec![])
        .await
    {
        tracing::error!(error = %e, "could not answer an unparsed interaction");
    }
}

/// Hands unknown events to [`answer_unparsed`].
pub(crate) struct Unparsed;

#[serenity::async_trait]
impl serenity::RawEventHandler for Unparsed {
    async fn raw_event(&self, ctx: serenity::Context, event: serenity::Event) {
        if let serenity::Event::Unknown(unknown) = event {
            answer_unparsed(&ctx.http, &unknown).await;
        }
    }
}

pub(crate) async fn on_error(error: poise::FrameworkError<'_, Data, Error>) {
    match error {
        poise::FrameworkError::Command { error, ctx, .. } => {
            let text = match error.downcast_ref::<UserError>() {
                Some(user) => user.0.clone(),
                None => {
                    tracing::error!(command = %ctx.command().qualified_name, error = %error, "command failed");
                    INTERNAL.to_string()
                }
            };
            let reply = poise::CreateReply::default()
                .content(text)
                .ephemeral(true)
                .allowed_mentions(super::no_mentions());
            if let Err(e) = ctx.send(reply).await {
                tracing::error!(error = %e, "could not send the error reply");
            }
        }
        poise::FrameworkError::ArgumentParse {
            error, ctx, input, ..
        } => {
            tracing::debug!(%error, ?input, "argument parse");
            let reply = poise::CreateReply::default()
                .content(format!("I could not read that input: {error}"))
                .ephemeral(true);
            let _ = ctx.send(reply).await;
        }
        poise::FrameworkError::CommandPanic { ctx, payload, .. } => {
            tracing::error!(command = %ctx.command().qualified_name, ?payload, "command panicked");
            let reply = poise::CreateReply::default()
                .content(INTERNAL)
                .ephemeral(true);
            let _ = ctx.send(reply).await;
        }
        poise::FrameworkError::CommandStructureMismatch {
            description, ctx, ..
        } => {
            // Options of an unexpected type or missing: often a command Discord still holds
            // in an older shape. Say so, instead of leaving the user with "did not respond".
            tracing::warn!(command = %ctx.command().qualified_name, description, "options do not fit the command");
            let reply = poise::CreateReply::default()
                .content(STALE_OPTIONS)
                .ephemeral(true);
            if let Err(e) = poise::Context::Application(ctx).send(reply).await {
                tracing::error!(error = %e, "could not send the error reply");
            }
        }
        poise::FrameworkError::UnknownInteraction {
            framework,
            interaction,
            ..
        } => {
            tracing::warn!(command = %interaction.data.name, "interaction for a command this bot does not have");
            let reply = serenity::CreateInteractionResponse::Message(
                serenity::CreateInteractionResponseMessage::new()
                    .content(UNKNOWN_COMMAND)
                    .ephemeral(true),
            );
            if let Err(e) = interaction
                .create_response(framework.serenity_context, reply)
                .await
            {
                tracing::error!(error = %e, "could not send the error reply");
            }
        }
        poise::FrameworkError::EventHandler { error, event, .. } => {
            tracing::error!(error = %error, event = event.snake_case_name(), "event handler failed");
        }
        other => {
            if let Err(e) = poise::builtins::on_error(other).await {
                tracing::error!(error = %e, "error while handling an error");
            }
        }
    }
}
