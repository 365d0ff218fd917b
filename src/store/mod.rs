//! The store: the single writer of the fact base.
//!
//! Readers take the current snapshot ([`Store::snapshot`], lock-free) and never wait. Every
//! change goes through one mutex inside [`Store`]: it is checked field by field
//! ([`edit`]), applied to the deal file's original text with `toml_edit` (comments and
//! layout kept, [`rewrite`]), validated as a whole fact base with the same rules as `dealcheck check`,
//! written atomically and logged ([`persist`], which explains the crash-safe order), and only
//! then served, by swapping in the new snapshot. The audit log is [`history`].
//!
//! Changes are made against the fact files as they are on disk at the time (a `git pull`
//! since the last reload is included), and the snapshot swapped in is built from those files.

pub mod edit;
mod fields;
pub mod history;
pub mod options;
pub mod persist;
pub mod revert;
pub mod rewrite;
mod watch;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use arc_swap::ArcSwap;

use crate::facts::{self, FactBase, LoadError, Problem, Statement};
use crate::matcher::Snapshot;

pub use edit::{parse_status, Edit, NewStatement, SourceChoice};
pub use history::{HistoryEntry, State, StatementRecord, TopicRecord};
pub use options::{current_statement, source_choice};

use history::Log;
use persist::CommitError;

/// The moderator who makes a change, as the history records them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Discord user id.
    pub user_id: u64,
    /// Display name at the time of the change.
    pub name: String,
}

/// A change that was saved, logged and is now served.
#[derive(Debug, Clone)]
pub struct Applied {
    /// Its number in the history (what `revert` takes).
    pub change: u64,
    /// One human line saying what changed, ending with the change number.
    pub summary: String,
    /// The fact base with the change, as now served.
    pub snapshot: Arc<Snapshot>,
}

/// Why a change was not made. Nothing was written unless the message says otherwise.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// A value is wrong; `field` names the option to fix.
    #[error("{message}")]
    Invalid {
        /// The field at fault (`text`, `topic`, `statement`, `party`, `source_url`, ...).
        field: &'static str,
        /// What is wrong and what to do, naming the field.
        message: String,
    },
    /// The statement (or topic) changed since the moderator looked at it.
    #[error("conflict: `{id}` was changed by someone else since you loaded it; it now reads \"{current_text}\" (revision {current_revision}); redo your change against this text")]
    Conflict {
        /// The statement (or topic) id.
        id: String,
        /// Its current text (a topic's title).
        current_text: String,
        /// Its current revision, to base a new edit on.
        current_revision: String,
    },
    /// The change would make the fact base invalid (the same rules as `dealcheck check`).
    #[error("refused, nothing was saved: {}", summarize(.0))]
    Rejected(Vec<Problem>),
    /// The change could not be saved.
    #[error("could not save the change: {0}")]
    Io(std::io::Error),
    /// A bug: the rewritten file did not hold exactly the requested change. Nothing was saved.
    #[error("internal error, nothing was saved: {0}")]
    Internal(String),
}

impl EditError {
    /// Whether this is the moderator's to fix (a field, a conflict, a refusal) rather than
    /// a failure on our side (I/O, a bug), which should be logged as an error.
    pub fn is_user_error(&self) -> bool {
        !matches!(self, EditError::Io(_) | EditError::Internal(_))
    }
}

fn summarize(problems: &[Problem]) -> String {
    match problems {
        [] => "the fact base would be invalid".into(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more problems)", rest.len()),
    }
}

fn one_line(e: &LoadError) -> String {
    match e {
        LoadError::Invalid { problems } => summarize(problems),
    }
}

