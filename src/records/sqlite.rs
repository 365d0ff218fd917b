//! The records in an embedded SQLite file (rusqlite, SQLite bundled): WAL mode, one file,
//! created on first open with its folder, schema migrations versioned in code
//! (`PRAGMA user_version`). No rusqlite type leaves this module.

use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};

use super::{
    merge_near_duplicates, AnswerRecord, Delivery, Gap, LiveAnswer, RecordStore, RecordsError,
    Vote, LOW_CONFIDENCE,
};

/// Each migration, in order; `user_version` is how many have run.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE answers (
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
    CREATE INDEX answers_at ON answers (at);",
    // Living answers (where each reply is, what it shows), feedback and the settled gaps.
    "ALTER TABLE answers ADD COLUMN token TEXT;
    ALTER TABLE answers ADD COLUMN token_until INTEGER;
    ALTER TABLE answers ADD COLUMN in_place INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX answers_token ON answers (token_until) WHERE token IS NOT NULL;
    CREATE TABLE shown (answer INTEGER NOT NULL, statement TEXT NOT NULL);
    CREATE INDEX shown_statement ON shown (statement);
    CREATE INDEX shown_answer ON shown (answer);
    CREATE TABLE votes (
        answer INTEGER NOT NULL,
        voter TEXT NOT NULL,
        helpful INTEGER NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (answer, voter)
    );
    CREATE TABLE settled (question TEXT PRIMARY KEY, at INTEGER NOT NULL);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);",
];

/// Records in one SQLite file.
pub struct SqliteRecords {
    db: Mutex<Connection>,
    /// The next record id.
    next: AtomicI64,
    /// This install's secret, which keys voters' hashes.
    secret: ring::hmac::Key,
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
        let secret = install_secret(&db).map_err(fail)?;
        let max: i64 = db
            .query_row("SELECT COALESCE(MAX(id), 0) FROM answers", [], |r| r.get(0))
            .map_err(|e| fail(e.to_string()))?;
        // Ids start past both the highest on record and the clock (seconds << 20), so an id
        // is never reused even after every record holding it was pruned.
        let next = AtomicI64::new((max + 1).max(super::now() << 20));
        Ok(SqliteRecords {
            db: Mutex::new(db),
            next,
            secret: ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &secret),
        })
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding it leaves nothing half-written: SQLite rolls back.
        self.db.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The install's secret: 32 random bytes made on first open and kept in the database.
fn install_secret(db: &Connection) -> Result<Vec<u8>, String> {
    let stored: Option<Vec<u8>> = db
        .query_row(
            "SELECT value FROM meta WHERE key = 'voter_secret'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| e.to_string())?;
    if let Some(secret) = stored {
        return Ok(secret);
    }
    let mut secret = vec![0u8; 32];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut secret)
        .map_err(|_| "the system random source failed".to_string())?;
    db.execute(
        "INSERT INTO meta (key, value) VALUES ('voter_secret', ?1)",
        params![secret],
    )
    .map_err(|e| e.to_string())?;
    Ok(secret)
}

/// Inserts one record and what it shows (the statements are prepared once per connection
/// and cached).
fn insert(db: &Connection, a: &AnswerRecord, id: i64) -> rusqlite::Result<()> {
    db.prepare_cached(
        "INSERT INTO answers (id, at, guild, channel, reply_message, question, outcome, label, score, statements)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        id,
        a.at,
        a.guild.map(|g| g as i64),
        a.channel.map(|c| c as i64),
        a.reply_message.map(|m| m as i64),
        a.question,
        a.outcome.as_str(),
        a.label,
        a.score,
        a.statements.join(" "),
    ])?;
    insert_shown(db, id, &a.statements)
}

