//! Putting one change on disk: the deal file, atomically, and its history line, durably, in an
//! order that survives a crash (SIGKILL or power loss) at any point.
//!
//! # The order, and why
//!
//! A change touches two files: the deal's TOML file and the history log. Neither can be
//! written together with the other, so the order decides what a crash can leave behind. The
//! promises are: (a) a fact file is always either wholly old or wholly new, never torn or
//! unparseable; (b) every change acknowledged to the caller is in the fact file *and* in the
//! log; (c) after the next start, the log and the files agree (no logged change missing from
//! the files, no change in the files missing from the log).
//!
//! 1. **Write the new file to a temporary file** in the same folder
//!    (`.{name}.{change}.{hash of the old text}.dealcheck-tmp`: not `*.toml`, so loading never
//!    sees it), fsync it, fsync the folder. Nothing the program reads has changed yet.
//! 2. **Append the history line** and fsync the log. This is the commit point: from here the
//!    change is decided, and everything needed to finish it (the complete, synced temporary
//!    file) is on disk.
//! 3. **Rename** the temporary file over the deal file (atomic within a folder: readers see the
//!    old or the new file, never a mix), then fsync the folder so the rename itself is durable.
//! 4. Swap in the new snapshot and return `Ok` (the acknowledgement).
//!
//! What a crash leaves, by where it strikes:
//! - during 1: a partial temporary file; no log line. At the next open, `recover` deletes
//!   the temporary file (its change number is not in the log). Nothing was acknowledged.
//! - during 2: a torn log line, or a complete one. A torn final line is cut off at open
//!   (`history::Log::open`) and its temporary file deleted, as above.
//! - between 2 and 3 (complete log line, file not yet renamed): the log says change *N* happened
//!   and the temporary file for *N* is complete (it was synced before the line was written).
//!   `recover` **rolls it forward**: it renames the temporary file into place, as step 3 would
//!   have. It checks first that the deal file still holds the text the change was made against
//!   (the hash in the temporary file's name); if someone replaced the file while the bot was
//!   down, it leaves their file alone, deletes the temporary file and logs a warning that
//!   change *N* was not applied. The change was never acknowledged, but it is in the log, so
//!   rolling forward (rather than erasing a synced log line) keeps the log append-only and the
//!   files in agreement with it.
//! - after 3: file and log both hold the change; only the acknowledgement was lost.
//!
//! Why not the other orders: renaming first and logging second leaves, after a crash between
//! the two, a change in the file that the log never records (and the log cannot tell it from a
//! hand edit); logging first *without* a synced temporary file leaves a logged change with
//! nothing on disk to finish it. Writing the temporary file first makes the log line the single
//! commit point.
//!
//! A failure (not a crash) is undone in the running process: before the rename, the
//! temporary file is removed and a written log line is cut off again; a failed fsync of the
//! folder *after* the rename is reported as `CommitError::Unsynced`: the change is in place
//! and logged, but its durability against power loss is not confirmed.
//!
//! Limits: one process owns a facts folder and its log (two bots on one folder would race);
//! a temporary file left by a crash is only finished by the next [`super::Store::open`].

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::history::{HistoryEntry, Log};

/// The suffix of temporary files; anything else in the folder is left alone.
const TEMP_SUFFIX: &str = ".dealcheck-tmp";

/// Why a change could not be put on disk.
#[derive(Debug)]
pub(crate) enum CommitError {
    /// Nothing changed: the fact file and the log are as they were.
    NotSaved(io::Error),
    /// The change is in the file and in the log, but the folder could not be synced after the
    /// rename, so it might not survive a power loss.
    Unsynced(io::Error),
}

/// FNV-1a, 64 bits, over `parts` separated by a unit separator (so `("ab","c")` and
/// `("a","bc")` differ).
pub(crate) fn fnv1a64<'a>(parts: impl IntoIterator<Item = &'a str>) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            hash ^= 0x1f;
            hash = hash.wrapping_mul(PRIME);
        }
        for &b in part.as_bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// Puts one change on disk: temporary file, log line, rename (see the module docs).
