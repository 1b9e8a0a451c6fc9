//! The session handed from one page to the next (of the tab, or of another tab or visit): the
//! session as the core reads it now, with the stored texts it was read from. The next page may
//! answer its first `getSession()` with it before its own client is ready, but only while the
//! storage still holds exactly those texts; any change (another tab, the JS SDK, a sign-out)
//! makes the texts differ and the next page reads storage as usual. A signed-out page hands
//! over its state too: no credentials stored, so the next page's first `getSession()` answers
//! `null` until a sign-in stores some.

use crate::prelude::*;

use serde::Serialize;

use super::client::AuthClient;
use super::platform::{Platform, Storage};
use super::session::{Session, session_from_snapshot};

/// A session (or none) and the stored texts it was read from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Handoff {
    /// Each storage key the session is read from, with the text stored under it then.
    pub values: Vec<StoredText>,
    /// The session those texts give; `None`: signed out (no credentials stored).
    pub session: Option<Session>,
}

/// The text stored under a key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredText {
    /// The storage key.
    pub key: String,
    /// The text stored under it (`None`: nothing stored).
    pub text: Option<String>,
}

impl<P: Platform> AuthClient<P> {
    /// The stored session with the texts it comes from, read from the storage itself; a
    /// signed-out hand-off (no session, the credentials' key absent) when no credentials are
    /// held at all. `None` when the stored credentials are unreadable or expired (the next
    /// page's client reads or refreshes them), and when credentials are held only in memory
    /// (the storage refused them): this page is signed in, yet the next one would not be.
    pub fn handoff(&self) -> Option<Handoff> {
        let storage = self.inner.platform.storage();
        let store = &self.inner.store;
        let Some(credentials) = storage.get(store.credentials_key()) else {
            return (!store.credentials_only_in_memory()).then(|| Handoff {
                values: vec![StoredText {
                    key: store.credentials_key().to_owned(),
                    text: None,
                }],
                session: None,
            });
        };
        let user = storage.get(store.user_key());
        let snapshot = [credentials.as_str(), "\n", user.as_deref().unwrap_or("")].concat();
        let session = session_from_snapshot(self.inner.platform.json(), &snapshot)?;
        if session.credentials.is_expired(self.now()) {
            return None;
        }
        Some(Handoff {
            values: vec![
                StoredText {
                    key: store.credentials_key().to_owned(),
                    text: Some(credentials),
                },
                StoredText {
                    key: store.user_key().to_owned(),
                    text: user,
                },
            ],
            session: Some(session),
        })
    }
}
