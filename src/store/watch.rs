//! Noticing fact files changed on disk (a `git pull`) without a restart: a cheap fingerprint
//! of the folder (each `*.toml` file's name, size and mtime), compared on each poll.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use super::Store;
use crate::facts::LoadError;
use crate::matcher::Snapshot;

/// The fact folder's `*.toml` files: name, size and modification time, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Fingerprint(Vec<(PathBuf, u64, Option<SystemTime>)>);

impl Fingerprint {
    pub(super) fn of(dir: &Path) -> Fingerprint {
        let mut out: Vec<_> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
            .map(|e| {
                let meta = e.metadata().ok();
                (
                    e.path(),
                    meta.as_ref().map_or(0, |m| m.len()),
                    meta.and_then(|m| m.modified().ok()),
                )
            })
            .collect();
        out.sort();
        Fingerprint(out)
    }
}

impl Store {
    /// Reloads the fact files if they changed on disk since the store last read or wrote
    /// them; `None` when they did not. A broken file keeps the last good fact base serving
    /// ([`Store::reload`]).
    pub fn reload_if_changed(&self) -> Option<Result<Arc<Snapshot>, LoadError>> {
        let now = Fingerprint::of(&self.facts_dir);
        {
            let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
            if *seen == now {
                return None;
            }
            *seen = now;
        }
        Some(self.reload())
    }

    /// Notes the folder as the store itself just left it (its own writes are no news).
    pub(super) fn saw_own_write(&self) {
        let now = Fingerprint::of(&self.facts_dir);
        *self.seen.lock().unwrap_or_else(|p| p.into_inner()) = now;
    }
}
