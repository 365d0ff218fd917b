//! The records in an embedded SQLite file (rusqlite, SQLite bundled): WAL mode, one file,
//! created on first open with its folder, schema migrations versioned in code
//! (`PRAGMA user_version`). No rusqlite type leaves this module.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection};

use super::{merge_near_duplicates, AnswerRecord, Gap, RecordStore, RecordsError, LOW_CONFIDENCE};

/// Each migration, in order; `user_version` is how many have run.
const MIGRATIONS: &[&str] = &["CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        guild INTEGER,
        channel INTEGER,
        reply_message INTEGER,
        question TEXT NOT NULL,
        outcome TEXT NOT NULL,
        label TEXT NOT NULL,
        score REAL NOT NULL,
        statements TEXT NOT NULL
    );
    CREATE INDEX answers_at ON answers (at);"];

/// Records in one SQLite file.
pub struct SqliteRecords {
    db: Mutex<Connection>,
}

impl std::fmt::Debug for SqliteRecords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SqliteRecords")
    }
}

fn query(e: rusqlite::Error) -> RecordsError {
    RecordsError::Query(e.to_string())
}

impl SqliteRecords {
    /// Opens (creating it and its folder) the database at `path` and brings its schema up to
    /// date.
    pub fn open(path: &Path) -> Result<SqliteRecords, RecordsError> {
        let fail = |message: String| RecordsError::Open {
            path: path.to_path_buf(),
            message,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| fail(e.to_string()))?;
        }
        let db = Connection::open(path).map_err(|e| fail(e.to_string()))?;
        db.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| fail(e.to_string()))?;
        db.pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| fail(e.to_string()))?;
        db.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| fail(e.to_string()))?;
        migrate(&db).map_err(|e| fail(e.to_string()))?;
        Ok(SqliteRecords { db: Mutex::new(db) })
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding it leaves nothing half-written: SQLite rolls back.
        self.db.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Inserts one record (the statement is prepared once per connection and cached).
fn insert(db: &Connection, a: &AnswerRecord) -> rusqlite::Result<usize> {
    db.prepare_cached(
        "INSERT INTO answers (at, guild, channel, reply_message, question, outcome, label, score, statements)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        a.at,
        a.guild.map(|g| g as i64),
        a.channel.map(|c| c as i64),
        a.reply_message.map(|m| m as i64),
        a.question,
        a.outcome.as_str(),
        a.label,
        a.score,
        a.statements.join(" "),
    ])
}

/// Runs the migrations the file has not had yet, each in a transaction.
fn migrate(db: &Connection) -> rusqlite::Result<()> {
    let done: i64 = db.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (n, sql) in MIGRATIONS.iter().enumerate().skip(done.max(0) as usize) {
        db.execute_batch(&format!(
            "BEGIN; {sql}; PRAGMA user_version = {}; COMMIT;",
            n + 1
        ))?;
    }
    Ok(())
}

impl RecordStore for SqliteRecords {
    fn record(&self, a: &AnswerRecord) -> Result<i64, RecordsError> {
        let db = self.db();
        insert(&db, a).map_err(query)?;
        Ok(db.last_insert_rowid())
    }

    fn record_all(&self, answers: &[AnswerRecord]) -> Result<(), RecordsError> {
        let mut db = self.db();
        let tx = db.transaction().map_err(query)?;
        for a in answers {
            insert(&tx, a).map_err(query)?;
        }
        tx.commit().map_err(query)
    }

    fn gaps(&self, since: i64, limit: usize) -> Result<Vec<Gap>, RecordsError> {
        let db = self.db();
        let mut stmt = db
            .prepare(
                "SELECT question, COUNT(*), MAX(CASE WHEN label = '' THEN NULL ELSE label END)
                 FROM answers
                 WHERE at >= ?1 AND (outcome = 'none' OR (outcome = 'topics' AND score < ?2))
                 GROUP BY question ORDER BY COUNT(*) DESC, MAX(at) DESC LIMIT ?3",
            )
            .map_err(query)?;
        let rows = stmt
            .query_map(params![since, LOW_CONFIDENCE, (limit * 4) as i64], |r| {
                Ok(Gap {
                    question: r.get(0)?,
                    count: r.get::<_, i64>(1)? as u64,
                    closest: r.get(2)?,
                })
            })
            .map_err(query)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(query)?;
        let mut gaps = merge_near_duplicates(rows);
        gaps.truncate(limit);
        Ok(gaps)
    }

    fn prune(&self, before: i64) -> Result<usize, RecordsError> {
        self.db()
            .execute("DELETE FROM answers WHERE at < ?1", params![before])
            .map_err(query)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{normalize_question, Outcome};
    use super::*;

    fn answer(q: &str, outcome: Outcome, label: &str, score: f64, at: i64) -> AnswerRecord {
        AnswerRecord {
            at,
            guild: Some(1),
            channel: Some(2),
            reply_message: None,
            question: normalize_question(q),
            outcome,
            label: label.into(),
            score,
            statements: vec![],
        }
    }

    #[test]
    fn gaps_are_grouped_ranked_and_pruned_and_the_schema_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records/answers.sqlite3");
        let db = SqliteRecords::open(&path).unwrap();
        for (q, o, label, score) in [
            (
                "is japan buying us beef?",
                Outcome::None,
                "agriculture-rice",
                0.3,
            ),
            ("Is Japan buying US beef", Outcome::None, "", 0.0),
            ("is japan buying us beef too", Outcome::None, "", 0.0),
            ("what about the yen", Outcome::None, "", 0.0),
            ("is it a loan", Outcome::Topics, "seed-money-loan", 0.95),
            (
                "are the chips sorted",
                Outcome::Topics,
                "strategic-sectors",
                0.52,
            ),
        ] {
            db.record(&answer(q, o, label, score, 1_000)).unwrap();
        }
        db.record(&answer("old question", Outcome::None, "", 0.0, 10))
            .unwrap();
        let gaps = db.gaps(100, 10).unwrap();
        let listed: Vec<(&str, u64)> = gaps
            .iter()
            .map(|g| (g.question.as_str(), g.count))
            .collect();
        assert_eq!(
            listed,
            [
                ("is japan buying us beef", 3),
                ("are the chips sorted", 1),
                ("what about the yen", 1)
            ]
        );
        assert_eq!(gaps[0].closest.as_deref(), Some("agriculture-rice"));
        assert_eq!(db.prune(100).unwrap(), 1);
        drop(db);
        let again = SqliteRecords::open(&path).unwrap();
        assert_eq!(again.gaps(0, 10).unwrap().len(), 3);
        let mode: String = again
            .db()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
