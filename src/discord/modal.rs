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
    let Some(submit) = submissions.next().await else {
        return Ok(());
    };
    let mut values = HashMap::new();
    for row in &submit.data.components {
        for c in &row.components {
            if let serenity::ActionRowComponent::InputText(t) = c {
                values.insert(t.custom_id.clone(), t.value.clone().unwrap_or_default());
            }
        }
    }
    let text = match then(values).await {
        Ok(text) => text,
        Err(e) => match e.downcast::<UserError>() {
            Ok(user) => user.0,
            Err(e) => {
                tracing::error!(error = %e, "fact change failed");
                super::errors::INTERNAL.to_string()
            }
        },
    };
    submit
        .create_response(
            ctx,
            serenity::CreateInteractionResponse::Message(
                serenity::CreateInteractionResponseMessage::new()
                    .content(embeds::shorten(&text, 2000))
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
