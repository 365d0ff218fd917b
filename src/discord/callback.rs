//! The first reply to a command, asking Discord for the message it posts
//! (`POST /interactions/{id}/{token}/callback?with_response=true`): the reply's channel and
//! message id come back with the callback itself, so keeping the reply up to date costs no
//! second request.

use poise::serenity_prelude as serenity;
use serde::Deserialize;
use serenity::http::{LightMethod, Request, Route};

/// Where Discord posted a reply.
#[derive(Debug, Clone, Copy)]
pub struct Posted {
    /// The channel.
    pub channel: u64,
    /// The reply's message id.
    pub message: u64,
}

/// Discord's interaction callback response; only the posted message is read.
#[derive(Deserialize)]
struct CallbackResponse {
    resource: Option<Resource>,
}

#[derive(Deserialize)]
struct Resource {
    message: Option<Message>,
}

#[derive(Deserialize)]
struct Message {
    id: serenity::MessageId,
    channel_id: serenity::ChannelId,
}

/// Sends `response` as the interaction's first reply; returns where the message went, if
/// Discord said (a response type that posts no message, or an older API, says nothing).
pub async fn respond(
    http: &serenity::Http,
    interaction: &serenity::CommandInteraction,
    response: &serenity::CreateInteractionResponse,
) -> Result<Option<Posted>, serenity::Error> {
    let route = Route::InteractionResponse {
        interaction_id: interaction.id,
        token: &interaction.token,
    };
    let request = Request::new(route, LightMethod::Post)
        .body(Some(serde_json::to_vec(response)?))
        .params(Some(vec![("with_response", "true".to_string())]));
    let answer: CallbackResponse = http.fire(request).await?;
    Ok(answer.resource.and_then(|r| r.message).map(|m| Posted {
        channel: m.channel_id.get(),
        message: m.id.get(),
    }))
}
