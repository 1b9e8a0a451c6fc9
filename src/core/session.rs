//! Stored credentials and user info, under the JS SDK's keys and value shapes, so that an
//! app can switch between the two SDKs without signing anyone out.
//!
//! - `credentials_{clientId}`: the server's credentials JSON plus `expires_at` (ISO) and
//!   sometimes `version`;
//! - `user_info_{env}`: `{"version":"localCachev1","content":{...user/me..., "uid"}}`.
//!
//! A value that cannot be read (not JSON, wrong shape, no access token) is removed and reads
//! as signed out. When the storage refuses a write (full, disabled) the value is kept in
//! memory instead, so the page still works until it is closed.

use crate::prelude::*;

use serde::Serializer;

use super::error::AuthError;
use super::platform::{Json, Storage};
use super::time::{format_iso, parse_iso};
use super::user::User;
use cloudbase_auth_wire::{self as wire, UserInfo};
use serde::{Deserialize, Serialize};

use std::cell::RefCell;

/// Seconds taken off `expires_in` when working out `expires_at`, as the JS SDK does.
const EXPIRY_MARGIN_SECS: f64 = 30.0;

/// The credentials of a signed-in user, as the JS SDK stores them: the service's answer
/// ([`wire::Credentials`]) plus `expires_at` and sometimes `version`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Credentials {
    /// Always `Bearer`.
    #[serde(default = "bearer")]
    pub token_type: String,
    /// The access token (a JWT).
    pub access_token: String,
    /// The refresh token (empty when the service gave none).
    #[serde(default)]
    pub refresh_token: String,
    /// Lifetime of the access token in seconds, as given by the service.
    #[serde(default)]
    pub expires_in: i64,
    /// `user`, `anonymous`, ...
    #[serde(default)]
    pub scope: String,
    /// The user id.
    #[serde(default)]
    pub sub: String,
    /// Group ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<String>>,
    /// The OpenID token, when the service gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    /// `v1`/`v2` when the JS SDK would store it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// When the access token stops being used (ISO 8601), 30 s before it really expires.
    pub expires_at: String,
}

fn bearer() -> String {
    "Bearer".to_owned()
}

impl Credentials {
    /// Whether `answer` holds credentials to keep: a token, and a lifetime beyond the margin
    /// (without one they would count as expired at once, and be refreshed again and again).
    pub(crate) fn keepable(answer: &wire::Credentials) -> bool {
        !answer.access_token.is_empty()
            && answer.expires_in.unwrap_or(0) as f64 > EXPIRY_MARGIN_SECS
    }

    /// The credentials of a token answer ([`keepable`](Self::keepable) ones only); `now_ms`
    /// fixes `expires_at`.
    pub fn from_response(
        answer: wire::Credentials,
        now_ms: f64,
        version: Option<&str>,
    ) -> Result<Self, AuthError> {
        if !Self::keepable(&answer) {
            return Err(AuthError::internal(
                "credentials response: no access_token or expires_in",
            ));
        }
        let secs = answer.expires_in.unwrap_or(0) as f64;
        let at = now_ms + (secs - EXPIRY_MARGIN_SECS) * 1000.0;
        Ok(Credentials {
            token_type: answer.token_type.unwrap_or_else(bearer),
            access_token: answer.access_token,
            refresh_token: answer.refresh_token.unwrap_or_default(),
            expires_in: answer.expires_in.unwrap_or(0),
            scope: answer.scope.unwrap_or_default(),
            sub: answer.sub.unwrap_or_default(),
            groups: answer.groups,
            id_token: answer.id_token,
            version: version.map(str::to_owned),
            expires_at: format_iso(at),
        })
    }

    /// Parses a stored value; `None` when it is not usable credentials (not JSON, wrong
    /// shape, no access token, no readable `expires_at`).
    pub fn parse_stored(json: &impl Json, text: &str) -> Option<Self> {
        json.decode::<Self>(text)
            .ok()
            .filter(|c| !c.access_token.is_empty() && parse_iso(&c.expires_at).is_some())
    }

