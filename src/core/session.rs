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

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::error::AuthError;
use super::platform::Storage;
use super::slot::Slot;
use super::text::{cat, split_once};
use super::time::{format_iso, parse_iso};
use super::user::User;
use super::value::{self, Map, Number, Value};

/// Seconds taken off `expires_in` when working out `expires_at`, as the JS SDK does.
const EXPIRY_MARGIN_SECS: f64 = 30.0;

/// The credentials of a signed-in user, as the service returns and the JS SDK stores them.
#[derive(Debug, Clone, PartialEq)]
pub struct Credentials {
    /// Always `Bearer`.
    pub token_type: String,
    /// The access token (a JWT).
    pub access_token: String,
    /// The refresh token (empty when the service gave none).
    pub refresh_token: String,
    /// Lifetime of the access token in seconds, as given by the service.
    pub expires_in: f64,
    /// `user`, `anonymous`, ...
    pub scope: String,
    /// The user id.
    pub sub: String,
    /// Group ids.
    pub groups: Value,
    /// `v1`/`v2` when the JS SDK would store it.
    pub version: Option<String>,
    /// When the access token stops being used (ISO 8601), 30 s before it really expires.
    pub expires_at: String,
    /// Any other field the service sent (kept as is).
    pub extra: Map,
}

impl Credentials {
    /// Reads a credentials response; `now_ms` fixes `expires_at` when the body has none.
    pub fn from_response(
        body: Value,
        now_ms: f64,
        version: Option<&str>,
    ) -> Result<Self, AuthError> {
        let Value::Object(mut obj) = body else {
            return Err(AuthError::internal("credentials response is not an object"));
        };
        if obj
            .get("expires_at")
            .and_then(Value::as_str)
            .and_then(parse_iso)
            .is_none()
        {
            let secs = obj.get("expires_in").and_then(Value::as_f64).unwrap_or(0.0);
            let at = now_ms + (secs - EXPIRY_MARGIN_SECS).max(0.0) * 1000.0;
            obj.insert("expires_at".into(), Value::String(format_iso(at)));
        }
        if let Some(v) = version {
            obj.insert("version".into(), v.into());
        }
        Self::from_map(obj)
            .map_err(|why| AuthError::internal(cat(&["credentials response: ", &why])))
    }

    /// Reads credentials from their JSON object: `access_token` and `expires_at` (ISO) are
    /// required, known fields must have their type, unknown ones are kept.
    fn from_map(mut obj: Map) -> Result<Self, String> {
        fn text(obj: &mut Map, key: &str) -> Result<Option<String>, String> {
            match obj.remove(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s)),
                Some(_) => Err(cat(&["`", key, "` is not a string"])),
            }
        }
        let access_token = text(&mut obj, "access_token")?
            .filter(|t| !t.is_empty())
            .ok_or_else(|| "no access_token".to_owned())?;
        let expires_at = text(&mut obj, "expires_at")?
            .filter(|t| parse_iso(t).is_some())
            .ok_or_else(|| "no valid expires_at".to_owned())?;
        let expires_in = match obj.remove("expires_in") {
            None | Some(Value::Null) => 0.0,
            Some(v) => v
                .as_f64()
                .ok_or_else(|| "`expires_in` is not a number".to_owned())?,
        };
        Ok(Credentials {
            token_type: text(&mut obj, "token_type")?.unwrap_or_else(|| "Bearer".to_owned()),
            access_token,
            refresh_token: text(&mut obj, "refresh_token")?.unwrap_or_default(),
            expires_in,
            scope: text(&mut obj, "scope")?.unwrap_or_default(),
            sub: text(&mut obj, "sub")?.unwrap_or_default(),
            groups: obj.remove("groups").unwrap_or(Value::Null),
            version: text(&mut obj, "version")?,
            expires_at,
            extra: obj,
        })
    }

    /// Parses a stored value; `None` when it is not usable credentials.
    pub fn parse_stored(text: &str) -> Option<Self> {
        match value::parse(text).ok()? {
            Value::Object(obj) => Self::from_map(obj).ok(),
            _ => None,
        }
    }

    /// Expiry time in Unix milliseconds (0 when unreadable, i.e. expired).
    pub fn expires_at_ms(&self) -> f64 {
        parse_iso(&self.expires_at).unwrap_or(0.0)
    }

    /// True when the access token should no longer be used at `now_ms`.
    pub fn is_expired(&self, now_ms: f64) -> bool {
        self.expires_at_ms() < now_ms
    }

    /// The stored JSON object: the service's fields plus `expires_at` and `version`.
    pub fn to_map(&self) -> Map {
        let mut m = self.extra.clone();
        m.insert("token_type".into(), self.token_type.as_str().into());
        m.insert("access_token".into(), self.access_token.as_str().into());
        m.insert("refresh_token".into(), self.refresh_token.as_str().into());
        m.insert(
            "expires_in".into(),
            Number::from_f64(self.expires_in).into(),
        );
        m.insert("scope".into(), self.scope.as_str().into());
        m.insert("sub".into(), self.sub.as_str().into());
        if !self.groups.is_null() {
            m.insert("groups".into(), self.groups.clone());
        }
        if let Some(v) = &self.version {
            m.insert("version".into(), v.as_str().into());
        }
        m.insert("expires_at".into(), self.expires_at.as_str().into());
        m
    }

    /// True for an anonymous session.
    pub fn is_anonymous(&self) -> bool {
        self.scope == "anonymous"
    }
}

