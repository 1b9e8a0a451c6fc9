//! OAuth through the Rust API against the emulator's fake providers: the authorize URI, the
//! provider's redirect (followed by `fetch`; its final URL carries the code), the code
//! exchanged for a sign-in or a bound identity.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use cloudbase_auth_wasm::core::AuthClient;
use cloudbase_auth_wasm::web::WebPlatform;

use super::support::*;

/// A page of the emulator that answers with CORS headers, standing in for the app's page.
pub fn back() -> String {
    format!("{EMULATOR}/emulator/v1/inbox")
}

/// Goes through the fake provider as `who` and returns the code it redirects back with.
pub async fn provider_code(auth: &AuthClient<WebPlatform>, provider: &str, who: &str) -> String {
    let uri = auth
        .oauth_uri(provider, &back(), "st-1")
        .await
        .expect("authorize uri");
    let url = format!("{uri}&login_hint={who}");
    let window = web_sys::window().expect("a window");
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&url))
        .await
        .expect("the provider answers")
        .dyn_into()
        .expect("a response");
    let landed = response.url();
    let param = |key: &str| {
        let query = landed.split_once('?').map_or("", |(_, q)| q);
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
            .map(str::to_owned)
    };
    assert_eq!(param("state").as_deref(), Some("st-1"), "{landed}");
    param("code").expect("a code")
}

#[wasm_bindgen_test]
async fn oauth_signs_in_then_links_a_second_provider() {
    let env = new_env();
    let auth = client(&env);
    let events = record(&auth);
    let who = format!("ann-{}", rand_hex(4));

    let code = provider_code(&auth, "fake", &who).await;
    let signed = auth
        .verify_oauth("fake", &code, &back(), false)
        .await
        .expect("signed in")
        .expect("a session");
    assert_eq!(
        signed.user.user_metadata.name.as_deref(),
        Some(who.as_str())
    );
    let again = auth
        .verify_oauth("fake", &code, &back(), false)
        .await
        .expect_err("a code is single use");
    assert_eq!(again.code, "invalid_grant");

    let code = provider_code(&auth, "fake2", &format!("{who}-2")).await;
    assert_eq!(
        auth.verify_oauth("fake2", &code, &back(), true).await,
        Ok(None)
    );
    let ids = auth.get_user_identities().await.expect("identities");
    let providers: Vec<_> = ids.iter().map(|i| i.id.as_str()).collect();
    assert!(
        providers.contains(&"fake") && providers.contains(&"fake2"),
        "{providers:?}"
    );
    settle().await;
    let id = &signed.user.id;
    assert_eq!(
        *events.borrow(),
        [
            "INITIAL_SESSION:-".to_owned(),
            format!("SIGNED_IN:{id}"),
            format!("BIND_IDENTITY:{id}")
        ]
    );
    auth.sign_out(None).await.expect("signed out");
}
