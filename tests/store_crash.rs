//! Crash safety of the store: a child process applies a long series of edits and is killed
//! with SIGKILL at pseudo-random moments, 20 times in a row on the same folder. After each
//! kill the fact files must load, every acknowledged edit must be present, and every complete
//! history line must parse; after the next open (which finishes or discards an interrupted
//! write), the files must agree with the history.
//!
//! The child is this same test binary, re-run with `--exact` on [`crash_child`] and the folder
//! in `DEALCHECK_CRASH_CHILD`; without that variable the child test does nothing.
#![cfg(unix)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use dealcheck::facts::{FactBase, Status};
use dealcheck::store::{revision, Actor, Edit, HistoryEntry, NewStatement, SourceChoice, Store};

const CHILD_VAR: &str = "DEALCHECK_CRASH_CHILD";
const RUN_VAR: &str = "DEALCHECK_CRASH_RUN";
const DEAL_FILE: &str = "us-japan-550b.toml";
const KILLS: u64 = 20;
/// Topics the child adds to: first, middle and last in the file.
const TOPICS: [&str; 3] = ["headline-550b", "binding-agreement", "new-standard"];
/// Most edits a child makes, and longest it runs, whatever happens.
const CHILD_MAX_EDITS: u64 = 400;
const CHILD_MAX_TIME: Duration = Duration::from_secs(4);

/// The text of version `v` of statement `id`; the parent reads the version back from it.
fn text_of(id: &str, v: u64) -> String {
    format!("Crash test statement {id}, version {v}.")
}

fn version_of(text: &str, id: &str) -> Option<u64> {
    text.strip_prefix(&format!("Crash test statement {id}, version "))?
        .strip_suffix('.')?
        .parse()
        .ok()
}

fn history_path(dir: &Path) -> PathBuf {
    dir.join("history").join("facts.jsonl")
}

/// The child: applies edits on the folder in `DEALCHECK_CRASH_CHILD` until killed, printing
/// `ack <statement id> <version> <revision>` after each edit the store acknowledged.
#[test]
fn crash_child() {
    let Some(dir) = std::env::var_os(CHILD_VAR).map(PathBuf::from) else {
        return; // a normal test run: nothing to do
    };
    let run: u64 = std::env::var(RUN_VAR).unwrap().parse().unwrap();
    let store = Store::open(&dir.join("facts"), &history_path(&dir)).unwrap();
    let actor = Actor {
        user_id: 7,
        name: format!("crash-child-{run}"),
    };
    let mut out = std::io::stdout().lock();
    writeln!(out).unwrap(); // the harness's "test crash_child ... " has no newline
    let started = Instant::now();
    let mut versions: Vec<(String, u64)> = Vec::new();
    for step in 0..CHILD_MAX_EDITS {
        if started.elapsed() > CHILD_MAX_TIME {
            break;
        }
        // Two adds, then an edit of an earlier statement of this run.
        let (id, version, edit) = if step % 3 < 2 || versions.is_empty() {
            let id = format!("crash-{run}-{step}");
            let edit = Edit::AddStatement {
                topic: TOPICS[(step as usize) % TOPICS.len()].into(),
                statement: NewStatement {
                    id: Some(id.clone()),
                    status: Status::UnderNegotiation,
                    text: text_of(&id, 0),
                    speaker: "Crash tester".into(),
                    party: "Japan".into(),
                    source: SourceChoice::Existing("report".into()),
                    quote: None,
                    responds_to: None,
                    said_on: None,
                },
            };
            versions.push((id.clone(), 0));
            (id, 0, edit)
        } else {
            let k = (step as usize * 7) % versions.len();
            let (id, v) = &mut versions[k];
            *v += 1;
            let base = revision(store.snapshot().statement(id).unwrap().2);
            let edit = Edit::EditStatement {
                id: id.clone(),
                base_revision: base,
                text: Some(text_of(id, *v)),
                status: None,
                speaker: None,
                party: None,
                source: None,
                quote: None,
                responds_to: None,
                said_on: None,
            };
            (id.clone(), *v, edit)
        };
        store.apply(edit, &actor).unwrap();
        let rev = revision(store.snapshot().statement(&id).unwrap().2);
        writeln!(out, "ack {id} {version} {rev}").unwrap();
        out.flush().unwrap();
    }
}

