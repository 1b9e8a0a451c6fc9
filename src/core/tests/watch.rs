//! Other pages' changes of the stored session that no message announces (the JS SDK in another
//! tab, an app clearing storage), and the ones a message announces as well.

use serde_json::json;

use super::super::*;
use super::{Harness, service};
use crate::core::platform::Storage;
use crate::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

const KEY: &str = "credentials_env-1";
const CHANNEL: &str = "cloudbase_auth_env-1";

fn stored(access: &str, refresh: &str, sub: &str) -> String {
    json!({"token_type": "Bearer", "access_token": access, "refresh_token": refresh,
        "expires_in": 7200, "scope": "user", "sub": sub, "expires_at": "2099-01-01T00:00:00.000Z"})
    .to_string()
}

/// The settling time after other pages' changes passes; the tasks it started run.
fn settled(h: &mut Harness) {
    h.platform().settle();
    h.pool.run_until_stalled();
}

/// Signed in, listening, the events so far dropped.
fn signed_in_and_listening() -> Harness {
    let mut h = Harness::new(service());
    h.listen();
    h.signed_in();
    h.pool.run_until_stalled();
    h.events.borrow_mut().clear();
    h
}

#[test]
fn a_sign_out_another_page_made_without_a_message_is_heard() {
    let mut h = signed_in_and_listening();
    h.platform().change_elsewhere(KEY, None);
    h.pool.run_until_stalled();
    assert!(
        h.events.borrow().is_empty(),
        "told before the settling time"
    );
    settled(&mut h);
    assert_eq!(*h.events.borrow(), ["SIGNED_OUT:-"]);
    let c = h.client.clone();
    assert_eq!(h.run(c.get_session()).expect("ok"), None);
    // The same state seen again tells nobody anything.
    h.platform().change_elsewhere(KEY, None);
    settled(&mut h);
    assert_eq!(h.events.borrow().len(), 1);
}

#[test]
fn new_tokens_of_the_same_user_are_a_refresh_and_another_user_a_sign_in() {
    let mut h = signed_in_and_listening();
    h.platform()
        .change_elsewhere(KEY, Some(&stored("at-js", "rt-js", "u1")));
    settled(&mut h);
    h.platform()
        .change_elsewhere(KEY, Some(&stored("at-u2", "rt-u2", "u2")));
    settled(&mut h);
    assert_eq!(
        *h.events.borrow(),
        ["TOKEN_REFRESHED:at-js", "SIGNED_IN:at-u2"]
    );
    let c = h.client.clone();
    let s = h.run(c.get_session()).expect("ok").expect("a session");
    assert_eq!(s.credentials.access_token, "at-u2");
}

#[test]
fn changes_within_the_settling_time_are_read_once() {
    let mut h = signed_in_and_listening();
    h.platform()
        .change_elsewhere(KEY, Some(&stored("at-a", "rt-a", "u1")));
    h.platform().change_elsewhere(KEY, None);
    h.platform()
        .change_elsewhere(KEY, Some(&stored("at-b", "rt-b", "u1")));
    settled(&mut h);
    assert_eq!(*h.events.borrow(), ["TOKEN_REFRESHED:at-b"]);
}

#[test]
fn a_change_a_message_also_announces_is_told_once_by_the_message_name() {
    let mut h = signed_in_and_listening();
    // Another tab of this SDK signs the same user in again: it writes, then posts.
    let credentials = stored("at-again", "rt-again", "u1");
    let message = ["SIGNED_IN", &credentials, ""].join("\n");
    h.platform().change_elsewhere(KEY, Some(&credentials));
    h.platform().deliver(CHANNEL, &message);
    settled(&mut h);
    assert_eq!(*h.events.borrow(), ["SIGNED_IN:at-again"]);
    // A message that comes after the storage was read is not told twice.
    h.events.borrow_mut().clear();
    let credentials = stored("at-late", "rt-late", "u1");
    h.platform().change_elsewhere(KEY, Some(&credentials));
    settled(&mut h);
    h.platform()
        .deliver(CHANNEL, &["TOKEN_REFRESHED", &credentials, ""].join("\n"));
    h.platform().change_elsewhere(KEY, None);
    h.platform().deliver(CHANNEL, "SIGNED_OUT");
    settled(&mut h);
    assert_eq!(
        *h.events.borrow(),
        ["TOKEN_REFRESHED:at-late", "SIGNED_OUT:-"]
    );
}

