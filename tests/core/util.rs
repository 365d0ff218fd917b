//! Helpers the core tests share: where the project's files are, the bundled fact base
//! (loaded once per binary), and a temporary copy of the bundled facts folder.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dealcheck::matcher::Snapshot;

/// The project's root folder.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A path under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// The bundled facts folder.
pub fn bundled_dir() -> PathBuf {
    root().join("facts")
}

/// The bundled fact base with its index, loaded once.
pub fn bundled() -> &'static Snapshot {
    static FACTS: OnceLock<Snapshot> = OnceLock::new();
    FACTS.get_or_init(|| Snapshot::from_dir(&bundled_dir()).expect("the bundled facts load"))
}

/// Copies a folder and everything under it (fact files and their archived sources).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}