/// A fixed-seed xorshift generator: the same kill schedule on every run.
struct Prng(u64);

impl Prng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One acknowledged edit, as the child reported it.
struct Ack {
    id: String,
    version: u64,
    revision: String,
}

fn parse_ack(line: &str) -> Option<Ack> {
    let mut parts = line.strip_prefix("ack ")?.split(' ');
    let ack = Ack {
        id: parts.next()?.to_string(),
        version: parts.next()?.parse().ok()?,
        revision: parts.next()?.to_string(),
    };
    Some(ack)
}

/// Every complete history line; each must parse. A torn tail (no newline) is ignored.
fn complete_history(path: &Path) -> Vec<HistoryEntry> {
    let bytes = std::fs::read(path).unwrap_or_default();
    let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    std::str::from_utf8(&bytes[..complete])
        .expect("complete history lines are UTF-8")
        .lines()
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("history line does not parse ({e}): {l}"))
        })
        .collect()
}

fn temp_files(facts: &Path) -> usize {
    std::fs::read_dir(facts)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".dealcheck-tmp")
        })
        .count()
}

/// Copies the bundled deal file and its archived sources into `facts`.
fn copy_facts(facts: &Path) {
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("facts");
    std::fs::create_dir_all(facts.join("sources")).unwrap();
    std::fs::copy(bundled.join(DEAL_FILE), facts.join(DEAL_FILE)).unwrap();
    for entry in std::fs::read_dir(bundled.join("sources")).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, facts.join("sources").join(p.file_name().unwrap())).unwrap();
    }
}

