//! [`Config`]: what `cloudbase.init({...})` takes.

use crate::prelude::*;

use super::error::AuthError;
use serde::Deserialize;

use super::params::text;
use super::platform::Json;

/// Client configuration (the `cloudbase.init` options the auth client uses). Deserialises
/// from those options as JS gives them (see [`Config::from_json_text`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "InitOptions")]
pub struct Config {
    /// CloudBase environment id.
    pub env: String,
    /// OAuth client id; defaults to `env`.
    pub client_id: Option<String>,
    /// Region (kept for compatibility; the gateway origin does not use it).
    pub region: Option<String>,
    /// Origin of the auth service, `scheme://host[:port]` (an emulator, say).
    /// Default: `https://{env}.api.tcloudbasegateway.com`.
    pub api_origin: Option<String>,
    /// `Accept-Language` value, `zh-CN` (default) or `en-US`.
    pub lang: Option<String>,
    /// Refresh the access token in the background shortly before it expires (default true;
    /// `autoRefreshToken` or `auth.autoRefreshToken` in the options).
    pub auto_refresh_token: Option<bool>,
    /// Where the session is kept in a browser: `local` (default), `session` or `none`.
    pub persistence: Option<String>,
    /// How long a request may take before it is abandoned, in ms (`timeout`; see
    /// [`Config::timeout_ms`]).
    pub timeout: Option<u32>,
}

/// The shortest and the longest request timeout `init` takes (ms), as the JS SDK holds it.
const MIN_TIMEOUT_MS: u32 = 100;
const MAX_TIMEOUT_MS: u32 = 600_000;

/// The `cloudbase.init` options as JS gives them (other options are ignored).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InitOptions {
    env: Option<String>,
    #[serde(default, deserialize_with = "text")]
    client_id: Option<String>,
    #[serde(default, deserialize_with = "text")]
    region: Option<String>,
    #[serde(default, deserialize_with = "text")]
    api_origin: Option<String>,
    #[serde(default, deserialize_with = "text")]
    lang: Option<String>,
    #[serde(default, deserialize_with = "text")]
    persistence: Option<String>,
    auto_refresh_token: Option<bool>,
    auth: Option<AuthOptions>,
    timeout: Option<f64>,
}

/// `auth: {autoRefreshToken}` of the options.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuthOptions {
    auto_refresh_token: Option<bool>,
}

impl TryFrom<InitOptions> for Config {
    type Error = AuthError;

    /// The options' values; `env` must be a non-empty string.
    fn try_from(options: InitOptions) -> Result<Self, AuthError> {
        let env = options
            .env
            .filter(|e| !e.trim().is_empty())
            .ok_or_else(|| AuthError::invalid_argument("config: `env` (a string) is required"))?;
        Ok(Config {
            env,
            client_id: options.client_id,
            region: options.region,
            api_origin: options.api_origin,
            lang: options.lang,
            persistence: options.persistence,
            // As the JS SDK: 0 means the default (the cast saturates; `timeout_ms` holds it).
            timeout: options.timeout.filter(|&t| t != 0.0).map(|t| t as u32),
            auto_refresh_token: options
                .auto_refresh_token
                .or(options.auth.and_then(|a| a.auto_refresh_token)),
        })
    }
}

impl Config {
    /// Reads the `cloudbase.init` options (JSON text): `env` (required), `clientId`, `region`,
    /// `apiOrigin`, `lang`, `persistence`, `timeout`, `autoRefreshToken` or
    /// `auth.autoRefreshToken`.
    /// Read with `json` (the platform's reader).
    pub fn from_json_text(json: &impl Json, text: &str) -> Result<Self, AuthError> {
        let text = if text.trim().is_empty() { "{}" } else { text };
        json.decode::<InitOptions>(text)
            .map_err(|e| AuthError::invalid_argument(["invalid config arguments: ", &e].concat()))?
            .try_into()
    }

    /// A configuration for `env` with every other option at its default.
    pub fn new(env: &str) -> Self {
        Config {
            env: env.to_owned(),
            ..Default::default()
        }
    }

    /// Whether the token is refreshed in the background (default true).
    pub fn auto_refresh(&self) -> bool {
        self.auto_refresh_token.unwrap_or(true)
    }

