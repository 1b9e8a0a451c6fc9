//! [`Config`]: what `cloudbase.init({...})` takes.

use serde::Deserialize;

/// Client configuration (the `cloudbase.init` options the auth client uses).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    /// CloudBase environment id.
    pub env: String,
    /// OAuth client id; defaults to `env`.
    #[serde(default)]
    pub client_id: Option<String>,
    /// Region (kept for compatibility; the gateway origin does not use it).
    #[serde(default)]
    pub region: Option<String>,
    /// Origin of the auth service, `scheme://host[:port]` (an emulator, say).
    /// Default: `https://{env}.api.tcloudbasegateway.com`.
    #[serde(default)]
    pub api_origin: Option<String>,
    /// `Accept-Language` value, `zh-CN` (default) or `en-US`.
    #[serde(default)]
    pub lang: Option<String>,
}

impl Config {
    /// The client id: `client_id` or, by default, `env`.
    pub fn client_id(&self) -> &str {
        self.client_id
            .as_deref()
            .filter(|c| !c.is_empty())
            .unwrap_or(&self.env)
    }

    /// The origin to use when none was set: the environment's gateway.
    pub fn default_origin(&self) -> String {
        format!("https://{}.api.tcloudbasegateway.com", self.env)
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
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    format!("{scheme}://{host}")
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
        let c: Config = serde_json::from_str(r#"{"env":"e1"}"#).expect("valid config");
        assert_eq!(c.client_id(), "e1");
        assert_eq!(c.default_origin(), "https://e1.api.tcloudbasegateway.com");
        let c: Config =
            serde_json::from_str(r#"{"env":"e1","clientId":"c9","apiOrigin":"http://x"}"#)
                .expect("valid config");
        assert_eq!(c.client_id(), "c9");
    }
}
