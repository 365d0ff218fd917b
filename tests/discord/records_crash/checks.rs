//! What must hold after each kill: the records database, the history and the fact files.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use dealcheck::facts::FactBase;
use dealcheck::store::{revision, HistoryEntry, Store};

use super::{Change, QUESTIONS, TRACKED};
use crate::support::bot::{bundled_facts, copy_dir};

/// For each tracked statement: `None` if present, or the change that retracted it.
pub(super) type State = HashMap<&'static str, Option<u64>>;

/// Each tracked statement's place in its topic and its revision, or `None` where absent.
type Placement = HashMap<&'static str, Option<(usize, String)>>;

/// The folder the bot runs on, and what the checks compare it with.
pub(super) struct Folder {
    pub facts: PathBuf,
    pub history: PathBuf,
    pub records: PathBuf,
    /// Where the tracked statements are in the bundled facts.
    original: Placement,
    /// The questions asked, as records hold them.
    questions: HashSet<String>,
}

impl Folder {
    /// A copy of the bundled facts in `dir`; history and records beside it.
    pub fn new(dir: &Path) -> Folder {
        let facts = dir.join("facts");
        copy_dir(&bundled_facts(), &facts);
        let original = placement(&FactBase::from_dir(&facts).unwrap());
        assert!(original.values().all(Option::is_some), "{original:?}");
        Folder {
            facts,
            history: dir.join("history.jsonl"),
            records: dir.join("records.sqlite3"),
            original,
            questions: QUESTIONS
                .iter()
                .map(|q| dealcheck::records::normalize_question(q))
                .collect(),
        }
    }

    /// What `state` looks like on disk: present statements exactly where they started.
    fn expected(&self, state: &State) -> Placement {
        let at = |id: &str| state[id].is_none().then(|| self.original[id].clone());
        TRACKED.iter().map(|id| (*id, at(id).flatten())).collect()
    }
}

/// The state the history `entries` leave.
pub(super) fn replay(entries: &[HistoryEntry]) -> State {
    let mut state: State = TRACKED.iter().map(|id| (*id, None)).collect();
    for e in entries {
        let id = e
            .statement
            .as_deref()
            .expect("statement-level changes only");
        let slot = state.get_mut(id).expect("only tracked statements change");
        *slot = e.after.is_none().then_some(e.change);
    }
    state
}

fn placement(base: &FactBase) -> Placement {
    let place = |id: &str| {
        let (_, t, s) = base.statement(id)?;
        Some((t.statements.iter().position(|x| x.id == id)?, revision(s)))
    };
    TRACKED.iter().map(|id| (*id, place(id))).collect()
}

/// Every complete history line, each of which must parse (a torn tail is ignored).
fn complete_history(path: &Path) -> Vec<HistoryEntry> {
    let bytes = std::fs::read(path).unwrap_or_default();
    let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    std::str::from_utf8(&bytes[..complete])
        .expect("complete history lines are UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("history line ({e}): {l}")))
        .collect()
}

pub(super) fn temp_files(facts: &Path) -> usize {
    std::fs::read_dir(facts)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().ends_with(".dealcheck-tmp")
        })
        .count()
}

/// The history after a kill: complete lines parse and are numbered 1, 2, 3, ...; the lines
/// of earlier rounds are as they were; the new ones are exactly the `acked` changes, in
/// order, each once, then at most the change `in_flight` at the kill. Returns the history
/// and whether the change in flight was logged.
pub(super) fn history(
    round: u64,
    folder: &Folder,
    earlier: &[HistoryEntry],
    acked: &[(Change, u64)],
    in_flight: Option<&Change>,
) -> (Vec<HistoryEntry>, bool) {
    let now = complete_history(&folder.history);
    let numbers: Vec<u64> = now.iter().map(|e| e.change).collect();
    assert!(
        numbers.iter().zip(1..).all(|(&n, i)| n == i),
        "round {round}: change numbers {numbers:?}"
    );
    assert!(
        now.starts_with(earlier),
        "round {round}: the log was rewritten"
    );
    let new = &now[earlier.len()..];
    assert!(
        new.len() >= acked.len(),
        "round {round}: lost {acked:?} in {new:?}"
    );
    for ((change, n), e) in acked.iter().zip(new) {
        assert!(
            e.change == *n && change.made(e),
            "round {round}: acknowledged {change:?} as change {n}, but the log has {e:?}"
        );
    }
    let unacked = &new[acked.len()..];
    let logged_in_flight = match (unacked, in_flight) {
        ([], _) => false,
        ([e], Some(change)) if change.made(e) => true,
        _ => panic!("round {round}: unexpected entries {unacked:?} (in flight: {in_flight:?})"),
    };
    no_duplicates(round, &now);
    (now, logged_in_flight)
}