/// The `content` object of a cached user info value (`{version, content}`), if readable.
fn cached_content(text: &str) -> Option<Map> {
    match value::parse(text).ok()? {
        Value::Object(mut o) => match o.remove("content") {
            Some(Value::Object(content)) => Some(content),
            _ => None,
        },
        _ => None,
    }
}

/// Reads and writes the stored session of one client.
pub struct SessionStore {
    credentials_key: String,
    user_key: String,
    /// Values the storage refused to keep.
    memory: Slot<Vec<(String, String)>>,
}

impl SessionStore {
    /// A store for `client_id` (credentials) and `env` (user info).
    pub fn new(client_id: &str, env: &str) -> Self {
        SessionStore {
            credentials_key: cat(&["credentials_", client_id]),
            user_key: cat(&["user_info_", env]),
            memory: Slot::new(Vec::new()),
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
                .with(|m| m.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
        })
    }

    fn forget(&self, key: &str) {
        self.memory.with(|m| m.retain(|(k, _)| k != key));
    }

    fn write(&self, storage: &impl Storage, key: &str, value: String) {
        self.forget(key);
        if !storage.set(key, &value) {
            self.memory.with(|m| m.push((key.to_owned(), value)));
        }
    }

    fn delete(&self, storage: &impl Storage, key: &str) {
        storage.remove(key);
        self.forget(key);
    }

    /// The stored credentials, re-read from storage every time (another tab, or the JS SDK,
    /// may have changed them). A corrupt value is removed and reads as `None`.
    pub fn credentials(&self, storage: &impl Storage) -> Option<Credentials> {
        let text = self.read(storage, &self.credentials_key)?;
        let parsed = Credentials::parse_stored(&text);
        if parsed.is_none() {
            self.clear(storage);
        }
        parsed
    }

    /// Stores credentials.
    pub fn set_credentials(&self, storage: &impl Storage, c: &Credentials) {
        let text = Value::Object(c.to_map()).to_string();
        self.write(storage, &self.credentials_key, text);
    }

    /// The stored user info (the `/v1/user/me` object with `uid`), if readable.
    pub fn user_info(&self, storage: &impl Storage) -> Option<Map> {
        let text = self.read(storage, &self.user_key)?;
        let parsed = cached_content(&text);
        if parsed.is_none() {
            self.delete(storage, &self.user_key);
        }
        parsed
    }

    /// Stores the user info (adds `uid` = `sub`, wraps it as the JS SDK's local cache does).
    pub fn set_user_info(&self, storage: &impl Storage, mut info: Map) -> Map {
        if let Some(sub) = info.get("sub").cloned() {
            info.insert("uid".into(), sub);
        }
        let wrapper = value::object([
            ("version", "localCachev1".into()),
            ("content", Value::Object(info.clone())),
        ]);
        self.write(storage, &self.user_key, wrapper.to_string());
        info
    }

    /// The stored credentials and user info as they are now, in one text for another tab:
    /// the two stored values (JSON, so without raw line breaks) on two lines; empty when
    /// signed out. See [`parse_snapshot`](Self::parse_snapshot).
    pub fn snapshot(&self, storage: &impl Storage) -> String {
        match self.read(storage, &self.credentials_key) {
            Some(credentials) => {
                let user = self.read(storage, &self.user_key).unwrap_or_default();
                cat(&[&credentials, "\n", &user])
            }
            None => String::new(),
        }
    }

