//! "Was this what you asked?": the *Helpful* and *Not what I asked* buttons every answer
//! carries, and their presses. The custom id carries the answer's record id, so buttons keep
//! working after a restart; a press counts once per user per reply (a keyed hash of the user
//! id, never the id) and is answered ephemerally.

use poise::serenity_prelude as serenity;

use super::Data;
use crate::records::Vote;

const PREFIX: &str = "dealcheck:vote:";

/// The two buttons for the answer recorded as `id`.
pub fn buttons(id: i64) -> Vec<serenity::CreateActionRow> {
    vec![serenity::CreateActionRow::Buttons(vec![
        serenity::CreateButton::new(format!("{PREFIX}{id}:yes"))
            .label("Helpful")
            .style(serenity::ButtonStyle::Secondary),
        serenity::CreateButton::new(format!("{PREFIX}{id}:no"))
            .label("Not what I asked")
            .style(serenity::ButtonStyle::Secondary),
    ])]
}

/// The record id and the verdict (`true`: helpful) a button's custom id carries.
pub fn parse(custom_id: &str) -> Option<(i64, bool)> {
    let (id, verdict) = custom_id.strip_prefix(PREFIX)?.split_once(':')?;
    let helpful = match verdict {
        "yes" => true,
        "no" => false,
        _ => return None,
    };
    Some((id.parse().ok()?, helpful))
}

/// What the presser is told.
fn thanks(vote: Result<Vote, String>, helpful: bool, retention_days: u32) -> String {
    match vote {
        Ok(Vote::Counted) if helpful => "Thanks, noted: this answer helped.".into(),
        Ok(Vote::Counted) => "Thanks, noted: this was not what you asked. Moderators will see the question in their list of gaps.".into(),
        Ok(Vote::Already) => "You already gave feedback on this answer; thanks.".into(),
        Ok(Vote::Expired) => format!("This answer is older than {retention_days} days, so feedback on it is closed. Ask again for a fresh answer."),
        Err(_) => "Sorry, I could not record that just now; please try again later.".into(),
    }
}

/// Handles a button press (ours; other components are ignored).
pub(super) async fn press(
    ctx: &serenity::Context,
    data: &Data,
    press: &serenity::ComponentInteraction,
) -> Result<(), super::Error> {
    let Some((answer, helpful)) = parse(&press.data.custom_id) else {
        return Ok(());
    };
    let retention = data.config.records.retention_days;
    let records = data.records.clone();
    let user = press.user.id.get();
    let vote = tokio::task::spawn_blocking(move || {
        let now = crate::records::now();
        let since = now - i64::from(retention) * 86_400;
        records.vote(answer, &records.voter(user), helpful, now, since)
    })
    .await
    .map_err(|e| e.to_string())
    .and_then(|v| v.map_err(|e| e.to_string()));
    if let Err(e) = &vote {
        tracing::error!(error = %e, answer, "cannot record feedback");
    }
    let message = serenity::CreateInteractionResponseMessage::new()
        .ephemeral(true)
        .content(thanks(vote, helpful, retention));
    press
        .create_response(ctx, serenity::CreateInteractionResponse::Message(message))
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_round_trip_and_others_are_not_ours() {
        assert_eq!(parse("dealcheck:vote:1834:yes"), Some((1834, true)));
        assert_eq!(parse("dealcheck:vote:7:no"), Some((7, false)));
        assert_eq!(parse("dealcheck:vote:7:maybe"), None);
        assert_eq!(parse("fact-modal-7"), None);
        let rows = buttons(42);
        let json = serde_json::to_value(&rows).unwrap();
        assert_eq!(
            json[0]["components"][1]["custom_id"],
            "dealcheck:vote:42:no"
        );
    }
}
