//! SQLite storage: schema, WAL, one connection behind a mutex.
use rusqlite::Connection;
use std::path::Path;

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
  rotated_at INTEGER, PRIMARY KEY (env, token));
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

/// Opens (and creates) the database, in WAL mode.
pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = if path.as_os_str() == ":memory:" {
        Connection::open_in_memory()?
    } else {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(parent);
        }
        Connection::open(path)?
    };
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.execute_batch(SCHEMA)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// Deletes every row.
pub fn reset(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DELETE FROM users; DELETE FROM codes; DELETE FROM vtokens; DELETE FROM sessions; DELETE FROM refresh_tokens; DELETE FROM sudo_tokens; DELETE FROM tickets; DELETE FROM identities; DELETE FROM oauth_codes; DELETE FROM provider_tokens;",
    )
}