#[test]
fn acknowledged_edits_survive_sigkill_at_random_moments() {
    let dir = tempfile::tempdir().unwrap();
    let facts = dir.path().join("facts");
    copy_facts(&facts);
    let history = history_path(dir.path());
    let exe = std::env::current_exe().unwrap();
    let mut prng = Prng(0x5eed_dea1_c4ec_0001);
    let deadline = Instant::now() + Duration::from_secs(240);

    // The highest acknowledged version of each statement, over all runs.
    let mut acked: HashMap<String, (u64, String)> = HashMap::new();
    let (mut total_acks, mut mid_write, mut log_ahead, mut finished_early) = (0, 0, 0, 0);
    for run in 0..KILLS {
        assert!(Instant::now() < deadline, "the crash loop took too long");
        let target = 1 + prng.below(12);
        // How the kill is timed, in turn: (0) a random delay over about one edit's duration;
        // (1) as soon as a temporary file shows a write in progress, plus up to 1 ms; (2) as
        // soon as the history line of that write appears (while it is being fsynced, before
        // the rename).
        let mode = run % 3;
        let delay = Duration::from_micros(match mode {
            0 => prng.below(60_000),
            1 => prng.below(1_000),
            _ => 0,
        });
        let mut child = Command::new(&exe)
            .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
            .env(CHILD_VAR, dir.path())
            .env(RUN_VAR, run.to_string())
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });

        let mut acks = 0;
        let mut note = |line: &str, acks: &mut u64| {
            if let Some(a) = parse_ack(line) {
                *acks += 1;
                let e = acked.entry(a.id).or_insert((a.version, a.revision.clone()));
                if a.version >= e.0 {
                    *e = (a.version, a.revision);
                }
            }
        };
        // Wait for `target` acknowledgements (or the child's end), then a short random delay.
        while acks < target {
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok(line) => note(&line, &mut acks),
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    finished_early += 1;
                    break;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let _ = child.kill();
                    panic!("run {run}: the child acknowledged nothing for 30 s");
                }
            }
        }
        if mode > 0 {
            let until = Instant::now() + Duration::from_millis(500);
            while temp_files(&facts) == 0 && Instant::now() < until {
                std::hint::spin_loop();
            }
            let log_len = || std::fs::metadata(&history).map_or(0, |m| m.len());
            let seen = log_len();
            while mode == 2 && log_len() == seen && temp_files(&facts) > 0 && Instant::now() < until
            {
                std::hint::spin_loop();
            }
        }
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        reader.join().unwrap();
        // Acknowledgements printed before the kill landed count too.
        while let Ok(line) = rx.try_recv() {
            note(&line, &mut acks);
        }
        total_acks += acks;
        assert!(
            acks > 0 || status.success(),
            "run {run}: the child failed before any edit ({status})"
        );

        // 1. The fact files load as they are, before any recovery.
        let base = FactBase::from_dir(&facts).unwrap_or_else(|e| {
            panic!("run {run}: the fact files do not load after SIGKILL:\n{e}")
        });
        // 2. Every acknowledged edit is there (or a later version of the same statement).
        for (id, (version, rev)) in &acked {
            let (_, _, s) = base
                .statement(id)
                .unwrap_or_else(|| panic!("run {run}: acknowledged statement {id} is missing"));
            let now = version_of(&s.text, id)
                .unwrap_or_else(|| panic!("run {run}: {id} has unexpected text {:?}", s.text));
            assert!(
                now >= *version,
                "run {run}: {id} is at version {now}, but version {version} was acknowledged"
            );
            if now == *version {
                assert_eq!(revision(s), *rev, "run {run}: {id} revision");
            }
        }
        // 3. Every complete history line parses.
        let entries = complete_history(&history);
        if temp_files(&facts) > 0 {
            mid_write += 1;
        }
        // The log may be one change ahead of the files (killed between the log line and the
        // rename): at most one statement differs from its last logged state.
        let mut last_logged: HashMap<&str, &str> = HashMap::new();
        for e in &entries {
            let text = e.after.as_ref().and_then(|a| a.text()).unwrap_or("");
            last_logged.insert(e.statement.as_deref().unwrap(), text);
        }
        let behind = last_logged
            .iter()
            .filter(|(id, text)| {
                base.statement(id).map(|(_, _, s)| s.text.as_str()) != Some(**text)
            })
            .count();
        assert!(
            behind <= 1,
            "run {run}: {behind} logged changes are missing from the files"
        );
        log_ahead += behind;

        // 4. After the next open (which recovers), the files agree with the history: each
        //    statement the log touched is in its logged after-state.
        let store = Store::open(&facts, &history).unwrap();
        assert_eq!(
            temp_files(&facts),
            0,
            "run {run}: open leaves no temporary file"
        );
        let snap = store.snapshot();
        let entries = complete_history(&history);
        let mut last: HashMap<&str, &HistoryEntry> = HashMap::new();
        for e in &entries {
            last.insert(e.statement.as_deref().unwrap(), e);
        }
        for (id, e) in last {
            let (_, _, s) = snap.statement(id).unwrap_or_else(|| {
                panic!("run {run}: logged statement {id} is missing after recovery")
            });
            assert_eq!(
                e.after.as_ref().unwrap().text(),
                Some(s.text.as_str()),
                "run {run}: {id} differs from its last history entry (change {})",
                e.change
            );
        }
        let numbers: Vec<u64> = entries.iter().map(|e| e.change).collect();
        assert!(
            numbers.windows(2).all(|w| w[1] == w[0] + 1) && numbers.first().is_none_or(|&n| n == 1),
            "run {run}: change numbers are 1, 2, 3, ... : {numbers:?}"
        );
    }
    eprintln!(
        "crash test: {KILLS} SIGKILLs, {total_acks} acknowledged edits, all present; \
         {mid_write} kills left a temporary file, {log_ahead} left the log one change ahead of the \
         files (finished at the next open), {finished_early} children finished before the kill"
    );
    assert!(total_acks >= KILLS, "the children made progress");
}

// ------------------------------------------------------------------------------------------
// The states a crash can leave, built by hand (the random kills above rarely hit the few
// milliseconds between writing the temporary file and the rename).

