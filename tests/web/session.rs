//! Sessions across page reloads, expiry and refresh, corrupt storage, events.

use std::rc::Rc;

use cloudbase_auth_wasm::core::{AuthClient, SignUpParams};
use cloudbase_auth_wasm::web::WebPlatform;
use wasm_bindgen_test::wasm_bindgen_test;

use super::support::*;

/// Signs a new phone user up on `env`.
async fn signed_up(env: &str) -> AuthClient<WebPlatform> {
    let auth = client(env);
    let phone = new_phone();
    let ch = auth
        .sign_up(SignUpParams {
            phone: Some(phone.clone()),
            ..Default::default()
        })
        .await
        .expect("sent");
    auth.verify_challenge(&ch, &latest_code(&phone).await)
        .await
        .expect("signed up");
    auth
}

/// Moves the stored access token's expiry into the past.
fn expire_stored(env: &str) {
    let key = format!("credentials_{env}");
    let mut v: serde_json::Value = serde_json::from_str(&get(&key).expect("stored")).expect("JSON");
    v["expires_at"] = "2020-01-01T00:00:00.000Z".into();
    put(&key, &v.to_string());
}

#[wasm_bindgen_test]
async fn a_new_client_instance_keeps_the_session() {
    let env = new_env();
    let first = signed_up(&env).await;
    let before = first.current_session().expect("signed in");
    // A page reload: a brand-new client reading the same localStorage.
    let reloaded = client(&env);
    let after = reloaded
        .get_session()
        .await
        .expect("no error")
        .expect("still signed in");
    assert_eq!(after.user.id, before.user.id);
    assert_eq!(
        after.credentials.access_token,
        before.credentials.access_token
    );
    assert_eq!(after.user.phone, before.user.phone);
    reloaded.sign_out(None).await.expect("signed out");
    assert_eq!(first.get_session().await, Ok(None));
}

#[wasm_bindgen_test]
async fn an_expired_token_is_refreshed_once_for_concurrent_calls() {
    let env = new_env();
    let old = signed_up(&env).await.current_session().expect("signed in");
    expire_stored(&env);
    let platform = CountingPlatform::default();
    let auth = AuthClient::new(config(&env), platform);
    let events = record(&auth);
    let (a, b, c, d) = futures::join!(
        auth.get_session(),
        auth.get_session(),
        auth.get_user(),
        auth.get_session()
    );
    let (a, b, d) = (
        a.expect("ok").expect("session"),
        b.expect("ok").expect("session"),
        d.expect("ok").expect("session"),
    );
    assert_eq!(c.expect("user").id, old.user.id);
    assert_eq!(auth.platform().count("/v1/token"), 1);
    assert_ne!(a.credentials.refresh_token, old.credentials.refresh_token);
    assert_eq!(a.credentials.refresh_token, b.credentials.refresh_token);
    assert_eq!(a.credentials.refresh_token, d.credentials.refresh_token);
    assert!(!a.credentials.is_expired(js_sys::Date::now()));
    settle().await;
    let id = &old.user.id;
    assert_eq!(
        *events.borrow(),
        [
            format!("TOKEN_REFRESHED:{id}"),
            format!("INITIAL_SESSION:{id}")
        ]
    );
    auth.sign_out(None).await.expect("signed out");
}

#[wasm_bindgen_test]
async fn refresh_session_and_the_event_sequence() {
    let env = new_env();
    let auth = client(&env);
    let events = record(&auth);
    let phone = new_phone();
    let ch = auth
        .sign_up(SignUpParams {
            phone: Some(phone.clone()),
            ..Default::default()
        })
        .await
        .expect("sent");
    let signed = auth
        .verify_challenge(&ch, &latest_code(&phone).await)
        .await
        .expect("signed up");
    let refreshed = auth.refresh_session().await.expect("refreshed");
    assert_ne!(
        refreshed.session.credentials.refresh_token,
        signed.session.credentials.refresh_token
    );
    assert_ne!(
        refreshed.session.credentials.access_token,
        signed.session.credentials.access_token
    );
    auth.sign_out(None).await.expect("signed out");
    settle().await;
    let id = &signed.user.id;
    assert_eq!(
        *events.borrow(),
        [
            "INITIAL_SESSION:-".to_owned(),
            format!("SIGNED_IN:{id}"),
            format!("TOKEN_REFRESHED:{id}"),
            "SIGNED_OUT:-".to_owned()
        ]
    );
}

