//! Crash safety of the records and of moderator changes made through Discord: `dealcheck
//! serve`, a real process against the stand-in, is killed with SIGKILL during a burst of
//! `/factcheck` answers interleaved with `/fact retract` and `/fact revert` changes, 10 times
//! on the same folder. After each kill: the records database opens, passes
//! `PRAGMA integrity_check` and its `answers` table reads whole, keeping every row earlier
//! rounds left and never holding more rows than questions were sent; every acknowledged
//! change (the stand-in received the bot's success reply) is in the history exactly once and
//! in the fact file, no change is logged twice, and after the next open (which finishes an
//! interrupted write) the files agree with the history.
//!
//! Each round has its own stand-in (a new gateway session, as after a real restart: nothing
//! dispatched to the killed process is handed to the next one) and a deterministic seed for
//! the kill: up to 15 ms after a number of answers (even rounds), or up to 0.4 s after the
//! k-th change was sent (odd rounds).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dealcheck::store::HistoryEntry;
use serde_json::{json, Value};
use tokio::sync::watch;

use crate::serve::{serve, TOKEN};
use crate::support::bot::string_option;
use crate::support::*;
use checks::{Folder, State};

mod checks;

const ROUNDS: u64 = 10;
const SEED: u64 = 0x5eed_dea1_c4ec_0009;
/// `/factcheck` interactions per round, dispatched in waves of `WAVE` every `WAVE_GAP`.
const FACTCHECKS: usize = 160;
const WAVE: usize = 8;
const WAVE_GAP: Duration = Duration::from_millis(40);
/// Most moderator changes sent in a round (one at a time, each waiting for its reply).
const MAX_CHANGES: usize = 6;
/// The longest any single wait may take.
const WAIT: Duration = Duration::from_secs(10);
/// Statements retracted and put back, each in a different topic (so a revert's place in its
/// topic does not depend on the others).
const TRACKED: [&str; 6] = [
    "quarterly-2",
    "binding-3",
    "tariffs-4",
    "surprise-3",
    "facility-1",
    "agriculture-2",
];
const QUESTIONS: [&str; 4] = [
    "is the 550 billion a loan?",
    "did japan sign the deal",
    "what about rice",
    "will the yen get weaker because of this?",
];

/// A fixed-seed xorshift generator: the same schedule on every run.
struct Prng(u64);

