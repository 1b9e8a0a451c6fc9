//! Test harness: an in-process server on 127.0.0.1:0.
#![allow(clippy::unwrap_used, dead_code)]
pub mod binary;
pub mod oauth;
pub mod openapi;

use cloudbase_auth_emulator::config::{Config, Limits};
use cloudbase_auth_emulator::{AppState, router, state_for};
use serde_json::{Value, json};

/// A running emulator.
pub struct Emu {
    pub base: String,
    pub state: AppState,
    pub http: reqwest::Client,
}

pub async fn start() -> Emu {
    start_with(Limits::default()).await
}

/// Starts an emulator with the given limits (and SMTP settings).
pub async fn start_with(limits: Limits) -> Emu {
    let config = Config {
        host: "127.0.0.1".into(),
        port: 0,
        db: ":memory:".into(),
        limits,
        trust_forwarded_headers: false,
        redirect_origins: Vec::new(),
        allowed_hosts: Vec::new(),
    };
    start_config(config).await
}

/// A path for a fresh SQLite file under the tests' temporary folder, unique to this process
/// and moment (`{name}-{pid}-{nanos}.sqlite`).
pub fn temp_db(name: &str) -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("{name}-{}-{nanos}.sqlite", std::process::id()))
}

/// Starts an emulator on the database file `db`, with the default limits.
pub async fn start_file(db: &std::path::Path) -> Emu {
    start_config(Config {
        host: "127.0.0.1".into(),
        port: 0,
        db: db.to_path_buf(),
        limits: Limits::default(),
        trust_forwarded_headers: false,
        redirect_origins: Vec::new(),
        allowed_hosts: Vec::new(),
    })
    .await
}

/// Starts an emulator with a whole config (its host and port are ignored: 127.0.0.1:0).
pub async fn start_config(config: Config) -> Emu {
    let state = state_for(&config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = router(state.clone());
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    Emu {
        base,
        state,
        http: reqwest::Client::new(),
    }
}

impl Emu {
    /// POST with a JSON body: `text/plain` to the auth API (as the SDK sends it),
    /// `application/json` to the dev API.
    pub async fn post(&self, path: &str, env: &str, body: Value) -> (u16, Value) {
        let res = self
            .http
            .post(format!("{}{path}?client_id={env}", self.base))
            .header("content-type", content_type(path))
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap())
    }
    /// POST with a bearer token.
    pub async fn post_auth(&self, path: &str, token: &str, body: Value) -> (u16, Value) {
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap())
    }
    /// GET with an optional bearer token.
    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut req = self.http.get(format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap())
    }
    /// Any method, optional bearer token, raw body; answers the status and the JSON body. The
    /// body goes as `text/plain` (as the SDK sends it) to the auth API and as `application/json`
    /// to the dev API (which refuses other types).
    pub async fn send(
        &self,
        method: reqwest::Method,
        path_and_query: &str,
        token: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path_and_query}", self.base))
            .header("content-type", content_type(path_and_query))
            .body(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap())
    }
    /// PATCH with an optional bearer token.
    pub async fn patch(&self, path: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::PATCH, path, token, body.to_string())
            .await
    }
    /// DELETE with an optional bearer token.
    pub async fn delete(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        self.send(reqwest::Method::DELETE, path, token, "").await
    }
    /// Changes the emulator config; asserts success.
    pub async fn config(&self, patch: Value) -> Value {
        let (s, v) = self.patch("/emulator/v1/config", None, patch).await;
        assert_eq!(s, 200, "{v}");
        v
    }
    /// Rows in a table.
    pub fn count(&self, table: &str) -> i64 {
        self.state
            .db()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }
    /// Latest code sent to an address, from the dev inbox.
    pub async fn latest_code(&self, to: &str) -> String {
        let (_, v) = self
            .get(
                &format!(
                    "/emulator/v1/inbox?to={}",
                    to.replace('+', "%2B").replace(' ', "%20")
                ),
                None,
            )
            .await;
        v["messages"][0]["code"].as_str().unwrap().to_string()
    }
    /// Sends and verifies a code; returns the verification token.
    pub async fn verified(&self, env: &str, field: &str, to: &str) -> String {
        let (s, v) = self
            .post("/auth/v1/verification", env, json!({ field: to }))
            .await;
        assert_eq!(s, 200, "{v}");
        let code = self.latest_code(to).await;
        let (s, v) = self
            .post(
                "/auth/v1/verification/verify",
                env,
                json!({"verification_id": v["verification_id"], "verification_code": code}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
        v["verification_token"].as_str().unwrap().to_string()
    }
    /// Signs up a phone user with a password; returns credentials.
    pub async fn signup_phone(&self, env: &str, phone: &str, password: &str) -> Value {
        let vt = self.verified(env, "phone_number", phone).await;
        let (s, v) = self
            .post(
                "/auth/v1/signup",
                env,
                json!({"phone_number": phone, "verification_token": vt, "password": password, "username": null}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
        v
    }
}

/// The body type of a request to `path`: `application/json` for the dev API, the SDK's
/// `text/plain` otherwise.
pub fn content_type(path: &str) -> &'static str {
    if path.starts_with("/emulator/v1/") {
        "application/json"
    } else {
        "text/plain;charset=UTF-8"
    }
}

/// Asserts an error body.
pub fn assert_err(status: u16, body: &Value, want_status: u16, error: &str, code: i64) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(body["error"], error, "{body}");
    assert_eq!(body["error_code"], code, "{body}");
    assert!(
        body["error_description"]
            .as_str()
            .is_some_and(|d| !d.is_empty()),
        "{body}"
    );
}

/// Asserts a JSON error body (`error`, `error_code`, `error_description`) with a status
/// below 500; returns the status.
/// Asserts a JSON error body with a status below 500; returns the status.
pub async fn assert_json_error(res: reqwest::Response, what: &str) -> u16 {
    let status = res.status().as_u16();
    let ctype = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap_or("").to_string())
        .unwrap_or_default();
    let text = res.text().await.unwrap();
    assert!(status < 500, "{what}: status {status}: {text}");
    assert!(
        ctype.starts_with("application/json"),
        "{what}: content-type {ctype:?}: {text}"
    );
    let v: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {text}"));
    assert!(
        v["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{what}: no error field: {text}"
    );
    assert!(v["error_code"].is_i64(), "{what}: no error_code: {text}");
    assert!(
        v["error_description"].is_string(),
        "{what}: no error_description: {text}"
    );
    status
}

/// Signs up a phone user in `test-env-1` and returns its access token.
pub async fn signed_in(emu: &Emu) -> String {
    const ENV: &str = "test-env-1";
    let c = emu.signup_phone(ENV, "+86 13800000000", "Passw0rd!").await;
    c["access_token"].as_str().unwrap().to_string()
}