#[wasm_bindgen_test]
async fn unsubscribed_listeners_hear_nothing_and_listeners_may_call_back_in() {
    let env = new_env();
    let auth = client(&env);
    let heard = Rc::new(std::cell::RefCell::new(Vec::new()));
    let (sink, inner) = (heard.clone(), auth.clone());
    let sub = auth.on_auth_state_change(Rc::new(move |e, _| {
        let (sink, inner) = (sink.clone(), inner.clone());
        // Awaiting the client from inside a listener must not deadlock.
        wasm_bindgen_futures::spawn_local(async move {
            let s = inner.get_session().await.expect("no error");
            sink.borrow_mut().push((e.as_str(), s.is_some()));
        });
    }));
    let s = auth.sign_in_anonymously().await.expect("anonymous");
    settle().await;
    assert_eq!(
        *heard.borrow(),
        [("INITIAL_SESSION", false), ("SIGNED_IN", true)]
    );
    sub.unsubscribe();
    auth.sign_out(None).await.expect("signed out");
    settle().await;
    assert_eq!(heard.borrow().len(), 2);
    assert!(!s.user.id.is_empty());
}

#[wasm_bindgen_test]
async fn a_corrupt_stored_session_reads_as_signed_out() {
    for bad in [
        "{not json",
        "null",
        "[]",
        r#"{"access_token":42}"#,
        r#"{"access_token":"x","expires_at":"never"}"#,
    ] {
        let env = new_env();
        put(&format!("credentials_{env}"), bad);
        put(&format!("user_info_{env}"), "\u{1}garbage");
        let auth = client(&env);
        assert_eq!(auth.get_session().await, Ok(None), "{bad}");
        assert_eq!(get(&format!("credentials_{env}")), None);
        let e = auth.get_user().await.expect_err("signed out");
        assert_eq!(e.code, "unauthenticated");
        // And the client still works.
        let s = auth.sign_in_anonymously().await.expect("anonymous");
        assert!(s.user.is_anonymous);
        auth.sign_out(None).await.expect("signed out");
    }
}

#[wasm_bindgen_test]
async fn a_dead_server_is_unreachable_and_keeps_the_session() {
    let env = new_env();
    let auth = signed_up(&env).await;
    expire_stored(&env);
    auth.set_api_origin("http://127.0.0.1:9");
    let e = auth.get_session().await.expect_err("no server");
    assert_eq!(e.code, "unreachable");
    assert!(get(&format!("credentials_{env}")).is_some());
    auth.set_api_origin(EMULATOR);
    assert!(auth.get_session().await.expect("no error").is_some());
    auth.sign_out(None).await.expect("signed out");
}

#[wasm_bindgen_test]
async fn another_client_hears_sign_in_and_sign_out_with_their_sessions() {
    let env = new_env();
    // A second tab of the same app: its own client and BroadcastChannel.
    let other = client(&env);
    let heard = record(&other);
    let auth = signed_up(&env).await;
    let uid = auth.current_session().expect("signed in").user.id;
    settle().await;
    assert!(heard.borrow().contains(&format!("SIGNED_IN:{uid}")));
    heard.borrow_mut().clear();
    auth.sign_out(None).await.expect("signed out");
    settle().await;
    assert_eq!(*heard.borrow(), ["SIGNED_OUT:-"]);
}

#[wasm_bindgen_test]
fn the_pages_base64url_decoder_agrees_with_the_crates() {
    // Canonical text and refusals alike; the page's decoder (`atob`) also takes a last
    // character whose unused bits are not zero (`Zm9`), which no JWT has and the crate refuses.
    use cloudbase_auth_wasm::core::encode::base64url_decode;
    use cloudbase_auth_wasm::core::platform::Platform;
    let page = WebPlatform::default();
    let cases = [
        "eyJhIjoxfQ",
        "eyJhIjoxfQ==",
        "c2ln",
        "",
        "_-8",
        "5Yqg5rK5",
        "a b",
        "a+b/",
        "a=b",
        "Z",
        "é",
    ];
    for text in cases {
        assert_eq!(
            page.base64url_decode(text),
            base64url_decode(text),
            "{text:?}"
        );
    }
}

#[wasm_bindgen_test]
fn the_pages_base64_encoder_agrees_with_the_crates() {
    // The Basic header's `client_id:`, of every length modulo 3, and bytes over 0x7F (a
    // client id in UTF-8), which `btoa` takes as the chars of those codes.
    use cloudbase_auth_wasm::core::encode::base64;
    use cloudbase_auth_wasm::core::platform::Platform;
    let page = WebPlatform::default();
    let every: Vec<u8> = (0..=255).collect();
    let cases: [&[u8]; 8] = [
        &every,
        b"",
        b"a:",
        b"ab:",
        b"env-1:",
        "环境-1:".as_bytes(),
        &[0, 0x7f, 0x80, 0xff],
        &[0xff; 64],
    ];
    for bytes in cases {
        assert_eq!(page.base64_encode(bytes), base64(bytes), "{bytes:?}");
    }
}
