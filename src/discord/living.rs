//! Living answers: when a moderator's change (or a reload) alters statements that earlier
//! replies showed, those replies are brought up to date, newest first, at most
//! `updates.max_edits` per change, `updates.pace_ms` apart:
//! - a slash-command or context-menu reply through its interaction token while it is valid
//!   (the route Discord supports for interaction responses);
//! - a message the bot posted in a channel (mention replies, and context-menu replies past
//!   their token) in place;
//! - otherwise (a slash reply past its token) by a reply to the old answer, pinging no one.
//!
//! A reply deleted meanwhile (404) is skipped and forgotten; other failures are logged. The
//! moderator's change was saved and acknowledged before any of this starts.

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use serenity::Builder as _;
use tokio::sync::mpsc::UnboundedReceiver;

use super::recording::write;
use super::{embeds, feedback, no_mentions};
use crate::config::UpdatesConfig;
use crate::living::{altered, today, update_line, StatementChange};
use crate::records::{AnswerRecord, LiveAnswer, RecordStore};
use crate::reply::Reply;
use crate::store::Change;

/// What updating the replies of one change came to.
#[derive(Debug, Default)]
struct Tally {
    updated: usize,
    gone: usize,
    failed: usize,
}

/// Follows the store's changes until the channel closes.
pub(super) async fn follow(
    http: Arc<serenity::Http>,
    records: Arc<dyn RecordStore>,
    config: UpdatesConfig,
    retention_days: u32,
    mut changes: UnboundedReceiver<Change>,
) {
    while let Some(change) = changes.recv().await {
        let altered = altered(&change.before, &change.after);
        if altered.is_empty() {
            continue;
        }
        // The moderator's acknowledgement is sent as soon as the change is saved; one pace
        // later, the first update follows it.
        tokio::time::sleep(std::time::Duration::from_millis(config.pace_ms)).await;
        let tally = update_all(&http, &records, &config, retention_days, &change, &altered).await;
        tracing::info!(
            change = %change.summary,
            updated = tally.updated,
            deleted = tally.gone,
            failed = tally.failed,
            "earlier replies brought up to date"
        );
        if let Some(channel) = config.channel_id {
            let post = serenity::CreateMessage::new()
                .allowed_mentions(no_mentions())
                .content(announcement(&change.summary, &tally));
            if let Err(e) = serenity::ChannelId::new(channel)
                .send_message(&http, post)
                .await
            {
                tracing::error!(error = %e, channel, "cannot post to updates.channel_id");
            }
        }
    }
}

/// The updates channel's post about one change.
fn announcement(summary: &str, tally: &Tally) -> String {
    let mut s = format!(
        "Fact change: {summary}. Earlier replies updated: {}.",
        tally.updated
    );
    if tally.gone > 0 {
        s.push_str(&format!(" Deleted meanwhile, skipped: {}.", tally.gone));
    }
    if tally.failed > 0 {
        s.push_str(&format!(
            " Could not be updated: {} (see the log).",
            tally.failed
        ));
    }
    s
}

async fn update_all(
    http: &serenity::Http,
    records: &Arc<dyn RecordStore>,
    config: &UpdatesConfig,
    retention_days: u32,
    change: &Change,
    altered: &[StatementChange],
) -> Tally {
    let shown: Vec<String> = altered.iter().map(|c| c.shown.clone()).collect();
    let now = crate::records::now();
    let since = now - i64::from(retention_days) * 86_400;
    let limit = config.max_edits as usize;
    let db = records.clone();
    let live = tokio::task::spawn_blocking(move || db.live(&shown, since, now, limit)).await;
    let live = match live {
        Ok(Ok(live)) => live,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "cannot find the replies to update");
            return Tally::default();
        }
        Err(e) => {
            tracing::error!(error = %e, "the reply lookup failed");
            return Tally::default();
        }
    };
    let date = today();
    let mut tally = Tally::default();
    for (n, answer) in live.iter().enumerate() {
        if n > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(config.pace_ms)).await;
        }
        let reply = Reply::answer(&change.after, &answer.question);
        let line = update_line(&date, altered, &answer.statements);
        match deliver(http, answer, &line, &reply).await {
            Ok(()) => {
                tally.updated += 1;
                let (id, now_shown) = (
                    answer.answer,
                    AnswerRecord::of(answer.answer, &reply, &change.after, None, None),
                );
                write(records, "a reply update", move |r| {
                    r.reshown(id, &now_shown.statements)
                })
                .await;
            }
            Err(e) if status_of(&e) == Some(404) => {
                tally.gone += 1;
                let id = answer.answer;
                write(records, "a deleted reply", move |r| r.forget(id)).await;
            }
            Err(e) => {
                tally.failed += 1;
                tracing::error!(error = %e, answer = answer.answer, "cannot update an earlier reply");
            }
        }
    }
    tally
}

/// Brings one reply up to date, the best way still open to it.
async fn deliver(
    http: &serenity::Http,
    answer: &LiveAnswer,
    line: &str,
    reply: &Reply,
) -> Result<(), serenity::Error> {
    let embed = embeds::reply(reply).to_embed();
    let buttons = feedback::buttons(answer.answer);
    let (channel, message) = (
        serenity::ChannelId::new(answer.channel),
        serenity::MessageId::new(answer.message),
    );
    if let Some(token) = &answer.token {
        let edit = serenity::EditInteractionResponse::new()
            .content(line)
            .embed(embed.clone())
            .components(buttons.clone());
        match edit.execute(http, token).await {
            Ok(_) => return Ok(()),
            // Expired early or revoked: fall back to a reply below.
            Err(e) if matches!(status_of(&e), Some(401 | 403)) => {}
            Err(e) => return Err(e),
        }
    }
    if answer.in_place {
        let edit = serenity::EditMessage::new()
            .content(line)
            .embed(embed)
            .components(buttons);
        return channel.edit_message(http, message, edit).await.map(|_| ());
    }
    let post = serenity::CreateMessage::new()
        .reference_message((channel, message))
        .allowed_mentions(no_mentions())
        .content(line)
        .embed(embed)
        .components(buttons);
    channel.send_message(http, post).await.map(|_| ())
}

/// The HTTP status of a failed Discord request.
fn status_of(e: &serenity::Error) -> Option<u16> {
    match e {
        serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(r)) => {
            Some(r.status_code.as_u16())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_announcement_counts_what_happened() {
        let tally = Tally {
            updated: 3,
            gone: 1,
            failed: 0,
        };
        assert_eq!(
            announcement("edited statement `binding-1` (change 4)", &tally),
            "Fact change: edited statement `binding-1` (change 4). Earlier replies updated: 3. Deleted meanwhile, skipped: 1."
        );
    }
}
