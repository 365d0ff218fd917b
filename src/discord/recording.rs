//! The records writer: one thread takes answers and deliveries over a channel and writes
//! bursts in one transaction, so that answering never waits on SQLite; and the daily prune.

use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

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
            .spawn(move || {
                background();
                write_all(records.as_ref(), &queue)
            })
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

/// How long the writer waits after a first write for others to join its transaction. A
/// burst of answers then costs one commit, not one each: measured in the 1,000-interaction
/// test, a commit per answer took CPU from the replies on a 2-core machine. A crash loses at
/// most this much of the records (never a fact change: those are the store's).
const LINGER: Duration = Duration::from_millis(50);

/// The most writes in one transaction.
const BATCH: usize = 1024;

/// Lowers the calling thread's CPU priority (nice 19, Linux), so that when the cores are
/// busy answering, the records wait rather than the replies.
fn background() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: setpriority takes plain integers; on Linux, `who = 0` with PRIO_PROCESS is the
        // calling thread only. A failure just leaves the priority as it was.
        let done = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 19) };
        if done != 0 {
            tracing::debug!("cannot lower the records writer's priority");
        }
    }
}

/// Writes as they come, gathered for [`LINGER`] into one transaction. The writer sleeps
/// rather than waits on the queue meanwhile, so that the writes that join it cost the
/// replies no wake-up. A delivery always comes after its answer on the channel, so a
/// batch's answers are written before its deliveries.
fn write_all(records: &dyn RecordStore, queue: &mpsc::Receiver<Write>) {
    while let Ok(first) = queue.recv() {
        std::thread::sleep(LINGER);
        let (mut answers, mut deliveries) = (Vec::new(), Vec::new());
        for write in std::iter::once(first).chain(queue.try_iter().take(BATCH - 1)) {
            match write {
                Write::Answer(a) => answers.push(a),
                Write::Delivered(d) => deliveries.push(d),
            }
        }
        if !answers.is_empty() {
            if let Err(e) = records.record_all(&answers) {
                tracing::error!(error = %e, records = answers.len(), "cannot record answers");
            }
        }
        if !deliveries.is_empty() {
            if let Err(e) = records.delivered(&deliveries) {
                tracing::error!(error = %e, replies = deliveries.len(), "cannot record where replies went");
            }
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
