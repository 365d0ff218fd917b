//! What recording an answer costs (the feedback-loop issue's budget: at most 50 µs added to
//! the time from event to callback).
//!
//! - `records/on_the_reply_path`: what `discord::answer` adds to each answer when records
//!   are on: a record id, [`AnswerRecord::of`] (the statements shown, with revisions) and a
//!   send to the writer thread's channel. The writer's receiver is drained outside the timing.
//! - `records/write_per_answer_in_bursts_of_50`: the writer thread's SQLite work per answer
//!   (one WAL transaction per burst of 50), off the reply path.
//! - `records/write_one`: one answer in its own transaction (a quiet bot).
//!
//! Run with `cargo bench --bench records`.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use dealcheck::matcher::Snapshot;
use dealcheck::records::{AnswerRecord, RecordStore, SqliteRecords};
use dealcheck::reply::Reply;

const QUESTIONS: [&str; 5] = [
    "is the 550 billion a loan?",
    "did japan sign the deal",
    "what about rice",
    "who decides where the money goes",
    "anyone watching the game tonight?",
];

fn facts() -> Snapshot {
    Snapshot::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("facts")).unwrap()
}

fn on_the_reply_path(c: &mut Criterion) {
    let facts = facts();
    let replies: Vec<Reply> = QUESTIONS.iter().map(|q| Reply::answer(&facts, q)).collect();
    let dir = tempfile::tempdir().unwrap();
    let records = SqliteRecords::open(&dir.path().join("a.sqlite3")).unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<AnswerRecord>();
    let mut n = 0usize;
    c.bench_function("records/on_the_reply_path", |b| {
        b.iter(|| {
            let reply = &replies[n % replies.len()];
            n += 1;
            let id = records.next_id();
            let record = AnswerRecord::of(id, reply, &facts, Some(1), Some(2));
            tx.send(black_box(record)).unwrap();
        });
        rx.try_iter().for_each(drop);
    });
}

fn writes(c: &mut Criterion) {
    let facts = facts();
    let sample: Vec<AnswerRecord> = (0..50)
        .map(|i| {
            let reply = Reply::answer(&facts, QUESTIONS[i % QUESTIONS.len()]);
            AnswerRecord::of(0, &reply, &facts, Some(1), Some(2))
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let records = SqliteRecords::open(&dir.path().join("a.sqlite3")).unwrap();
    let mut group = c.benchmark_group("records");
    group.measurement_time(Duration::from_secs(5));
    group.throughput(criterion::Throughput::Elements(50));
    group.bench_function("write_per_answer_in_bursts_of_50", |b| {
        b.iter_batched(
            || sample.clone(),
            |burst| records.record_all(&burst).unwrap(),
            BatchSize::SmallInput,
        );
    });
    group.throughput(criterion::Throughput::Elements(1));
    group.bench_function("write_one", |b| {
        b.iter(|| records.record(&sample[0]).unwrap());
    });
    group.finish();
}

criterion_group!(benches, on_the_reply_path, writes);
criterion_main!(benches);