impl Prng {
    fn new(round: u64, stream: u64) -> Prng {
        Prng((SEED ^ (round << 8) ^ stream).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// A moderator change, as sent with `/fact`.
#[derive(Clone, Debug)]
enum Change {
    Retract(&'static str),
    Revert { statement: &'static str, of: u64 },
}

impl Change {
    fn payload(&self) -> Value {
        let (name, options) = match self {
            Change::Retract(id) => ("retract", json!([string_option("statement", id)])),
            Change::Revert { of, .. } => (
                "revert",
                json!([{"type": 4, "name": "change", "value": of}]),
            ),
        };
        let sub = json!([{"type": 1, "name": name, "options": options}]);
        slash("fact", sub, &[MOD_ROLE_ID], MEMBER_PERMISSIONS)
    }

    /// Whether `e` is the history entry this change makes.
    fn made(&self, e: &HistoryEntry) -> bool {
        match self {
            Change::Retract(id) => e.action == "retract" && e.statement.as_deref() == Some(id),
            Change::Revert { statement, of } => {
                e.action == "revert"
                    && e.statement.as_deref() == Some(statement)
                    && e.reverts == Some(*of)
            }
        }
    }
}

/// The change number in a success reply ("... (change N)"); `None` for anything else.
fn change_number(body: &Value) -> Option<u64> {
    let text = body["data"]["content"].as_str()?;
    text.strip_suffix(')')?
        .rsplit_once("(change ")?
        .1
        .parse()
        .ok()
}

/// A running `dealcheck serve`, killed (if still running) when dropped.
struct Serve {
    child: Child,
    log: PathBuf,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    fn spawn(config: &Path, log: PathBuf) -> Serve {
        let file = std::fs::File::create(&log).unwrap();
        let child = serve(config, Some(TOKEN))
            .stdout(Stdio::null())
            .stderr(Stdio::from(file))
            .spawn()
            .unwrap();
        Serve { child, log }
    }

    /// SIGKILL, then waits (bounded) for the process to be gone.
    fn sigkill(&mut self) -> ExitStatus {
        self.child.kill().unwrap();
        let until = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < until, "serve outlived SIGKILL");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let mut from = log.len().saturating_sub(3000);
        while !log.is_char_boundary(from) {
            from += 1;
        }
        log[from..].to_string()
    }
}

fn write_config(dir: &Path, standin: &StandIn) -> PathBuf {
    let config = dir.join("config.toml");
    let text = format!(
        "facts_dir = {:?}\nfacts_watch_seconds = 0\n\
         [discord]\nguild_ids = [{GUILD_ID}]\napi_url = {:?}\n\
         [moderation]\nrole_ids = [{MOD_ROLE_ID}]\nhistory_file = {:?}\n\
         [records]\npath = {:?}\n\
         [limits]\nper_user_per_minute = 0\n",
        dir.join("facts"),
        standin.api_url(),
        dir.join("history.jsonl"),
        dir.join("records.sqlite3"),
    );
    std::fs::write(&config, text).unwrap();
    config
}

fn factcheck(i: usize) -> Value {
    let q = QUESTIONS[i % QUESTIONS.len()];
    slash(
        "factcheck",
        json!([string_option("question", q)]),
        &[],
        MEMBER_PERMISSIONS,
    )
}

/// Waits for READY, the commands, and one answered question (the bot handles interactions).
async fn ready(standin: &StandIn, bot: &Serve) {
    let put = |r: &Recorded| r.method == "PUT" && r.path.ends_with("/commands");
    let up = standin.wait_ready(WAIT).await && standin.wait_request(put, WAIT).await.is_some();
    let warm_up = factcheck(0);
    let path = callback_path(&warm_up);
    standin.dispatch("INTERACTION_CREATE", warm_up).await;
    let answered = up
        && standin
            .wait_request(|r| r.path == path, WAIT)
            .await
            .is_some();
    assert!(answered, "serve never became ready:\n{}", bot.log_tail());
}

/// The burst: all the questions, a wave at a time, without waiting for answers.
async fn burst(standin: Arc<StandIn>, questions: Vec<Value>, dispatched: Arc<AtomicUsize>) {
    for wave in questions.chunks(WAVE) {
        for d in wave {
            standin.dispatch("INTERACTION_CREATE", d.clone()).await;
            dispatched.fetch_add(1, Ordering::SeqCst);
        }
        tokio::time::sleep(WAVE_GAP).await;
    }
}

/// Moderator changes, one at a time: retract a tracked statement that is there, or revert
/// the retraction of one that is not. Each change is pushed to `sent` before it is
/// dispatched; `count` says how many were dispatched. Stops at a refusal or a missing reply.
async fn moderate(
    standin: Arc<StandIn>,
    mut state: State,
    mut rng: Prng,
    sent: Arc<Mutex<Vec<(Change, String)>>>,
    count: watch::Sender<usize>,
) {
    tokio::time::sleep(Duration::from_millis(rng.below(30))).await;
    for _ in 0..MAX_CHANGES {
        let id = TRACKED[rng.below(TRACKED.len() as u64) as usize];
        let change = match state[id] {
            None => Change::Retract(id),
            Some(of) => Change::Revert { statement: id, of },
        };
        let d = change.payload();
        let path = callback_path(&d);
        sent.lock().unwrap().push((change.clone(), path.clone()));
        standin.dispatch("INTERACTION_CREATE", d).await;
        count.send_modify(|n| *n += 1);
        let reply = standin.wait_request(|r| r.path == path, WAIT).await;
        let Some(n) = reply.and_then(|r| change_number(&r.body)) else {
            return;
        };
        let retracted = matches!(change, Change::Retract(_));
        state.insert(id, retracted.then_some(n));
        tokio::time::sleep(Duration::from_millis(rng.below(25))).await;
    }
}

/// What the rounds found, for the summary line.
#[derive(Default)]
struct Tally {
    dispatched: usize,
    answered: usize,
    acked: usize,
    in_flight: usize,
    in_flight_logged: usize,
    log_ahead: usize,
    temp_left: usize,
}

/// Which of the changes `sent` were acknowledged (with their change numbers), and the one
/// in flight at the kill. A reply that is not a success fails the test; only the last change
/// sent may be unanswered.
fn acknowledged(
    round: u64,
    sent: &[(Change, String)],
    requests: &[Recorded],
) -> (Vec<(Change, u64)>, Option<Change>) {
    let mut acked = Vec::new();
    for (i, (change, path)) in sent.iter().enumerate() {
        let Some(r) = requests.iter().find(|r| r.path == *path) else {
            assert_eq!(i + 1, sent.len(), "round {round}: {change:?} got no reply");
            return (acked, Some(change.clone()));
        };
        let n = change_number(&r.body)
            .unwrap_or_else(|| panic!("round {round}: {change:?} was not applied: {}", r.body));
        acked.push((change.clone(), n));
    }
    (acked, None)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_a_burst_keeps_records_and_acknowledged_changes() {
    let started = Instant::now();
    clear_proxy_env();
    let dir = tempfile::tempdir().unwrap();
    let folder = Folder::new(dir.path());
    let mut entries: Vec<HistoryEntry> = Vec::new();
    let mut rows = 0;
    let mut tally = Tally::default();
    for round in 0..ROUNDS {
        assert!(started.elapsed() < Duration::from_secs(60), "over a minute");
        let standin = Arc::new(StandIn::start().await);
        let config = write_config(dir.path(), &standin);
        let mut bot = Serve::spawn(&config, dir.path().join(format!("serve-{round}.log")));
        ready(&standin, &bot).await;
        tally.dispatched += 1;

        let questions: Vec<Value> = (0..FACTCHECKS).map(factcheck).collect();
        let answers: HashSet<String> = questions.iter().map(callback_path).collect();
        let dispatched = Arc::new(AtomicUsize::new(0));
        let sent = Arc::new(Mutex::new(Vec::new()));
        let (count, mut changes_sent) = watch::channel(0);
        let state = checks::replay(&entries);
        let tasks = [
            tokio::spawn(burst(standin.clone(), questions, dispatched.clone())),
            tokio::spawn(moderate(
                standin.clone(),
                state,
                Prng::new(round, 1),
                sent.clone(),
                count,
            )),
        ];
        // The moment of the kill: after some answers, or after the k-th change was sent.
        let mut rng = Prng::new(round, 0);
        let delay = if round % 2 == 0 {
            let after = 8 + rng.below(143) as usize;
            let got = standin
                .wait_requests(|r| answers.contains(&r.path), after, WAIT)
                .await;
            assert!(got.len() >= after, "round {round}: {} answers", got.len());
            rng.below(15_000)
        } else {
            // A change takes 0.1 to 0.5 s here (a debug build under a burst): the delay may
            // land anywhere in it, the write included.
            let k = 1 + rng.below(4) as usize;
            let reached = tokio::time::timeout(WAIT, changes_sent.wait_for(|n| *n >= k)).await;
            assert!(reached.is_ok(), "round {round}: change {k} was never sent");
            rng.below(400_000)
        };
        tokio::time::sleep(Duration::from_micros(delay)).await;
        let status = bot.sigkill();
        for task in &tasks {
            task.abort();
        }
        assert!(!status.success(), "round {round}: killed, not exited");
        // Requests the bot sent just before it died finish arriving.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let requests = standin.requests();
        tally.dispatched += dispatched.load(Ordering::SeqCst);
        tally.answered += 1 + requests
            .iter()
            .filter(|r| answers.contains(&r.path))
            .count();
        let (acked, in_flight) = acknowledged(round, &sent.lock().unwrap(), &requests);
        tally.acked += acked.len();
        tally.in_flight += usize::from(in_flight.is_some());

        checks::records(round, &folder, &mut rows, tally.dispatched);
        let (now, logged) = checks::history(round, &folder, &entries, &acked, in_flight.as_ref());
        tally.in_flight_logged += usize::from(logged);
        tally.temp_left += usize::from(checks::temp_files(&folder.facts) > 0);
        tally.log_ahead += usize::from(checks::facts(round, &folder, &now, logged));
        entries = now;
    }
    let t = &tally;
    println!(
        "records crash test: {ROUNDS} SIGKILLs in {:.1} s; {} questions sent, {} answered, {rows} \
         records kept; {} changes acknowledged, all present once; {} kills with a change in \
         flight ({} of them logged), {} left the log ahead of the file, {} a temporary file",
        started.elapsed().as_secs_f64(),
        t.dispatched,
        t.answered,
        t.acked,
        t.in_flight,
        t.in_flight_logged,
        t.log_ahead,
        t.temp_left
    );
    assert!(rows > 0, "answers were recorded");
    assert!(t.acked >= ROUNDS as usize, "changes were acknowledged");
}
