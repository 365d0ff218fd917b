//! Gateway events: a message that mentions the bot (its user, or its own managed role) is
//! answered in a reply to it; bots (including this one) and messages without such a mention
//! are ignored.

use poise::serenity_prelude as serenity;

use super::{embeds, no_mentions, Data, Error};

pub(super) async fn handle(
    framework: poise::FrameworkContext<'_, Data, Error>,
    event: &serenity::FullEvent,
) -> Result<(), Error> {
    match event {
        serenity::FullEvent::Message { new_message } => mention(framework, new_message).await?,
        serenity::FullEvent::InteractionCreate {
            interaction: serenity::Interaction::Component(press),
        } => super::feedback::press(framework.serenity_context, framework.user_data, press).await?,
        _ => {}
    }
    Ok(())
}

/// The question in a message that mentions the bot: the text without the bot's mentions
/// (of its user, or of its own managed role).
pub fn question_of(content: &str, bot: serenity::UserId, role: Option<serenity::RoleId>) -> String {
    let mut text = content
        .replace(&format!("<@{bot}>"), " ")
        .replace(&format!("<@!{bot}>"), " ");
    if let Some(role) = role {
        text = text.replace(&format!("<@&{role}>"), " ");
    }
    text.trim().to_string()
}

/// The bot's own managed role, if the message mentions it. Discord gives a bot a role named
/// after it when it joins a server, and people often pick that role from the @ list instead
/// of the bot; a mention of any other role is not a mention of the bot.
fn own_role_mentioned(
    cache: &serenity::Cache,
    msg: &serenity::Message,
    bot: serenity::UserId,
) -> Option<serenity::RoleId> {
    if msg.mention_roles.is_empty() {
        return None;
    }
    let guild = cache.guild(msg.guild_id?)?;
    msg.mention_roles.iter().copied().find(|r| {
        guild
            .roles
            .get(r)
            .is_some_and(|role| role.tags.bot_id == Some(bot))
    })
}

async fn mention(
    framework: poise::FrameworkContext<'_, Data, Error>,
    msg: &serenity::Message,
) -> Result<(), Error> {
    let bot = framework.bot_id();
    if msg.author.bot || msg.author.id == bot {
        return Ok(());
    }
    let role = own_role_mentioned(&framework.serenity_context.cache, msg, bot);
    if role.is_none() && !msg.mentions.iter().any(|u| u.id == bot) {
        return Ok(());
    }
    // Over the limit: one notice, then silence (a reply to each would be spam itself).
    let verdict = framework
        .user_data
        .cooldown
        .check(msg.author.id.get(), std::time::Instant::now());
    if verdict != super::cooldown::Verdict::Allow {
        if verdict == super::cooldown::Verdict::Notice {
            let notice = serenity::CreateMessage::new()
                .reference_message(msg)
                .allowed_mentions(no_mentions())
                .content(super::cooldown::SLOW_DOWN);
            msg.channel_id
                .send_message(framework.serenity_context, notice)
                .await?;
        }
        return Ok(());
    }
    let question = question_of(&msg.content, bot, role);
    let reply = serenity::CreateMessage::new()
        .reference_message(msg)
        .allowed_mentions(no_mentions());
    let place = super::Place {
        guild: msg.guild_id.map(|g| g.get()),
        channel: Some(msg.channel_id.get()),
    };
    let (reply, id) = match super::answer(framework.user_data, "mention", &question, place) {
        Ok(answered) => {
            let reply = reply.embed(embeds::reply(&answered.reply).to_embed());
            match answered.id {
                Some(id) => (reply.components(super::feedback::buttons(id)), Some(id)),
                None => (reply, None),
            }
        }
        Err(user) => (
            reply.content(format!(
                "{user}. Mention me with a question, or use `/factcheck`."
            )),
            None,
        ),
    };
    let sent = msg
        .channel_id
        .send_message(framework.serenity_context, reply)
        .await?;
    if let (Some(answer), Some(recorder)) = (id, &framework.user_data.recorder) {
        recorder.delivered(crate::records::Delivery {
            answer,
            channel: sent.channel_id.get(),
            message: sent.id.get(),
            token: None,
            in_place: true,
        });
    }
    Ok(())
}
