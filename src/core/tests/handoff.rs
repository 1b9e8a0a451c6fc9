//! The session handed to the next page: the same session `current_session` gives, with the
//! exact stored texts; signed out as the credentials' key absent; nothing when expired,
//! unreadable, or kept only in memory.

use super::{Harness, service};
use crate::core::platform::Storage;

#[test]
fn hands_off_the_current_session_with_its_stored_texts() {
    let mut h = Harness::new(service());
    h.signed_in();
    let handoff = h.client.handoff().expect("signed in");
    assert_eq!(handoff.session, h.client.current_session());
    assert!(handoff.session.is_some());
    let storage = &h.platform().storage;
    let values: Vec<_> = handoff
        .values
        .iter()
        .map(|v| (v.key.as_str(), v.text.clone()))
        .collect();
    assert_eq!(
        values,
        [
            ("credentials_env-1", storage.get("credentials_env-1")),
            ("user_info_env-1", storage.get("user_info_env-1")),
        ]
    );
    assert!(values.iter().all(|(_, text)| text.is_some()));
}

#[test]
fn a_missing_user_info_is_handed_off_as_absent() {
    let mut h = Harness::new(service());
    h.signed_in();
    h.platform().storage.remove("user_info_env-1");
    let handoff = h.client.handoff().expect("credentials stored");
    assert_eq!(handoff.values[1].key, "user_info_env-1");
    assert_eq!(handoff.values[1].text, None);
    assert_eq!(handoff.session, h.client.current_session());
}

#[test]
fn signed_out_is_handed_off_as_no_credentials_stored() {
    let signed_out = |h: &Harness| {
        let handoff = h.client.handoff().expect("a signed-out hand-off");
        assert_eq!(handoff.session, None);
        let values: Vec<_> = handoff
            .values
            .iter()
            .map(|v| (v.key.as_str(), v.text.as_deref()))
            .collect();
        assert_eq!(values, [("credentials_env-1", None)]);
    };
    let mut h = Harness::new(service());
    signed_out(&h);
    h.signed_in();
    assert!(h.client.handoff().and_then(|h| h.session).is_some());
    let c = h.client.clone();
    h.run(c.sign_out(None)).expect("signed out");
    signed_out(&h);
    // The user info left alone does not make a session.
    h.platform().storage.set("user_info_env-1", "{}");
    signed_out(&h);
}

#[test]
fn nothing_is_handed_off_when_expired_corrupt_or_only_in_memory() {
    let mut h = Harness::new(service());
    h.signed_in();
    h.expire();
    assert_eq!(h.client.handoff(), None);

    let mut h = Harness::new(service());
    h.signed_in();
    h.platform().storage.set("credentials_env-1", "{not json");
    assert_eq!(h.client.handoff(), None);

    let mut h = Harness::new(service());
    h.platform().storage.refuse_writes(true);
    h.signed_in();
    assert!(h.client.current_session().is_some());
    assert_eq!(h.client.handoff(), None);
}

#[test]
fn the_handoff_never_pairs_the_credentials_with_another_users_info() {
    let mut h = Harness::new(service());
    h.signed_in();
    // Another page (the JS SDK, which stores the credentials first) stored user u2's
    // credentials; u1's user info is still cached.
    let key = "credentials_env-1";
    let creds = h.platform().storage.get(key).unwrap_or_default();
    let creds = creds.replace("\"u1\"", "\"u2\"").replace("at-1", "at-y");
    h.platform().storage.set(key, &creds);
    let current = h.client.current_session().expect("a session");
    assert_eq!(current.user.id, "u2");
    let handed = h.client.handoff().and_then(|x| x.session).expect("handed");
    assert_eq!(handed, current);
}
