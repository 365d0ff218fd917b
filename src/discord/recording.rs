//! The records writer: one thread takes answers and deliveries over a channel and writes
//! bursts in one transaction, so that answering never waits on SQLite; and the daily prune.

use std::sync::mpsc;
use std::sync::Arc;

use poise::serenity_prelude as serenity;

use crate::records::{AnswerRecord, Delivery, RecordStore};

/// What the writer is handed.
enum Write {
    Answer(AnswerRecord),
    Delivered(Delivery),
}

/// Hands writes to the writer thread (cheap to clone; never blocks).
#[derive(Clone)]
pub struct Recorder(mpsc::Sender<Write>);

impl Recorder {
    /// Starts the writer thread; it ends when every `Recorder` is gone.
    pub fn start(records: Arc<dyn RecordStore>) -> Result<Recorder, String> {
        let (tx, queue) = mpsc::channel();
        std::thread::Builder::new()
            .name("records".into())
            .spawn(move || write_all(records.as_ref(), &queue))
            .map_err(|e| format!("cannot start the records writer: {e}"))?;
        Ok(Recorder(tx))
    }

    /// Records an answer.
    pub fn answer(&self, record: AnswerRecord) {
        self.send(Write::Answer(record));
    }

    /// Notes where its reply was posted (after [`Recorder::answer`] for the same record).
    pub fn delivered(&self, delivery: Delivery) {
        self.send(Write::Delivered(delivery));
    }

    fn send(&self, write: Write) {
        if self.0.send(write).is_err() {
            tracing::error!("the records writer has stopped; an answer was not recorded");
        }
    }
}

/// Writes as they come, several per transaction in a burst. A delivery always comes after
/// its answer on the channel, so a batch's answers are written before its deliveries.
fn write_all(records: &dyn RecordStore, queue: &mpsc::Receiver<Write>) {
    while let Ok(first) = queue.recv() {
        let (mut answers, mut deliveries) = (Vec::new(), Vec::new());
        for write in std::iter::once(first).chain(queue.try_iter().take(255)) {
            match write {
                Write::Answer(a) => answers.push(a),
                Write::Delivered(d) => deliveries.push(d),
            }
        }
        if let Err(e) = records.record_all(&answers) {
            tracing::error!(error = %e, records = answers.len(), "cannot record answers");
        }
        if let Err(e) = records.delivered(&deliveries) {
            tracing::error!(error = %e, replies = deliveries.len(), "cannot record where replies went");
        }
    }
}

/// Runs a records write off the async runtime; a failure is logged (naming `what`), never
/// returned: records never block a reply or a moderator's change.
pub async fn write(
    records: &Arc<dyn RecordStore>,
    what: &str,
    f: impl FnOnce(&dyn RecordStore) -> Result<(), crate::records::RecordsError> + Send + 'static,
) {
    let records = records.clone();
    match tokio::task::spawn_blocking(move || f(records.as_ref())).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::error!(error = %e, "cannot record {what}"),
        Err(e) => tracing::error!(error = %e, "recording {what} failed"),
    }
}

/// A slash-command or context-menu reply to read back for its message id.
pub struct ReadBack {
    /// The answer's record.
    pub answer: i64,
    /// The interaction token.
    pub token: String,
    /// Until when the token may edit the reply (slash commands); `None`: the reply is edited
    /// in place (the context menu).
    pub until: Option<i64>,
}

/// Reads replies back one at a time (`GET .../messages/@original`), so that a burst of
/// answers never waits on these requests, and notes where each went.
pub async fn read_back(
    http: Arc<serenity::Http>,
    recorder: Recorder,
    mut queue: tokio::sync::mpsc::UnboundedReceiver<ReadBack>,
) {
    while let Some(r) = queue.recv().await {
        match http.get_original_interaction_response(&r.token).await {
            Ok(message) => recorder.delivered(Delivery {
                answer: r.answer,
                channel: message.channel_id.get(),
                message: message.id.get(),
                in_place: r.until.is_none(),
                token: r.until.map(|until| (r.token, until)),
            }),
            Err(e) => {
                tracing::warn!(error = %e, "cannot read back a reply; it will not be kept up to date")
            }
        }
    }
}

/// Deletes records past the retention period (at start-up, then daily) and erases expired
/// interaction tokens (every minute).
pub async fn prune(records: Arc<dyn RecordStore>, retention_days: u32) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    for n in 0u64.. {
        tick.tick().await;
        let now = crate::records::now();
        // Rows only at start-up and once a day; tokens every minute.
        let before = if n % 1440 == 0 {
            now - i64::from(retention_days) * 86_400
        } else {
            i64::MIN
        };
        let records = records.clone();
        match tokio::task::spawn_blocking(move || records.prune(before, now)).await {
            Ok(Ok(n)) if n > 0 => {
                tracing::info!(deleted = n, retention_days, "old answer records deleted")
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::error!(error = %e, "cannot delete old answer records"),
            Err(e) => tracing::error!(error = %e, "record pruning failed"),
        }
    }
}
