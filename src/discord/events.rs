//! Gateway events: a message that mentions the bot is answered in a reply to it. Bots
//! (including this one) and messages without a mention are ignored.

use poise::serenity_prelude as serenity;

use super::{embeds, no_mentions, Data, Error};

pub(super) async fn handle(
    framework: poise::FrameworkContext<'_, Data, Error>,
    event: &serenity::FullEvent,
) -> Result<(), Error> {
    if let serenity::FullEvent::Message { new_message } = event {
        mention(framework, new_message).await?;
    }
    Ok(())
}

/// The question in a message that mentions the bot: the text without the bot's mentions.
pub fn question_of(content: &str, bot: serenity::UserId) -> String {
    content
        .replace(&format!("<@{bot}>"), " ")
        .replace(&format!("<@!{bot}>"), " ")
        .trim()
        .to_string()
}

async fn mention(
    framework: poise::FrameworkContext<'_, Data, Error>,
    msg: &serenity::Message,
) -> Result<(), Error> {
    let bot = framework.bot_id();
    if msg.author.bot || msg.author.id == bot || !msg.mentions.iter().any(|u| u.id == bot) {
        return Ok(());
    }
    let question = question_of(&msg.content, bot);
    let reply = serenity::CreateMessage::new()
        .reference_message(msg)
        .allowed_mentions(no_mentions());
    let reply = match super::answer(framework.user_data, "mention", &question) {
        Ok(answer) => reply.embed(embeds::reply(&answer).to_embed()),
        Err(user) => reply.content(format!(
            "{user}. Mention me with a question, or use `/factcheck`."
        )),
    };
    msg.channel_id
        .send_message(framework.serenity_context, reply)
        .await?;
    Ok(())
}
