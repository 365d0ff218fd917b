//! What readers share: a validated fact base and the matcher's index built over it. The
//! loader (the CLI, the store) builds one; a change builds a new one. It reads as the fact
//! base it holds (`Deref`), so `snapshot.topic(id)` works as on a [`FactBase`].

use std::path::Path;

use super::Index;
use crate::facts::{FactBase, LoadError};

/// A fact base and its index.
#[derive(Debug)]
pub struct Snapshot {
    facts: FactBase,
    index: Index,
}

impl Snapshot {
    /// Indexes a fact base.
    pub fn new(facts: FactBase) -> Snapshot {
        let index = Index::build(facts.deals());
        Snapshot { facts, index }
    }

    /// Loads the fact files of `dir` ([`FactBase::from_dir`]) and indexes them.
    pub fn from_dir(dir: &Path) -> Result<Snapshot, LoadError> {
        FactBase::from_dir(dir).map(Snapshot::new)
    }

    /// The fact base.
    pub fn facts(&self) -> &FactBase {
        &self.facts
    }

    /// The matcher's index.
    pub fn index(&self) -> &Index {
        &self.index
    }
}

impl std::ops::Deref for Snapshot {
    type Target = FactBase;

    fn deref(&self) -> &FactBase {
        &self.facts
    }
}
