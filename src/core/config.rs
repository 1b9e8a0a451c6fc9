//! [`Config`]: what `cloudbase.init({...})` takes.

use alloc::borrow::Cow;

use crate::prelude::*;

use super::error::AuthError;
use super::fields::{Fields, FromJson};
use super::text::{cat, split_at_any, split_once};
use super::value::Value;

/// Client configuration (the `cloudbase.init` options the auth client uses).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
}

impl FromJson for Config {
    /// Reads the `cloudbase.init` options: `env` (required), `clientId`, `region`,
    /// `apiOrigin`, `lang`; other options are ignored.
    fn from_json(value: &Value) -> Result<Self, AuthError> {
        let f = Fields::of(value, "config")?;
        let map = f.map();
        let env = match map.get("env") {
            Some(Value::String(e)) if !e.trim().is_empty() => e,
            _ => {
                return Err(AuthError::invalid_argument(
                    "config: `env` (a string) is required",
                ));
            }
        };
        let client_id = f.str("clientId")?;
        let region = f.str("region")?;
        let api_origin = f.str("apiOrigin")?;
        let lang = f.str("lang")?;
        let auto_refresh_token = match f.flag("autoRefreshToken")? {
            Some(b) => Some(b),
            None => f.object("auth")?.flag("autoRefreshToken")?,
        };
        let own = |s: Option<Cow<str>>| s.map(Cow::into_owned);
        Ok(Config {
            env: env.clone(),
            client_id: own(client_id),
            region: own(region),
            api_origin: own(api_origin),
            lang: own(lang),
            auto_refresh_token,
        })
    }
}

impl Config {
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

    /// The client id: `client_id` or, by default, `env`.
    pub fn client_id(&self) -> &str {
        self.client_id
            .as_deref()
            .filter(|c| !c.is_empty())
            .unwrap_or(&self.env)
    }

    /// The origin to use when none was set: the environment's gateway.
    pub fn default_origin(&self) -> String {
        cat(&["https://", &self.env, ".api.tcloudbasegateway.com"])
    }
}

/// Normalises an origin: drops any path and trailing slash (`http://h:1/v1` → `http://h:1`),
/// accepts the JS SDK's protocol-relative form (`//h:1/v1`, with `protocol`).
pub fn normalize_origin(url: &str, protocol: Option<&str>) -> String {
    let url = url.trim();
    let (scheme, rest) = if let Some(rest) = url.strip_prefix("//") {
        (protocol.unwrap_or("https").trim_end_matches(':'), rest)
    } else if let Some((scheme, rest)) = split_once(url, "://") {
        (scheme, rest)
    } else {
        (protocol.unwrap_or("https").trim_end_matches(':'), url)
    };
    let host = split_at_any(rest, &['/', '?', '#']).map_or(rest, |(h, _)| h);
    cat(&[scheme, "://", host])
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn client_id_defaults_to_env() {
        let c = Config::from_json_text(r#"{"env":"e1"}"#).expect("valid config");
        assert_eq!(c.client_id(), "e1");
        assert_eq!(c.default_origin(), "https://e1.api.tcloudbasegateway.com");
        let c: Config =
            Config::from_json_text(r#"{"env":"e1","clientId":"c9","apiOrigin":"http://x"}"#)
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
                Config::from_json_text(bad).map_err(|e| e.code.clone()),
                Err("invalid_argument".into()),
                "{bad}"
            );
        }
    }
}