/// Why the store could not open or read its files.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The fact files do not load.
    #[error("cannot load the fact base: {}", one_line(.0))]
    Load(#[from] LoadError),
    /// A file or folder of the store could not be read or written.
    #[error("cannot use {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

/// The revision of a statement: a stable hash (FNV-1a, 64 bits, in hex) of its status, text,
/// speaker, party and source. An edit names the revision it was based on, so a change made in
/// the meantime is detected instead of silently overwritten.
pub fn revision(s: &Statement) -> String {
    format!(
        "{:016x}",
        persist::fnv1a64(
            [
                s.status.as_str(),
                s.text.as_str(),
                s.speaker.as_str(),
                s.party.as_str(),
                s.source.as_str(),
                s.quote.as_deref().unwrap_or(""),
                s.responds_to.as_deref().unwrap_or(""),
                s.said_on.as_deref().unwrap_or(""),
            ]
            .into_iter()
            // Only when present, so revisions of statements without one are unchanged.
            .chain(s.text_ja.as_deref()),
        )
    )
}

/// A change now served: the fact base before and after it, and what it was. Listeners
/// ([`Store::on_change`]) get one for every applied change, revert and reload.
#[derive(Debug, Clone)]
pub struct Change {
    /// What was served before.
    pub before: Arc<Snapshot>,
    /// What is served now.
    pub after: Arc<Snapshot>,
    /// One human line: the change's summary, or that the files were reloaded.
    pub summary: String,
}

type Listener = Box<dyn Fn(&Change) + Send + Sync>;

/// The fact base and its only writer. `Send + Sync`: share it as `Arc<Store>`.
pub struct Store {
    /// The folder of deal files.
    facts_dir: PathBuf,
    /// The audit log (JSON lines).
    history_file: PathBuf,
    /// What readers are served; swapped whole after each change.
    current: ArcSwap<Snapshot>,
    /// The one writer: every change and reload holds this lock from reading the files to
    /// swapping the snapshot.
    writer: Mutex<Log>,
    /// Told of every change once it is served (see [`Store::on_change`]).
    listeners: Mutex<Vec<Listener>>,
    /// The fact folder as last read or written ([`Store::reload_if_changed`]).
    seen: Mutex<watch::Fingerprint>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("facts_dir", &self.facts_dir)
            .field("history_file", &self.history_file)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the store: opens (creating it and its folder if missing) the history log,
    /// finishes or discards a write a crash interrupted, and loads the fact base.
    pub fn open(facts_dir: &Path, history_file: &Path) -> Result<Store, StoreError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError::Io { path, source }
        };
        let log = Log::open(history_file).map_err(io(history_file))?;
        for note in persist::recover(facts_dir, &log).map_err(io(facts_dir))? {
            tracing::warn!(facts = %facts_dir.display(), "{note}");
        }
        let seen = watch::Fingerprint::of(facts_dir);
        let base = Snapshot::from_dir(facts_dir)?;
        Ok(Store {
            facts_dir: facts_dir.to_path_buf(),
            history_file: history_file.to_path_buf(),
            current: ArcSwap::from_pointee(base),
            writer: Mutex::new(log),
            listeners: Mutex::new(Vec::new()),
            seen: Mutex::new(seen),
        })
    }

    /// Calls `listener` after every change is saved and served (edits, reverts, reloads), in
    /// order, while the writer lock is held: it must only hand the change on (e.g. send it
    /// down a channel), never wait.
    pub fn on_change(&self, listener: impl Fn(&Change) + Send + Sync + 'static) {
        self.listeners
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Box::new(listener));
    }

    /// Serves `after` and tells the listeners.
    fn serve(&self, after: Arc<Snapshot>, summary: String) {
        let before = self.current.swap(Arc::clone(&after));
        let change = Change {
            before,
            after,
            summary,
        };
        for listener in self
            .listeners
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            listener(&change);
        }
    }

    /// The fact base as now served. Lock-free: never waits on a writer.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    /// The folder of deal files.
    pub fn facts_dir(&self) -> &Path {
        &self.facts_dir
    }

    /// The history log.
    pub fn history_file(&self) -> &Path {
        &self.history_file
    }

    /// Checks, saves, logs and serves one change. On `Ok` the change is in the deal file and
    /// in the history (both synced), and [`Store::snapshot`] serves it.
    pub fn apply(&self, edit: Edit, actor: &Actor) -> Result<Applied, EditError> {
        let mut log = self.lock();
        self.commit(&mut log, actor, |base, log| {
            edit::plan(base, edit, log.used_ids())
        })
    }

    /// Checks a change against the fact base now served, writing nothing: a moderator's
    /// options are refused before they type a text into a form. [`Store::apply`] checks again.
    pub fn check(&self, edit: Edit) -> Result<(), EditError> {
        let log = self.lock();
        edit::plan(&self.snapshot(), edit, log.used_ids()).map(|_| ())
    }

    /// Undoes history entry `change` by applying its inverse to the current files, and logs
    /// that as a new `revert` entry. A conflict if what `change` produced has been changed
    /// since.
    pub fn revert(&self, change: u64, actor: &Actor) -> Result<Applied, EditError> {
        let mut log = self.lock();
        let entry = history::read_all(&self.history_file)
            .map_err(EditError::Io)?
            .into_iter()
            .find(|e| e.change == change)
            .ok_or_else(|| EditError::Invalid {
                field: "change",
                message: format!("no `change` {change} in the history; /fact history lists them"),
            })?;
        self.commit(&mut log, actor, |base, _| revert::plan_revert(base, &entry))
    }

    /// The history entries touching `id` (a topic id also matches its statements' entries),
    /// oldest first, at most the last `limit`.
    pub fn history(&self, id: &str, limit: usize) -> Result<Vec<HistoryEntry>, StoreError> {
        let all = history::read_all(&self.history_file).map_err(|source| StoreError::Io {
            path: self.history_file.clone(),
            source,
        })?;
        let mut hits: Vec<HistoryEntry> = all.into_iter().filter(|e| e.touches(id)).collect();
        let skip = hits.len().saturating_sub(limit);
        hits.drain(..skip);
        Ok(hits)
    }

    /// Re-reads the fact files from disk. Serves them only if the whole base validates; on an
    /// error the last good snapshot stays and the error (`file:line:col` problems) is returned.
    pub fn reload(&self) -> Result<Arc<Snapshot>, LoadError> {
        let _writer = self.lock();
        match Snapshot::from_dir(&self.facts_dir) {
            Ok(base) => {
                let base = Arc::new(base);
                self.serve(Arc::clone(&base), "fact files reloaded from disk".into());
                Ok(base)
            }
            Err(e) => {
                tracing::warn!(facts = %self.facts_dir.display(), error = %e, "reload failed; still serving the last good fact base");
                Err(e)
            }
        }
    }

    /// The writer lock. A panic while it was held leaves the log's in-memory state possibly
    /// behind the file, so it is re-read from the file.
    fn lock(&self) -> MutexGuard<'_, Log> {
        match self.writer.lock() {
            Ok(guard) => guard,
            Err(poisoned) => {
                let mut guard = poisoned.into_inner();
                match Log::open(&self.history_file) {
                    Ok(log) => *guard = log,
                    Err(e) => {
                        tracing::error!(error = %e, "cannot re-read the history log after a panic")
                    }
                }
                self.writer.clear_poison();
                guard
            }
        }
    }

    /// The one write path: read the files, plan, rewrite, validate, persist, serve.
    fn commit(
        &self,
        log: &mut Log,
        actor: &Actor,
        make_plan: impl FnOnce(&FactBase, &Log) -> Result<edit::Plan, EditError>,
    ) -> Result<Applied, EditError> {
        let (texts, archives, problems) = facts::read_dir_texts(&self.facts_dir);
        if !problems.is_empty() {
            return Err(EditError::Rejected(problems));
        }
        let base = FactBase::from_parts(texts.clone(), &archives).map_err(EditError::Rejected)?;
        let plan = make_plan(&base, log)?;

        let at = texts
            .iter()
            .position(|(path, _)| *path == plan.file)
            .ok_or_else(|| {
                EditError::Io(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("{} is no longer in the facts folder", plan.file.display()),
                ))
            })?;
        let old_text = texts[at].1.clone();
        let new_text = rewrite::rewrite(&old_text, &plan.file, &plan.ops)?;
        let mut new_texts = texts;
        new_texts[at].1 = new_text.clone();
        let new_base = FactBase::from_parts(new_texts, &archives).map_err(EditError::Rejected)?;

        // Guard: the re-parsed files must hold exactly the intended change, nothing else.
        if rewrite::expected(base.deals(), &plan.file, &plan.ops) != new_base.deals() {
            return Err(EditError::Internal(format!(
                "the rewritten {} does not hold exactly the requested change",
                crate::facts::display_path(&plan.file)
            )));
        }

        let change = log.next_change();
        let entry = HistoryEntry {
            change,
            at: history::now_rfc3339(),
            user_id: actor.user_id,
            user: actor.name.clone(),
            action: plan.action.to_string(),
            deal: plan.deal,
            topic: plan.topic,
            statement: plan.statement,
            before: plan.before,
            after: plan.after,
            reverts: plan.reverts,
        };
        let summary = format!("{} (change {change})", plan.summary);
        let snapshot = Arc::new(Snapshot::new(new_base));
        match persist::commit(&plan.file, &old_text, &new_text, log, &entry) {
            Ok(()) => {}
            Err(CommitError::NotSaved(e)) => return Err(EditError::Io(e)),
            Err(CommitError::Unsynced(e)) => {
                // The change is in the file and the log: serve what is on disk.
                self.serve(Arc::clone(&snapshot), summary.clone());
                return Err(EditError::Io(std::io::Error::new(
                    e.kind(),
                    format!("change {change} was saved, but the folder could not be synced, so it may not survive a power loss: {e}"),
                )));
            }
        }
        self.saw_own_write();
        self.serve(Arc::clone(&snapshot), summary.clone());
        tracing::info!(change, user = %actor.name, user_id = actor.user_id, "{summary}");
        Ok(Applied {
            change,
            summary,
            snapshot,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn the_store_is_shareable() {
        assert_send_sync::<Store>();
        assert_send_sync::<EditError>();
        assert_send_sync::<StoreError>();
    }

    #[test]
    fn revision_is_stable_and_content_based() {
        let s = Statement {
            id: "a-1".into(),
            status: facts::Status::Announced,
            text: "t".into(),
            text_ja: None,
            speaker: "s".into(),
            party: "p".into(),
            source: "r".into(),
            quote: None,
            responds_to: None,
            said_on: None,
        };
        let r = revision(&s);
        assert_eq!(r.len(), 16);
        assert_eq!(
            r,
            revision(&Statement {
                id: "other".into(),
                ..s.clone()
            })
        );
        assert_ne!(
            r,
            revision(&Statement {
                text: "u".into(),
                ..s
            })
        );
    }
}