#[test]
fn this_pages_own_changes_are_no_news() {
    let mut h = signed_in_and_listening();
    // Another page's write that leaves what this page stored (a storage event for it).
    let mine = h.platform().storage.get(KEY).expect("stored");
    h.platform().change_elsewhere(KEY, Some(&mine));
    settled(&mut h);
    let c = h.client.clone();
    h.run(c.sign_out(None)).expect("signed out");
    h.platform().change_elsewhere(KEY, None);
    settled(&mut h);
    assert_eq!(*h.events.borrow(), ["SIGNED_OUT:-"]);
}

#[test]
fn before_anything_was_told_a_message_is_delivered_and_storage_is_left_to_initial_session() {
    let mut h = Harness::new(service());
    h.platform()
        .change_elsewhere(KEY, Some(&stored("at-x", "rt-x", "u1")));
    h.listen();
    // Another tab signs out before this page's first listener was told anything.
    h.platform().change_elsewhere(KEY, None);
    h.platform().deliver(CHANNEL, "SIGNED_OUT");
    settled(&mut h);
    assert_eq!(*h.events.borrow(), ["INITIAL_SESSION:-", "SIGNED_OUT:-"]);
}

#[test]
fn a_listener_added_meanwhile_does_not_hide_a_change_from_the_others() {
    let mut h = signed_in_and_listening();
    h.platform()
        .change_elsewhere(KEY, Some(&stored("at-js", "rt-js", "u1")));
    // A second listener's INITIAL_SESSION reads the change before the settling time is over.
    let second = Rc::new(RefCell::new(Vec::new()));
    let seen = Rc::clone(&second);
    h.client
        .on_auth_state_change(Rc::new(move |e: AuthChangeEvent, _: Option<&Session>| {
            seen.borrow_mut().push(e.as_str())
        }));
    h.pool.run_until_stalled();
    settled(&mut h);
    assert_eq!(*h.events.borrow(), ["TOKEN_REFRESHED:at-js"]);
    assert_eq!(*second.borrow(), ["INITIAL_SESSION", "TOKEN_REFRESHED"]);
}

#[test]
fn new_credentials_are_not_paired_with_the_stored_user_of_another() {
    let mut h = signed_in_and_listening();
    let users = Rc::new(RefCell::new(Vec::new()));
    let seen = Rc::clone(&users);
    h.client
        .on_auth_state_change(Rc::new(move |_: AuthChangeEvent, s: Option<&Session>| {
            seen.borrow_mut().push(s.map(|s| s.user.id.clone()))
        }));
    h.pool.run_until_stalled();
    // Another page stored u2's credentials; u1's user info is still there (the JS SDK writes
    // the new user's once `/v1/user/me` has answered).
    h.platform()
        .change_elsewhere(KEY, Some(&stored("at-u2", "rt-u2", "u2")));
    settled(&mut h);
    assert_eq!(
        *users.borrow(),
        [Some("u1".to_owned()), Some("u2".to_owned())]
    );
    let now = h.client.current_session().map(|s| s.user.id);
    assert_eq!(now.as_deref(), Some("u2"));
    // The v2 login state's user info too: none of u1's fields (empty until u2's is stored).
    let info = h.client.current_user_info().expect("signed in");
    assert_eq!(info, cloudbase_auth_wire::UserInfo::default());
}

#[test]
fn what_was_told_while_nobody_listened_counts_for_later_listeners() {
    let mut h = Harness::new(service());
    let first = h.listen();
    h.pool.run_until_stalled();
    first.unsubscribe();
    // Signed in while nobody listens; a listener then hears the session.
    h.signed_in();
    h.listen();
    h.pool.run_until_stalled();
    h.events.borrow_mut().clear();
    h.platform().change_elsewhere(KEY, None);
    h.platform().deliver(CHANNEL, "SIGNED_OUT");
    settled(&mut h);
    assert_eq!(*h.events.borrow(), ["SIGNED_OUT:-"]);
}

#[test]
fn storage_of_one_tab_is_not_watched() {
    let h = Harness::new(service());
    assert_eq!(h.platform().watchers.borrow().len(), 1);
    let config = Config::new("env-1");
    let platform = crate::core::testing::FakePlatform::new(&h.pool, service(), super::NOW);
    platform.storage.tab_only(true);
    let tab_only = AuthClient::new(config, platform);
    assert!(tab_only.inner.platform.watchers.borrow().is_empty());
}