fn insert_shown(db: &Connection, id: i64, statements: &[String]) -> rusqlite::Result<()> {
    let mut shown = db.prepare_cached("INSERT INTO shown (answer, statement) VALUES (?1, ?2)")?;
    for s in statements {
        shown.execute(params![id, s])?;
    }
    Ok(())
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

/// The gap queue: questions with no confident match, a low-confidence one or a *Not what I
/// asked* press, not settled since, by count; with the feedback on their answers.
const GAPS: &str = "SELECT a.question, COUNT(*),
        MAX(CASE WHEN a.label = '' THEN NULL ELSE a.label END),
        SUM((SELECT COUNT(*) FROM votes v WHERE v.answer = a.id AND v.helpful = 1)),
        SUM((SELECT COUNT(*) FROM votes v WHERE v.answer = a.id AND v.helpful = 0))
     FROM answers a
     WHERE a.at >= ?1
       AND NOT EXISTS (SELECT 1 FROM settled s WHERE s.question = a.question AND s.at >= a.at)
       AND (a.outcome = 'none' OR (a.outcome = 'topics' AND a.score < ?2)
            OR EXISTS (SELECT 1 FROM votes v WHERE v.answer = a.id AND v.helpful = 0))
     GROUP BY a.question ORDER BY COUNT(*) DESC, MAX(a.at) DESC LIMIT ?3";

impl RecordStore for SqliteRecords {
    fn next_id(&self) -> i64 {
        self.next.fetch_add(1, Ordering::Relaxed)
    }

    fn record(&self, a: &AnswerRecord) -> Result<i64, RecordsError> {
        let id = if a.id == 0 { self.next_id() } else { a.id };
        let mut db = self.db();
        let tx = db.transaction().map_err(query)?;
        insert(&tx, a, id).map_err(query)?;
        tx.commit().map_err(query)?;
        Ok(id)
    }

    fn record_all(&self, answers: &[AnswerRecord]) -> Result<(), RecordsError> {
        let mut db = self.db();
        let tx = db.transaction().map_err(query)?;
        for a in answers {
            let id = if a.id == 0 { self.next_id() } else { a.id };
            insert(&tx, a, id).map_err(query)?;
        }
        tx.commit().map_err(query)
    }

    fn gaps(&self, since: i64, limit: usize) -> Result<Vec<Gap>, RecordsError> {
        let db = self.db();
        let mut stmt = db.prepare_cached(GAPS).map_err(query)?;
        let rows = stmt
            .query_map(params![since, LOW_CONFIDENCE, (limit * 4) as i64], |r| {
                let label: Option<String> = r.get(2)?;
                Ok(Gap {
                    question: r.get(0)?,
                    count: r.get::<_, i64>(1)? as u64,
                    closest: label.map(|l| l.split(',').next().unwrap_or_default().to_string()),
                    helpful: r.get::<_, i64>(3)? as u64,
                    not_helpful: r.get::<_, i64>(4)? as u64,
                })
            })
            .map_err(query)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(query)?;
        let mut gaps = merge_near_duplicates(rows);
        gaps.truncate(limit);
        Ok(gaps)
    }

    fn prune(&self, before: i64, now: i64) -> Result<usize, RecordsError> {
        let mut db = self.db();
        let tx = db.transaction().map_err(query)?;
        tx.execute(
            "UPDATE answers SET token = NULL WHERE token IS NOT NULL AND token_until < ?1",
            params![now],
        )
        .map_err(query)?;
        let n = tx
            .execute("DELETE FROM answers WHERE at < ?1", params![before])
            .map_err(query)?;
        if n > 0 {
            tx.execute_batch(
                "DELETE FROM shown WHERE answer NOT IN (SELECT id FROM answers);
                 DELETE FROM votes WHERE answer NOT IN (SELECT id FROM answers);",
            )
            .map_err(query)?;
        }
        tx.execute("DELETE FROM settled WHERE at < ?1", params![before])
            .map_err(query)?;
        tx.commit().map_err(query)?;
        Ok(n)
    }

    fn delivered(&self, deliveries: &[Delivery]) -> Result<(), RecordsError> {
        let mut db = self.db();
        let tx = db.transaction().map_err(query)?;
        for d in deliveries {
            let (token, until) = d.token.clone().unzip();
            tx.prepare_cached(
                "UPDATE answers SET channel = ?2, reply_message = ?3, token = ?4, token_until = ?5,
                   in_place = ?6
                 WHERE id = ?1",
            )
            .and_then(|mut s| {
                s.execute(params![
                    d.answer,
                    d.channel as i64,
                    d.message as i64,
                    token,
                    until,
                    d.in_place
                ])
            })
            .map_err(query)?;
        }
        tx.commit().map_err(query)
    }

    fn voter(&self, user_id: u64) -> String {
        let tag = ring::hmac::sign(&self.secret, user_id.to_string().as_bytes());
        tag.as_ref()[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn vote(
        &self,
        answer: i64,
        voter: &str,
        helpful: bool,
        at: i64,
        since: i64,
    ) -> Result<Vote, RecordsError> {
        let db = self.db();
        let known: bool = db
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM answers WHERE id = ?1 AND at >= ?2)",
                params![answer, since],
                |r| r.get(0),
            )
            .map_err(query)?;
        if !known {
            return Ok(Vote::Expired);
        }
        let n = db
            .execute(
                "INSERT OR IGNORE INTO votes (answer, voter, helpful, at) VALUES (?1, ?2, ?3, ?4)",
                params![answer, voter, helpful, at],
            )
            .map_err(query)?;
        Ok(if n == 1 { Vote::Counted } else { Vote::Already })
    }

    fn live(
        &self,
        statements: &[String],
        since: i64,
        now: i64,
        limit: usize,
    ) -> Result<Vec<LiveAnswer>, RecordsError> {
        let db = self.db();
        let mut stmt = db
            .prepare_cached(
                "SELECT a.id, a.at, a.question, a.channel, a.reply_message,
                   CASE WHEN a.token_until >= ?3 THEN a.token END, a.in_place,
                   a.statements
                 FROM answers a
                 WHERE a.at >= ?1 AND a.reply_message IS NOT NULL AND a.channel IS NOT NULL
                   AND EXISTS (SELECT 1 FROM shown s WHERE s.answer = a.id AND s.statement = ?2)",
            )
            .map_err(query)?;
        let mut out: Vec<LiveAnswer> = Vec::new();
        for s in statements {
            let rows = stmt
                .query_map(params![since, s, now], |r| {
                    Ok(LiveAnswer {
                        answer: r.get(0)?,
                        at: r.get(1)?,
                        question: r.get(2)?,
                        channel: r.get::<_, i64>(3)? as u64,
                        message: r.get::<_, i64>(4)? as u64,
                        token: r.get(5)?,
                        in_place: r.get(6)?,
                        statements: r
                            .get::<_, String>(7)?
                            .split_whitespace()
                            .map(str::to_string)
                            .collect(),
                    })
                })
                .map_err(query)?;
            for row in rows {
                let row = row.map_err(query)?;
                if !out.iter().any(|l| l.answer == row.answer) {
                    out.push(row);
                }
            }
        }
        out.sort_by(|a, b| b.at.cmp(&a.at).then(b.answer.cmp(&a.answer)));
        out.truncate(limit);
        Ok(out)
    }

    fn reshown(&self, answer: i64, statements: &[String]) -> Result<(), RecordsError> {
        let mut db = self.db();
        let tx = db.transaction().map_err(query)?;
        tx.execute("DELETE FROM shown WHERE answer = ?1", params![answer])
            .map_err(query)?;
        insert_shown(&tx, answer, statements).map_err(query)?;
        tx.execute(
            "UPDATE answers SET statements = ?2 WHERE id = ?1",
            params![answer, statements.join(" ")],
        )
        .map_err(query)?;
        tx.commit().map_err(query)
    }

    fn forget(&self, answer: i64) -> Result<(), RecordsError> {
        self.db()
            .execute(
                "UPDATE answers SET reply_message = NULL, token = NULL WHERE id = ?1",
                params![answer],
            )
            .map(|_| ())
            .map_err(query)
    }

    fn settle(&self, question: &str, at: i64) -> Result<(), RecordsError> {
        self.db()
            .execute(
                "INSERT INTO settled (question, at) VALUES (?1, ?2)
                 ON CONFLICT (question) DO UPDATE SET at = MAX(at, excluded.at)",
                params![question, at],
            )
            .map(|_| ())
            .map_err(query)
    }
}

#[cfg(test)]
mod tests;