/// Per statement, the log alternates: a retraction, then the revert of exactly that
/// retraction, then a retraction... A change applied twice would break the pattern.
fn no_duplicates(round: u64, entries: &[HistoryEntry]) {
    let mut last: HashMap<&str, &HistoryEntry> = HashMap::new();
    for e in entries {
        let id = e.statement.as_deref().unwrap();
        let ok = match (last.get(id), e.action.as_str()) {
            (None, "retract") => true,
            (Some(prev), "retract") => prev.action == "revert",
            (Some(prev), "revert") => prev.action == "retract" && e.reverts == Some(prev.change),
            _ => false,
        };
        assert!(
            ok,
            "round {round}: change {} repeats or skips: {e:?}",
            e.change
        );
        last.insert(id, e);
    }
}

/// The fact files after a kill: they load as they are and hold every logged change, or all
/// but a last one in flight (logged, not yet renamed into place); after an open (what the
/// next start does first) they hold the whole history, no temporary file is left and the
/// log is unchanged. Returns whether the log was ahead of the files.
pub(super) fn facts(round: u64, folder: &Folder, now: &[HistoryEntry], in_flight: bool) -> bool {
    let base = FactBase::from_dir(&folder.facts)
        .unwrap_or_else(|e| panic!("round {round}: the facts do not load:\n{e}"));
    let on_disk = placement(&base);
    let all = folder.expected(&replay(now));
    let ahead = on_disk != all;
    if ahead {
        let before_last = folder.expected(&replay(&now[..now.len().saturating_sub(1)]));
        assert!(
            in_flight && on_disk == before_last,
            "round {round}: the fact file {on_disk:?} does not hold the history {all:?}"
        );
    }
    let store = Store::open(&folder.facts, &folder.history).unwrap();
    assert_eq!(
        temp_files(&folder.facts),
        0,
        "round {round}: a temporary file is left"
    );
    assert_eq!(
        placement(&store.snapshot()),
        all,
        "round {round}: after open"
    );
    drop(store);
    assert_eq!(
        complete_history(&folder.history),
        now,
        "round {round}: open kept the log"
    );
    ahead
}

/// The records database: it opens, passes `PRAGMA integrity_check`, and every row of
/// `answers` reads, with a question that was asked. Rows only grow (none committed is lost)
/// and never outnumber the `sent` questions (none is duplicated).
pub(super) fn records(round: u64, folder: &Folder, rows: &mut usize, sent: usize) {
    use rusqlite::{Connection, OpenFlags};
    let db = Connection::open_with_flags(&folder.records, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .unwrap_or_else(|e| panic!("round {round}: the records do not open: {e}"));
    let mut check = db.prepare("PRAGMA integrity_check").unwrap();
    let verdict: Vec<String> = check
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(verdict, ["ok"], "round {round}: integrity_check");
    let mut all = db
        .prepare(
            "SELECT id, at, guild, channel, reply_message, question, outcome, label, score, \
             statements FROM answers ORDER BY id",
        )
        .unwrap();
    let read = all
        .query_map([], |r| {
            let _: (i64, i64, Option<i64>, Option<i64>, Option<i64>) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            let _: (String, f64, String) = (r.get(7)?, r.get(8)?, r.get(9)?);
            Ok((r.get::<_, String>(5)?, r.get::<_, String>(6)?))
        })
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("round {round}: the answers do not read: {e}"));
    for (question, outcome) in &read {
        assert!(
            folder.questions.contains(question),
            "round {round}: {question:?}"
        );
        let known = dealcheck::records::Outcome::parse(outcome).is_some();
        assert!(known, "round {round}: outcome {outcome:?}");
    }
    let n = read.len();
    assert!(n >= *rows, "round {round}: {n} records, there were {rows}");
    assert!(n <= sent, "round {round}: {n} records of {sent} questions");
    *rows = n;
}