    /// The credentials and user info (the `content` of the cached value, empty if absent or
    /// unreadable) of a [`snapshot`](Self::snapshot); `None` if it holds no valid credentials.
    pub fn parse_snapshot(text: &str) -> Option<(Credentials, Map)> {
        let (credentials, user) = split_once(text, "\n").unwrap_or((text, ""));
        let credentials = Credentials::parse_stored(credentials)?;
        Some((credentials, cached_content(user).unwrap_or_default()))
    }

    /// Removes credentials and user info.
    pub fn clear(&self, storage: &impl Storage) {
        self.delete(storage, &self.credentials_key);
        self.delete(storage, &self.user_key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::testing::{MemoryStorage, j};
    use serde_json::json;

    const NOW: f64 = 1_800_000_000_000.0;

    #[test]
    fn expiry_is_expires_in_minus_thirty_seconds() {
        let c = Credentials::from_response(
            j(json!({"token_type":"Bearer","access_token":"a","refresh_token":"r","expires_in":7200,"scope":"user","sub":"u1","groups":["user"]})),
            NOW,
            Some("v1"),
        )
        .expect("valid credentials");
        assert_eq!(c.expires_at_ms(), NOW + 7170.0 * 1000.0);
        assert!(!c.is_expired(NOW));
        assert!(c.is_expired(NOW + 7171.0 * 1000.0));
        let v = Value::Object(c.to_map());
        assert_eq!(v["version"], "v1");
        assert_eq!(v["expires_in"].as_f64(), Some(7200.0));
    }

    #[test]
    fn wrong_shapes_are_internal_errors() {
        for body in [
            json!([]),
            json!({"access_token": ""}),
            json!({"access_token": 5}),
            json!({"access_token":"a","scope":7}),
        ] {
            let e = Credentials::from_response(j(body), NOW, None).expect_err("rejected");
            assert_eq!(e.code, "internal");
        }
    }

    #[test]
    fn corrupt_values_read_as_signed_out_and_are_removed() {
        let storage = MemoryStorage::default();
        let store = SessionStore::new("c1", "e1");
        for bad in [
            "{",
            "null",
            "[]",
            r#"{"access_token":"a"}"#,
            r#"{"access_token":"a","expires_at":"soon"}"#,
        ] {
            storage.set("credentials_c1", bad);
            storage.set("user_info_e1", "{}");
            assert_eq!(store.credentials(&storage), None, "{bad}");
            assert_eq!(storage.get("credentials_c1"), None);
            assert_eq!(storage.get("user_info_e1"), None);
        }
    }

    #[test]
    fn reads_the_js_sdk_shape() {
        let storage = MemoryStorage::default();
        let store = SessionStore::new("env-1", "env-1");
        storage.set(
            "credentials_env-1",
            r#"{"token_type":"Bearer","access_token":"eyJ","refresh_token":"rt","expires_in":7200,"scope":"user","sub":"u1","groups":["user"],"version":"v1","expires_at":"2026-11-22T10:25:23.002Z","id_token":"x"}"#,
        );
        let c = store.credentials(&storage).expect("readable");
        assert_eq!(c.sub, "u1");
        assert_eq!(c.extra.get("id_token"), Some(&"x".into()));
        storage.set(
            "user_info_env-1",
            r#"{"version":"localCachev1","content":{"sub":"u1","uid":"u1"}}"#,
        );
        assert_eq!(
            store
                .user_info(&storage)
                .and_then(|u| u.get("uid").cloned()),
            Some("u1".into())
        );
    }

    #[test]
    fn falls_back_to_memory_when_storage_refuses() {
        let storage = MemoryStorage::default();
        storage.refuse_writes(true);
        let store = SessionStore::new("c", "e");
        let c =
            Credentials::from_response(j(json!({"access_token":"a","expires_in":100})), NOW, None)
                .expect("valid");
        store.set_credentials(&storage, &c);
        assert_eq!(storage.get("credentials_c"), None);
        assert_eq!(
            store.credentials(&storage).map(|c| c.access_token),
            Some("a".to_owned())
        );
        store.clear(&storage);
        assert_eq!(store.credentials(&storage), None);
    }
}

/// The session of a [snapshot](SessionStore::snapshot), if it holds one.
pub(crate) fn session_from_snapshot(snapshot: &str) -> Option<Session> {
    let (credentials, info) = SessionStore::parse_snapshot(snapshot)?;
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

/// The JS SDK's session: the stored credentials' fields (those the service sent that are kept
/// too) plus `user`.
impl Serialize for Session {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = self.credentials.to_map();
        let mut map = serializer.serialize_map(Some(fields.len() + 1))?;
        for (key, value) in &fields {
            map.serialize_entry(key, value)?;
        }
        map.serialize_entry("user", &self.user)?;
        map.end()
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
