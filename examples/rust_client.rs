//! Using the SDK from a Rust front-end (Leptos, Yew, Dioxus, or plain wasm-bindgen): the same
//! client as the npm package, with async methods and typed results.
//!
//! Built for wasm32 by the lint stage of `scripts/test.sh`
//! (`cargo clippy --target wasm32-unknown-unknown --all-targets`). In an app, call
//! [`sign_in_and_watch`] from `wasm_bindgen_futures::spawn_local` (or your framework's task
//! helper) with the values of your sign-in form.

#[cfg(target_arch = "wasm32")]
use cloudbase_auth_wasm::core::{AuthClient, AuthError, Config, SignInWithPasswordParams};
#[cfg(target_arch = "wasm32")]
use cloudbase_auth_wasm::web::WebPlatform;

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `console.log`.
    #[wasm_bindgen(js_namespace = console)]
    fn log(text: &str);
}

/// Signs in with a phone number and password, then follows the session.
#[cfg(target_arch = "wasm32")]
pub async fn sign_in_and_watch(phone: &str, password: &str) -> Result<(), AuthError> {
    // `cloudbase.init({ env, apiOrigin })`: here a local emulator.
    let config = Config {
        api_origin: Some("http://127.0.0.1:8787".into()),
        ..Config::new("my-env")
    };
    let auth = AuthClient::new(config, WebPlatform::default());

    // Events arrive as (AuthChangeEvent, Option<&Session>); keep the subscription to stop them.
    let subscription = auth.on_auth_state_change(std::rc::Rc::new(|event, session| {
        let who = session.map(|s| s.user.id.as_str()).unwrap_or("nobody");
        log(&format!("{}: {who}", event.as_str()));
    }));

    let params = SignInWithPasswordParams {
        phone: Some(phone.into()),
        password: Some(password.into()),
        ..Default::default()
    };
    match auth.sign_in_with_password(params).await {
        Ok(signed_in) => log(&format!("hello {}", signed_in.user.id)),
        // Every failure is an AuthError with a stable code.
        Err(e) if e.code == "invalid_password" => log("wrong password"),
        Err(e) => return Err(e),
    }

    // Some(session) while signed in; an expired token is refreshed first, once.
    if let Some(session) = auth.get_session().await? {
        log(&format!(
            "token valid until {}",
            session.credentials.expires_at
        ));
    }
    auth.sign_out(None).await?;
    subscription.unsubscribe();
    Ok(())
}

/// OAuth from Rust, step 1: the provider's URL to send the user to (with your router, or
/// `window.location`), returning to `redirect_uri`. The `state` is kept in sessionStorage so
/// that [`finish_oauth`] accepts only callbacks this tab started.
#[cfg(target_arch = "wasm32")]
pub async fn start_oauth(
    auth: &AuthClient<WebPlatform>,
    provider: &str,
    redirect_uri: &str,
) -> Result<String, AuthError> {
    let state = format!("prd-{provider}-{}", js_sys::Math::random().to_bits());
    let uri = auth.oauth_uri(provider, redirect_uri, &state).await?;
    session_storage()?
        .set_item(&state, provider)
        .map_err(|_| AuthError::internal("sessionStorage refused the OAuth state"))?;
    Ok(uri)
}

/// OAuth from Rust, step 2: on the page at `redirect_uri`, with the `code` and `state` of its
/// query, signs in (or, with `bind`, links the identity to the signed-in user).
#[cfg(target_arch = "wasm32")]
pub async fn finish_oauth(
    auth: &AuthClient<WebPlatform>,
    code: &str,
    state: &str,
    redirect_uri: &str,
    bind: bool,
) -> Result<(), AuthError> {
    let storage = session_storage()?;
    let provider = storage.get_item(state).ok().flatten();
    let _ = storage.remove_item(state);
    let provider =
        provider.ok_or_else(|| AuthError::invalid_argument("not an OAuth flow of this tab"))?;
    match auth
        .verify_oauth(&provider, code, redirect_uri, bind)
        .await?
    {
        Some(signed_in) => log(&format!("hello {}", signed_in.user.id)),
        None => log(&format!("{provider} linked")),
    }
    Ok(())
}

#[cfg(target_arch = "wasm32")]
fn session_storage() -> Result<web_sys::Storage, AuthError> {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .ok_or_else(|| AuthError::internal("no sessionStorage"))
}

#[cfg(target_arch = "wasm32")]
fn main() {
    wasm_bindgen_futures::spawn_local(async {
        if let Err(e) = sign_in_and_watch("+86 13800000000", "abc12345").await {
            log(&format!("{}: {}", e.code, e.message));
        }
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("this example runs in the browser: build it for wasm32-unknown-unknown");
}