    /// Expiry time in Unix milliseconds (0 when unreadable, i.e. expired).
    pub fn expires_at_ms(&self) -> f64 {
        parse_iso(&self.expires_at).unwrap_or(0.0)
    }

    /// True when the access token should no longer be used at `now_ms`.
    pub fn is_expired(&self, now_ms: f64) -> bool {
        self.expires_at_ms() < now_ms
    }

    /// True for an anonymous session.
    pub fn is_anonymous(&self) -> bool {
        self.scope == "anonymous"
    }

    /// Whether `info` (cached user info) is of these credentials' user: the same id, or none
    /// to tell.
    pub fn owns(&self, info: &UserInfo) -> bool {
        info.sub.is_empty() || info.sub == self.sub
    }
}

/// The stored user info, as the JS SDK's local cache keeps it: `{version, content}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct CachedUserInfo {
    /// Always `localCachev1`.
    version: String,
    /// The `/v1/user/me` answer with `uid`.
    content: UserInfo,
}

/// The `content` of a cached user info value, if readable.
fn cached_content(json: &impl Json, text: &str) -> Option<UserInfo> {
    json.decode::<CachedUserInfo>(text).ok().map(|c| c.content)
}

/// Reads and writes the stored session of one client.
pub struct SessionStore {
    credentials_key: String,
    user_key: String,
    /// Values the storage refused to keep.
    memory: RefCell<Vec<(String, String)>>,
}

impl SessionStore {
    /// A store for `client_id` (credentials) and `env` (user info).
    pub fn new(client_id: &str, env: &str) -> Self {
        SessionStore {
            credentials_key: ["credentials_", client_id].concat(),
            user_key: ["user_info_", env].concat(),
            memory: RefCell::new(Vec::new()),
        }
    }

    /// The storage key of the credentials.
    pub fn credentials_key(&self) -> &str {
        &self.credentials_key
    }

    /// The storage key of the user info.
    pub fn user_key(&self) -> &str {
        &self.user_key
    }

    fn read(&self, storage: &impl Storage, key: &str) -> Option<String> {
        storage.get(key).or_else(|| {
            self.memory
                .borrow()
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        })
    }

    fn forget(&self, key: &str) {
        self.memory.borrow_mut().retain(|(k, _)| k != key);
    }

    fn write(&self, storage: &impl Storage, key: &str, value: String) {
        self.forget(key);
        if !storage.set(key, &value) {
            // The storage keeps its old text, which reads would find first: removed, so that
            // the text kept in memory counts.
            storage.remove(key);
            self.memory.borrow_mut().push((key.to_owned(), value));
        }
    }

    fn delete(&self, storage: &impl Storage, key: &str) {
        storage.remove(key);
        self.forget(key);
    }

    /// The stored credentials, re-read from storage every time (another tab, or the JS SDK,
    /// may have changed them). A corrupt value is removed and reads as `None`.
    pub fn credentials(&self, storage: &impl Storage, json: &impl Json) -> Option<Credentials> {
        let text = self.read(storage, &self.credentials_key)?;
        let parsed = Credentials::parse_stored(json, &text);
        if parsed.is_none() {
            self.clear(storage);
        }
        parsed
    }

    /// Whether credentials are kept in memory because the storage refused them.
    pub fn credentials_only_in_memory(&self) -> bool {
        self.memory
            .borrow()
            .iter()
            .any(|(k, _)| *k == self.credentials_key)
    }

    /// Stores credentials.
    pub fn set_credentials(&self, storage: &impl Storage, json: &impl Json, c: &Credentials) {
        let text = json.encode(c);
        self.write(storage, &self.credentials_key, text);
    }

    /// The stored user info (the `/v1/user/me` object with `uid`), if readable.
    pub fn user_info(&self, storage: &impl Storage, json: &impl Json) -> Option<UserInfo> {
        let text = self.read(storage, &self.user_key)?;
        let parsed = cached_content(json, &text);
        if parsed.is_none() {
            self.delete(storage, &self.user_key);
        }
        parsed
    }

