//! SQLite storage: schema, WAL, one connection behind a mutex; pruning of expired rows.
//!
//! `:memory:` is a private database of SQLite's `memdb` VFS (one buffer), not SQLite's own
//! `:memory:` database: the latter scans its whole page cache at every commit (it touches the
//! lock-byte page, page 262,145, so each commit truncates the cache from there), which made a
//! token refresh cost more the more rows the database held. A `memdb` database holds at most
//! 1 GiB (SQLite's default limit), a few million rotated refresh tokens.
//!
//! Bearer-like tokens (refresh and verification tokens, tickets, sudo and provider tokens,
//! OAuth codes) are stored as SHA-256 digests ([`crate::secret`]). Verification codes are kept
//! as they are, since the dev inbox shows them: whoever reads the database can use one while it
//! is valid (its verification id is in the same row).
use rusqlite::{Connection, MAIN_DB, OpenFlags};
use std::path::Path;

/// The URI that opens the in-memory database: a `memdb` database private to its connection
/// (the name does not start with `/`, so no other connection can open it).
const MEMORY_URI: &str = "file:cloudbase-auth-emulator?vfs=memdb";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS users (
  env TEXT NOT NULL, id TEXT NOT NULL, username TEXT, email TEXT, phone TEXT,
  password_hash TEXT, name TEXT NOT NULL DEFAULT '', picture TEXT NOT NULL DEFAULT '',
  gender TEXT NOT NULL DEFAULT 'UNKNOWN', locale TEXT NOT NULL DEFAULT '',
  created_from TEXT NOT NULL, anonymous INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY (env, id));
CREATE UNIQUE INDEX IF NOT EXISTS users_username ON users(env, username);
CREATE UNIQUE INDEX IF NOT EXISTS users_email ON users(env, email);
CREATE UNIQUE INDEX IF NOT EXISTS users_phone ON users(env, phone);
CREATE TABLE IF NOT EXISTS codes (
  env TEXT NOT NULL, id TEXT NOT NULL, to_addr TEXT NOT NULL, channel TEXT NOT NULL,
  code TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, sent_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL, verified INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (env, id));
CREATE INDEX IF NOT EXISTS codes_to ON codes(env, to_addr, sent_at);
CREATE INDEX IF NOT EXISTS codes_inbox ON codes(to_addr, sent_at);
CREATE TABLE IF NOT EXISTS vtokens (
  env TEXT NOT NULL, token TEXT NOT NULL, to_addr TEXT NOT NULL, expires_at INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (env, token));
CREATE TABLE IF NOT EXISTS sessions (
  env TEXT NOT NULL, id TEXT NOT NULL, user_id TEXT NOT NULL, scope TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (env, id));
CREATE TABLE IF NOT EXISTS refresh_tokens (
  env TEXT NOT NULL, token TEXT NOT NULL, session_id TEXT NOT NULL,
  rotated_at INTEGER, successor TEXT, PRIMARY KEY (env, token));
CREATE TABLE IF NOT EXISTS tickets (
  env TEXT NOT NULL, ticket TEXT NOT NULL, uid TEXT NOT NULL, expires_at INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (env, ticket));
CREATE TABLE IF NOT EXISTS sudo_tokens (
  env TEXT NOT NULL, token TEXT NOT NULL, user_id TEXT NOT NULL, expires_at INTEGER NOT NULL,
  PRIMARY KEY (env, token));
CREATE TABLE IF NOT EXISTS identities (
  env TEXT NOT NULL, provider_id TEXT NOT NULL, provider_user_id TEXT NOT NULL,
  user_id TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL, picture TEXT NOT NULL,
  created_at INTEGER NOT NULL, PRIMARY KEY (env, provider_id, provider_user_id));
CREATE UNIQUE INDEX IF NOT EXISTS identities_user ON identities(env, user_id, provider_id);
CREATE TABLE IF NOT EXISTS oauth_codes (
  env TEXT NOT NULL, code TEXT NOT NULL, provider_id TEXT NOT NULL, sub TEXT NOT NULL,
  name TEXT NOT NULL, email TEXT NOT NULL, picture TEXT NOT NULL, redirect_uri TEXT NOT NULL,
  expires_at INTEGER NOT NULL, PRIMARY KEY (env, code));
CREATE TABLE IF NOT EXISTS provider_tokens (
  env TEXT NOT NULL, token TEXT NOT NULL, provider_id TEXT NOT NULL, sub TEXT NOT NULL,
  name TEXT NOT NULL, email TEXT NOT NULL, picture TEXT NOT NULL, expires_at INTEGER NOT NULL,
  PRIMARY KEY (env, token));