/// FNV-1a 64 of one text: the hash in a temporary file's name.
fn fnv1a64(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A folder with the bundled deal file, plus what a real edit (adding `boeing-2`) writes: the
/// new file text and its history line.
struct CrashState {
    dir: tempfile::TempDir,
    original: String,
    edited: String,
    log_line: String,
}

impl CrashState {
    fn new() -> CrashState {
        let make = || {
            let dir = tempfile::tempdir().unwrap();
            copy_facts(&dir.path().join("facts"));
            dir
        };
        let done = make();
        let original = std::fs::read_to_string(done.path().join("facts").join(DEAL_FILE)).unwrap();
        let store = Store::open(&done.path().join("facts"), &history_path(done.path())).unwrap();
        store
            .apply(
                Edit::AddStatement {
                    topic: "boeing-aircraft".into(),
                    statement: NewStatement {
                        id: Some("boeing-2".into()),
                        status: Status::Clarified,
                        text: "No aircraft order has been confirmed.".into(),
                        speaker: "Crash tester".into(),
                        party: "Japan".into(),
                        source: SourceChoice::Existing("report".into()),
                        quote: None,
                        responds_to: None,
                        said_on: None,
                    },
                },
                &Actor {
                    user_id: 1,
                    name: "m".into(),
                },
            )
            .unwrap();
        let edited = std::fs::read_to_string(done.path().join("facts").join(DEAL_FILE)).unwrap();
        let log_line = std::fs::read_to_string(history_path(done.path())).unwrap();
        CrashState {
            dir: make(),
            original,
            edited,
            log_line,
        }
    }

    fn facts(&self) -> PathBuf {
        self.dir.path().join("facts")
    }

    /// The complete, synced temporary file of change 1, as step 1 of a write leaves it.
    fn leave_temp_file(&self) {
        let name = format!(
            ".{DEAL_FILE}.1.{:016x}.dealcheck-tmp",
            fnv1a64(&self.original)
        );
        std::fs::write(self.facts().join(name), &self.edited).unwrap();
    }

    fn leave_log_line(&self, line: &str) {
        let path = history_path(self.dir.path());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, line).unwrap();
    }

    fn open(&self) -> Store {
        Store::open(&self.facts(), &history_path(self.dir.path())).unwrap()
    }

    fn deal_text(&self) -> String {
        std::fs::read_to_string(self.facts().join(DEAL_FILE)).unwrap()
    }
}

#[test]
fn a_crash_before_the_log_line_leaves_nothing_behind() {
    let state = CrashState::new();
    state.leave_temp_file();
    // The log line was torn: it never committed.
    state.leave_log_line(&state.log_line[..state.log_line.len() / 2]);
    let store = state.open();
    assert_eq!(
        temp_files(&state.facts()),
        0,
        "the unfinished write is discarded"
    );
    assert_eq!(state.deal_text(), state.original);
    assert!(store.snapshot().statement("boeing-2").is_none());
    assert!(complete_history(&history_path(state.dir.path())).is_empty());
    assert_eq!(
        std::fs::read(history_path(state.dir.path())).unwrap(),
        b"",
        "the torn line is cut off"
    );
}

#[test]
fn a_crash_after_the_log_line_but_before_the_rename_is_finished_at_open() {
    let state = CrashState::new();
    state.leave_temp_file();
    state.leave_log_line(&state.log_line);
    // Before recovery, the file still loads (it is the old one).
    assert!(FactBase::from_dir(&state.facts()).is_ok());
    let store = state.open();
    assert_eq!(temp_files(&state.facts()), 0);
    assert_eq!(state.deal_text(), state.edited, "rolled forward");
    assert!(store.snapshot().statement("boeing-2").is_some());
    assert_eq!(store.history("boeing-2", 5).unwrap().len(), 1);
}

#[test]
fn a_logged_write_is_not_finished_over_a_file_someone_else_replaced() {
    let state = CrashState::new();
    state.leave_temp_file();
    state.leave_log_line(&state.log_line);
    let replaced = format!(
        "{}# pulled from git while the bot was down\n",
        state.original
    );
    std::fs::write(state.facts().join(DEAL_FILE), &replaced).unwrap();
    let store = state.open();
    assert_eq!(temp_files(&state.facts()), 0);
    assert_eq!(state.deal_text(), replaced, "their file is kept");
    assert!(store.snapshot().statement("boeing-2").is_none());
}