    /// How long a request may take before it is abandoned (ms): `timeout` held to 100 ms-10
    /// min as the JS SDK holds it, by default [`TIMEOUT_MS`](super::http::TIMEOUT_MS) (15 s,
    /// the JS SDK's).
    pub fn timeout_ms(&self) -> u32 {
        self.timeout.map_or(super::http::TIMEOUT_MS, |t| {
            t.clamp(MIN_TIMEOUT_MS, MAX_TIMEOUT_MS)
        })
    }

    /// The client id: `client_id` or, by default, `env`.
    pub fn client_id(&self) -> &str {
        self.client_id
            .as_deref()
            .filter(|c| !c.is_empty())
            .unwrap_or(&self.env)
    }

    /// The origin to use when none was set: the environment's gateway.
    pub fn default_origin(&self) -> String {
        ["https://", &self.env, ".api.tcloudbasegateway.com"].concat()
    }
}

/// Normalises an origin: drops any path and trailing slash (`http://h:1/v1` → `http://h:1`),
/// accepts the JS SDK's protocol-relative form (`//h:1/v1`, with `protocol`).
pub fn normalize_origin(url: &str, protocol: Option<&str>) -> String {
    let url = url.trim();
    let (scheme, rest) = if let Some(rest) = url.strip_prefix("//") {
        (protocol.unwrap_or("https").trim_end_matches(':'), rest)
    } else if let Some((scheme, rest)) = url.split_once("://") {
        (scheme, rest)
    } else {
        (protocol.unwrap_or("https").trim_end_matches(':'), url)
    };
    let host = rest
        .split_once(&['/', '?', '#'][..])
        .map_or(rest, |(h, _)| h);
    [scheme, "://", host].concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json_native::SerdeJson;

    #[test]
    fn origins() {
        assert_eq!(
            normalize_origin("http://127.0.0.1:8787/", None),
            "http://127.0.0.1:8787"
        );
        assert_eq!(
            normalize_origin("//127.0.0.1:8787/v1", Some("http")),
            "http://127.0.0.1:8787"
        );
        assert_eq!(
            normalize_origin("127.0.0.1:8787", Some("http:")),
            "http://127.0.0.1:8787"
        );
        assert_eq!(normalize_origin("https://a.b/c?d", None), "https://a.b");
    }

    #[test]
    fn the_timeout_is_held_to_what_the_js_sdk_takes() {
        let timeout = |t: &str| {
            Config::from_json_text(&SerdeJson, &[r#"{"env":"e1""#, t, "}"].concat())
                .map(|c| c.timeout_ms())
                .map_err(|e| e.code.clone())
        };
        assert_eq!(timeout(""), Ok(15_000));
        assert_eq!(timeout(r#","timeout":5000"#), Ok(5000));
        // 0 is the default; the rest is held to 100 ms - 10 min.
        assert_eq!(timeout(r#","timeout":0"#), Ok(15_000));
        assert_eq!(timeout(r#","timeout":20"#), Ok(100));
        assert_eq!(timeout(r#","timeout":-1"#), Ok(100));
        assert_eq!(timeout(r#","timeout":1e12"#), Ok(600_000));
        assert_eq!(
            timeout(r#","timeout":"5000""#),
            Err("invalid_argument".into())
        );
        // A Rust app's value is held the same way.
        let config = Config {
            timeout: Some(0),
            ..Config::new("e1")
        };
        assert_eq!(config.timeout_ms(), 100);
    }

    #[test]
    fn client_id_defaults_to_env() {
        let c = Config::from_json_text(&SerdeJson, r#"{"env":"e1"}"#).expect("valid config");
        assert_eq!(c.client_id(), "e1");
        assert_eq!(c.default_origin(), "https://e1.api.tcloudbasegateway.com");
        let c: Config = Config::from_json_text(
            &SerdeJson,
            r#"{"env":"e1","clientId":"c9","apiOrigin":"http://x"}"#,
        )
        .expect("valid config");
        assert_eq!(c.client_id(), "c9");
        for bad in [
            "",
            "[]",
            r#"{"env":""}"#,
            r#"{"env":5.5}"#,
            r#"{"env":"e","lang":[]}"#,
        ] {
            assert_eq!(
                Config::from_json_text(&SerdeJson, bad).map_err(|e| e.code.clone()),
                Err("invalid_argument".into()),
                "{bad}"
            );
        }
    }
}