";

/// Pages the write-ahead log of a database file grows to before it is checkpointed.
const WAL_PAGES: i64 = 10_000;

/// Bytes of a database file read through a memory map.
const MMAP_BYTES: i64 = 256 << 20;

/// Opens (and creates) the database: a file in WAL mode with `synchronous=NORMAL`, or for
/// `:memory:` an in-memory database with its rollback journal in memory.
pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = if path.as_os_str() == ":memory:" {
        let conn = Connection::open_with_flags(
            MEMORY_URI,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.pragma_update(None, "journal_mode", "MEMORY")?;
        conn
    } else {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(parent);
        }
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // Checkpoint every WAL_PAGES pages rather than SQLite's 1,000: a page written by many
        // commits (the last leaf of a table) is copied to the file once per checkpoint, and
        // each checkpoint syncs the file. The log is cut back to its limit after each one.
        conn.pragma_update(None, "wal_autocheckpoint", WAL_PAGES)?;
        conn.pragma_update(None, "journal_size_limit", WAL_PAGES * 4096)?;
        // Reads of the file through a memory map, not a read() per page.
        conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
        conn
    };
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.execute_batch(SCHEMA)?;
    migrate(&conn)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// Whether `conn` is the in-memory database [`open`] makes for `:memory:`.
fn is_memory(conn: &Connection) -> bool {
    conn.pragma_query_value(None, "journal_mode", |r| r.get::<_, String>(0))
        .is_ok_and(|mode| mode.eq_ignore_ascii_case("memory"))
}

/// Runs `f` in a transaction: `BEGIN`, then `COMMIT` when `f` returns `Ok`, `ROLLBACK` when it
/// or the commit fails. The three statements are cached, so unlike
/// [`Connection::transaction`] nothing is parsed per call (the token refresh's hot path).
pub fn transaction<T, E: From<rusqlite::Error>>(
    conn: &Connection,
    f: impl FnOnce(&Connection) -> Result<T, E>,
) -> Result<T, E> {
    conn.prepare_cached("BEGIN")?.execute([])?;
    let result = f(conn).and_then(|value| {
        conn.prepare_cached("COMMIT")?.execute([])?;
        Ok(value)
    });
    if result.is_err() && !conn.is_autocommit() {
        let _ = conn
            .prepare_cached("ROLLBACK")
            .and_then(|mut rollback| rollback.execute([]));
    }
    result
}

/// Tables and columns holding token digests.
const TOKEN_COLUMNS: [(&str, &str); 6] = [
    ("refresh_tokens", "token"),
    ("vtokens", "token"),
    ("tickets", "ticket"),
    ("sudo_tokens", "token"),
    ("oauth_codes", "code"),
    ("provider_tokens", "token"),
];

