//! User errors (shown, ephemeral, saying what to do) versus internal errors (logged with
//! `tracing`, answered with a short generic message).

use super::{Data, Error};

/// An error the user can fix. Its text is shown to them as is, ephemerally.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

/// What the user sees when something broke on our side.
pub const INTERNAL: &str = "Something went wrong on my side; it has been logged. Please try again.";

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