/// `base_text` is the deal file's text the change was made against.
pub(crate) fn commit(
    original: &Path,
    base_text: &str,
    new_text: &str,
    log: &mut Log,
    entry: &HistoryEntry,
) -> Result<(), CommitError> {
    let dir = folder_of(original);
    let temp = temp_path(original, entry.change, fnv1a64([base_text]));

    if let Err(e) = write_temp(&temp, original, new_text, &dir) {
        let _ = fs::remove_file(&temp);
        return Err(CommitError::NotSaved(e));
    }
    let len_before = match log.append(entry) {
        Ok(len) => len,
        Err(e) => {
            let _ = fs::remove_file(&temp);
            return Err(CommitError::NotSaved(e));
        }
    };
    if let Err(e) = fs::rename(&temp, original) {
        let _ = fs::remove_file(&temp);
        if log.cut(len_before).is_err() {
            // The line stays in the log: never hand its number out again.
            log.note(entry);
        }
        return Err(CommitError::NotSaved(e));
    }
    log.note(entry);
    sync_dir(&dir).map_err(CommitError::Unsynced)
}

/// Finishes or discards the temporary files a crash left in `facts_dir` (see the module
/// docs). Returns one line per file handled, for the log.
pub(crate) fn recover(facts_dir: &Path, log: &Log) -> io::Result<Vec<String>> {
    let mut notes = Vec::new();
    for dir_entry in fs::read_dir(facts_dir)? {
        let temp = dir_entry?.path();
        let Some((name, change, hash)) = temp
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(parse_temp_name)
        else {
            continue;
        };
        let original = facts_dir.join(&name);
        let unchanged = fs::read_to_string(&original)
            .map(|text| fnv1a64([text.as_str()]) == hash)
            .unwrap_or(false);
        if log.last_change() == Some(change) && unchanged {
            fs::rename(&temp, &original)?;
            sync_dir(facts_dir)?;
            notes.push(format!(
                "finished change {change}: it was logged but the crash came before {name} was replaced"
            ));
        } else {
            fs::remove_file(&temp)?;
            if log.last_change() == Some(change) {
                notes.push(format!(
                    "change {change} is in the history but was NOT applied: {name} was changed by someone else before the restart"
                ));
            } else {
                notes.push(format!(
                    "discarded an unfinished write of {name} (change {change} was never logged)"
                ));
            }
        }
    }
    Ok(notes)
}

/// `.{name}.{change}.{hash:016x}.dealcheck-tmp` beside the original.
fn temp_path(original: &Path, change: u64, hash: u64) -> PathBuf {
    let name = original
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    folder_of(original).join(format!(".{name}.{change}.{hash:016x}{TEMP_SUFFIX}"))
}

/// The inverse of [`temp_path`]'s name: (original file name, change, hash).
fn parse_temp_name(file_name: &str) -> Option<(String, u64, u64)> {
    let inner = file_name.strip_prefix('.')?.strip_suffix(TEMP_SUFFIX)?;
    let mut parts = inner.rsplitn(3, '.');
    let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
    let change = parts.next()?.parse().ok()?;
    let name = parts.next().filter(|n| !n.is_empty())?;
    Some((name.to_string(), change, hash))
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes and fsyncs the temporary file (with the original's permissions), then fsyncs the
/// folder so the file's name is durable too.
fn write_temp(temp: &Path, original: &Path, text: &str, dir: &Path) -> io::Result<()> {
    match fs::remove_file(temp) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut file = OpenOptions::new().write(true).create_new(true).open(temp)?;
    if let Ok(meta) = fs::metadata(original) {
        let _ = file.set_permissions(meta.permissions());
    }
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    drop(file);
    sync_dir(dir)
}

/// Fsyncs a folder, making the names in it (a rename, a new file) durable.
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_round_trip() {
        let p = temp_path(Path::new("facts/us-japan-550b.toml"), 17, 0xabc);
        assert_eq!(
            p,
            Path::new("facts/.us-japan-550b.toml.17.0000000000000abc.dealcheck-tmp")
        );
        let name = p.file_name().unwrap().to_str().unwrap();
        assert_eq!(
            parse_temp_name(name),
            Some(("us-japan-550b.toml".into(), 17, 0xabc))
        );
        assert!(Path::new(name).extension().is_some_and(|e| e != "toml"));
        assert_eq!(parse_temp_name(".hidden.toml"), None);
    }

    #[test]
    fn fnv_separates_fields() {
        assert_ne!(fnv1a64(["ab", "c"]), fnv1a64(["a", "bc"]));
        // Reference value of FNV-1a 64 for "a".
        assert_eq!(fnv1a64(["a"]), 0xaf63_dc4c_8601_ec8c);
    }
}
