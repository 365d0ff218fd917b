//! Forms (Discord modals) for long text: show one, wait for the submission, answer it.

use std::collections::HashMap;
use std::time::Duration;

use poise::serenity_prelude as serenity;
use serenity::futures::StreamExt as _;

use super::{embeds, no_mentions, Context, Error, UserError};

/// How long a modal waits for the moderator (Discord's interaction tokens last 15 minutes).
const MODAL_TIMEOUT: Duration = Duration::from_secs(14 * 60);

/// One text input of a modal: (custom id, label, initial value, max length, long text).
pub struct Input<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub value: String,
    pub max: u16,
    pub long: bool,
    pub required: bool,
}

/// Shows a modal and waits for its submission; `None` if the moderator closed it. The
/// submission is answered with `text(values)` (ephemeral), or an error message.
pub async fn modal<F>(
    ctx: Context<'_>,
    title: &str,
    inputs: Vec<Input<'_>>,
    then: F,
) -> Result<(), Error>
where
    F: AsyncFnOnce(HashMap<String, String>) -> Result<String, Error>,
{
    let poise::Context::Application(app) = ctx else {
        return Err(UserError("This command only works as a slash command.".into()).into());
    };
    let custom_id = format!("fact-modal-{}", app.interaction.id);
    let rows = inputs
        .iter()
        .map(|i| {
            let style = if i.long {
                serenity::InputTextStyle::Paragraph
            } else {
                serenity::InputTextStyle::Short
            };
            let mut input = serenity::CreateInputText::new(style, i.label, i.id)
                .max_length(i.max)
                .required(i.required);
            if !i.value.is_empty() {
                input = input.value(i.value.clone());
            }
            serenity::CreateActionRow::InputText(input)
        })
        .collect();
    let modal =
        serenity::CreateModal::new(custom_id.clone(), embeds::shorten(title, 45)).components(rows);
    // Listen before showing the form, so that a quick submission cannot slip past.
    let filter_id = custom_id.clone();
    let mut submissions = serenity::ModalInteractionCollector::new(ctx.serenity_context())
        .filter(move |m| m.data.custom_id == filter_id)
        .timeout(MODAL_TIMEOUT)
        .stream();
    app.interaction
        .create_response(ctx, serenity::CreateInteractionResponse::Modal(modal))
        .await?;
    app.has_sent_initial_response
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let opener = app.interaction.user.id;
    let submit = loop {
        let Some(submit) = submissions.next().await else {
            return Ok(());
        };
        let values = values_of(&submit);
        // The form is tied to whoever opened it, and they must still be a moderator.
        let refusal = if submit.user.id != opener {
            Some("This form was opened by someone else; nothing was saved. Open your own with `/fact`.")
        } else if !is_moderator(ctx, submit.member.as_ref()) {
            Some("Only moderators can change facts; nothing was saved.")
        } else {
            None
        };
        match refusal {
            Some(why) => {
                tracing::warn!(user = %submit.user.id, opener = %opener, "form submission refused");
                respond(ctx, &submit, &with_typed_text(why, &inputs, &values)).await?;
                if submit.user.id == opener {
                    return Ok(());
                }
            }
            None => break (submit, values),
        }
    };
    let (submit, values) = submit;
    let text = match then(values.clone()).await {
        Ok(text) => text,
        Err(e) => match e.downcast::<UserError>() {
            // A refusal after the form: give the typed text back so it is not lost.
            Ok(user) => with_typed_text(&user.0, &inputs, &values),
            Err(e) => {
                tracing::error!(error = %e, "fact change failed");
                with_typed_text(super::errors::INTERNAL, &inputs, &values)
            }
        },
    };
    respond(ctx, &submit, &text).await
}

/// The text inputs of a submission, by custom id.
fn values_of(submit: &serenity::ModalInteraction) -> HashMap<String, String> {
    let mut values = HashMap::new();
    for row in &submit.data.components {
        for c in &row.components {
            if let serenity::ActionRowComponent::InputText(t) = c {
                values.insert(t.custom_id.clone(), t.value.clone().unwrap_or_default());
            }
        }
    }
    values
}

/// Whether the member who submitted may still change facts (the role may have been removed
/// while the form was open).
fn is_moderator(ctx: Context<'_>, member: Option<&serenity::Member>) -> bool {
    member.is_some_and(|m| {
        super::checks::is_moderator(&ctx.data().config.moderation, &m.roles, m.permissions)
    })
}

/// `message`, then what the moderator typed in the form's inputs, in code blocks to copy.
fn with_typed_text(
    message: &str,
    inputs: &[Input<'_>],
    values: &HashMap<String, String>,
) -> String {
    let mut out = message.to_string();
    let typed: Vec<(&str, &str)> = inputs
        .iter()
        .filter_map(|i| values.get(i.id).map(|v| (i.label, v.as_str())))
        .filter(|(_, v)| !v.trim().is_empty())
        .collect();
    if !typed.is_empty() {
        out.push_str("\n\nWhat you typed, to copy:");
        for (label, value) in typed {
            // A fence inside the text would end the block early.
            let value = value.replace("```", "`\u{200b}``");
            out.push_str(&format!("\n{label}:\n```\n{value}\n```"));
        }
    }
    out
}

/// Answers a form submission ephemerally, within Discord's 2,000 characters.
async fn respond(
    ctx: Context<'_>,
    submit: &serenity::ModalInteraction,
    text: &str,
) -> Result<(), Error> {
    submit
        .create_response(
            ctx,
            serenity::CreateInteractionResponse::Message(
                serenity::CreateInteractionResponseMessage::new()
                    .content(embeds::shorten(text, 2000))
                    .ephemeral(true)
                    .allowed_mentions(no_mentions()),
            ),
        )
        .await?;
    Ok(())
}

pub fn value(values: &HashMap<String, String>, id: &str) -> String {
    values.get(id).cloned().unwrap_or_default()
}