    /// Stores the user info (adds `uid` = `sub`, wraps it as the JS SDK's local cache does).
    /// When the storage already holds that very text (the same user signing in again) nothing
    /// is written.
    pub fn set_user_info(
        &self,
        storage: &impl Storage,
        json: &impl Json,
        mut info: UserInfo,
    ) -> UserInfo {
        info.uid = Some(info.sub.clone());
        let cached = CachedUserInfo {
            version: "localCachev1".to_owned(),
            content: info,
        };
        let text = json.encode(&cached);
        if storage.get(&self.user_key).as_deref() == Some(text.as_str()) {
            self.forget(&self.user_key);
        } else {
            self.write(storage, &self.user_key, text);
        }
        cached.content
    }

    /// The stored credentials and user info as they are now, in one text for another tab:
    /// the two stored values (JSON, so without raw line breaks) on two lines; empty when
    /// signed out. See [`parse_snapshot`](Self::parse_snapshot).
    pub fn snapshot(&self, storage: &impl Storage) -> String {
        match self.read(storage, &self.credentials_key) {
            Some(credentials) => {
                let user = self.read(storage, &self.user_key).unwrap_or_default();
                [&credentials, "\n", &user].concat()
            }
            None => String::new(),
        }
    }

    /// The credentials and user info (the `content` of the cached value; empty if absent,
    /// unreadable or another user's) of a [`snapshot`](Self::snapshot); `None` if it holds no
    /// valid credentials.
    pub fn parse_snapshot(json: &impl Json, text: &str) -> Option<(Credentials, UserInfo)> {
        let (credentials, user) = text.split_once("\n").unwrap_or((text, ""));
        let credentials = Credentials::parse_stored(json, credentials)?;
        let info = cached_content(json, user).filter(|i| credentials.owns(i));
        Some((credentials, info.unwrap_or_default()))
    }

    /// Removes credentials and user info.
    pub fn clear(&self, storage: &impl Storage) {
        self.delete(storage, &self.credentials_key);
        self.delete(storage, &self.user_key);
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;

/// The session of a [snapshot](SessionStore::snapshot), if it holds one.
pub(crate) fn session_from_snapshot(json: &impl Json, snapshot: &str) -> Option<Session> {
    let (credentials, info) = SessionStore::parse_snapshot(json, snapshot)?;
    let user = User::from_info(&info, &credentials.sub);
    Some(Session { credentials, user })
}

/// A session: the stored credentials plus the user, shaped exactly like the JS SDK's session.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// Tokens and their expiry.
    pub credentials: Credentials,
    /// The signed-in user.
    pub user: User,
}

/// The result of a successful sign-in: `{user, session}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignedIn {
    /// The signed-in user.
    pub user: User,
    /// The new session.
    pub session: Session,
}

/// The JS SDK's session: the stored credentials' fields (as [`Credentials`] writes them) plus
/// `user`, written as one struct. (`#[serde(flatten)]` would write a map, key by key, where a
/// struct's field names are known up front; the test `session_is_the_credentials_and_user`
/// holds the two shapes together.)
impl Serialize for Session {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// The session's JSON shape.
        #[derive(Serialize)]
        struct Shape<'a> {
            token_type: &'a str,
            access_token: &'a str,
            refresh_token: &'a str,
            expires_in: i64,
            scope: &'a str,
            sub: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            groups: &'a Option<Vec<String>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            id_token: &'a Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            version: &'a Option<String>,
            expires_at: &'a str,
            user: &'a User,
        }
        let c = &self.credentials;
        Shape {
            token_type: &c.token_type,
            access_token: &c.access_token,
            refresh_token: &c.refresh_token,
            expires_in: c.expires_in,
            scope: &c.scope,
            sub: &c.sub,
            groups: &c.groups,
            id_token: &c.id_token,
            version: &c.version,
            expires_at: &c.expires_at,
            user: &self.user,
        }
        .serialize(serializer)
    }
}

impl From<Session> for SignedIn {
    fn from(session: Session) -> Self {
        SignedIn {
            user: session.user.clone(),
            session,
        }
    }
}