/// Brings a database made by an older emulator up to date: adds `refresh_tokens.successor` and
/// replaces the tokens stored in clear by their digests (schema version 1).
fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version >= 1 {
        return Ok(());
    }
    let has_successor: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM pragma_table_info('refresh_tokens') WHERE name='successor')",
        [],
        |r| r.get(0),
    )?;
    if !has_successor {
        conn.execute_batch("ALTER TABLE refresh_tokens ADD COLUMN successor TEXT")?;
    }
    conn.execute_batch("BEGIN")?;
    let result = (|| {
        for (table, column) in TOKEN_COLUMNS {
            let rows: Vec<(i64, String)> = conn
                .prepare(&format!("SELECT rowid, {column} FROM {table}"))?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (rowid, token) in rows {
                conn.execute(
                    &format!("UPDATE {table} SET {column}=?2 WHERE rowid=?1"),
                    rusqlite::params![rowid, crate::secret::digest(&token)],
                )?;
            }
        }
        conn.pragma_update(None, "user_version", 1)
    })();
    match result {
        // VACUUM rewrites the file without the freed pages that still hold the old text.
        Ok(()) => conn.execute_batch("COMMIT; VACUUM; PRAGMA wal_checkpoint(TRUNCATE);"),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// How long rows stay after they expire (or, for rotated refresh tokens, after the rotation),
/// milliseconds: late uses still get the precise error (`expired`, `already used`, a reuse that
/// revokes the session) for that long.
pub const KEEP_EXPIRED_MS: i64 = 24 * 3_600_000;

/// Deletes what can no longer be used: codes, verification tokens, tickets, sudo and provider
/// tokens and OAuth codes expired more than [`KEEP_EXPIRED_MS`] ago (codes also older than a
/// day, which the daily count needs), refresh tokens rotated that long ago, and revoked sessions
/// with their refresh tokens. Returns the number of rows deleted.
pub fn prune(conn: &Connection, now: i64) -> rusqlite::Result<usize> {
    let old = now - KEEP_EXPIRED_MS;
    let mut n = 0;
    n += conn.execute(
        "DELETE FROM codes WHERE expires_at<=?1 AND sent_at<=?1",
        [old],
    )?;
    for table in [
        "vtokens",
        "tickets",
        "sudo_tokens",
        "oauth_codes",
        "provider_tokens",
    ] {
        n += conn.execute(&format!("DELETE FROM {table} WHERE expires_at<=?1"), [old])?;
    }
    n += conn.execute(
        "DELETE FROM refresh_tokens WHERE rotated_at<=?1
           OR EXISTS(SELECT 1 FROM sessions s WHERE s.env=refresh_tokens.env
                     AND s.id=refresh_tokens.session_id AND s.revoked<>0)",
        [old],
    )?;
    n += conn.execute("DELETE FROM sessions WHERE revoked<>0", [])?;
    Ok(n)
}

/// Deletes every row and gives the space back (the file shrinks; an in-memory database is
/// copied into a buffer of its new size, and the old buffer freed).
pub fn reset(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DELETE FROM users; DELETE FROM codes; DELETE FROM vtokens; DELETE FROM sessions; DELETE FROM refresh_tokens; DELETE FROM sudo_tokens; DELETE FROM tickets; DELETE FROM identities; DELETE FROM oauth_codes; DELETE FROM provider_tokens;",
    )?;
    // In WAL mode the file shrinks at the checkpoint after the VACUUM.
    conn.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE); PRAGMA shrink_memory;")?;
    if is_memory(conn) {
        // A memdb buffer never shrinks: replace it by a copy of the vacuumed database.
        let image = conn.serialize(MAIN_DB)?.to_vec();
        conn.flush_prepared_statement_cache();
        conn.deserialize_read_exact(MAIN_DB, image.as_slice(), image.len(), false)?;
        conn.pragma_update(None, "journal_mode", "MEMORY")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::params;

    fn memory() -> Connection {
        open(Path::new(":memory:")).expect("an in-memory database")
    }

    fn users(conn: &Connection) -> i64 {
        conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))
            .expect("a count")
    }

    fn add_user(conn: &Connection, id: &str) -> rusqlite::Result<usize> {
        conn.execute(
            "INSERT INTO users (env, id, created_from, created_at, updated_at)
             VALUES ('e', ?1, 'test', 0, 0)",
            params![id],
        )
    }

    #[test]
    fn in_memory_databases_are_private_to_their_connection() {
        let (a, b) = (memory(), memory());
        assert!(is_memory(&a));
        add_user(&a, "u1").expect("an insert");
        assert_eq!((users(&a), users(&b)), (1, 0));
    }

    #[test]
    fn a_failed_transaction_is_rolled_back_and_a_good_one_committed() {
        let conn = memory();
        let failed: rusqlite::Result<()> = transaction(&conn, |c| {
            add_user(c, "u1")?;
            add_user(c, "u1").map(|_| ())
        });
        assert!(failed.is_err(), "the second insert breaks the primary key");
        assert!(conn.is_autocommit());
        assert_eq!(users(&conn), 0);
        let done: rusqlite::Result<usize> = transaction(&conn, |c| add_user(c, "u2"));
        assert_eq!(done.expect("a commit"), 1);
        assert_eq!(users(&conn), 1);
    }

    #[test]
    fn a_reset_shrinks_the_in_memory_database_and_keeps_it_usable() {
        let mut conn = memory();
        for i in 0..2000 {
            add_user(&conn, &format!("user-{i:04}-{}", "x".repeat(200))).expect("an insert");
        }
        let size = |c: &Connection| c.serialize(MAIN_DB).map(|d| d.len()).unwrap_or(0);
        let full = size(&conn);
        reset(&mut conn).expect("a reset");
        assert!(
            size(&conn) * 10 < full,
            "{} of {full} bytes left",
            size(&conn)
        );
        assert!(is_memory(&conn));
        assert_eq!(users(&conn), 0);
        add_user(&conn, "after").expect("an insert after the reset");
        assert_eq!(users(&conn), 1);
    }
}
