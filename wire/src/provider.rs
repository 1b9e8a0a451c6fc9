//! Identities bound to the user: list and bind.
use serde::{Deserialize, Serialize};

/// `GET /v1/user/provider`: `{total, data}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentityList {
    /// How many identities `data` holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// The identities (empty when absent).
    #[serde(default)]
    pub data: Vec<Identity>,
}

/// An identity of [`IdentityList`]: `{id, name, provider_user_name?, bind}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Identity {
    /// The provider id.
    pub id: String,
    /// The provider's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The identity's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_user_name: Option<String>,
    /// Whether the identity is bound to the user (the JS SDK keeps those that are).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bind: Option<bool>,
}

/// `POST /v1/user/provider/bind` `{provider_token}`. Answers [`Empty`](crate::Empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderBind {
    /// The provider token of `POST /v1/provider/token`.
    pub provider_token: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{refused, round_trip};

    #[test]
    fn transcript_identities_round_trip() {
        let l: IdentityList =
            round_trip(r#"{"total":1,"data":[{"id":"wx_open","name":"WeChat","bind":false}]}"#);
        assert_eq!(l.total, Some(1));
        assert_eq!(l.data[0].bind, Some(false));
        let l: IdentityList = round_trip(
            r#"{"total":1,"data":[{"id":"fake","name":"Fake","provider_user_name":"Fake User","bind":true}]}"#,
        );
        assert_eq!(l.data[0].provider_user_name.as_deref(), Some("Fake User"));
        let l: IdentityList = serde_json::from_str("{}").expect("reads");
        assert!(l.data.is_empty());
    }

    #[test]
    fn bind_round_trips() {
        assert_eq!(
            round_trip::<ProviderBind>(r#"{"provider_token":"pt"}"#).provider_token,
            "pt"
        );
        assert!(refused::<ProviderBind>("{}"));
        assert!(refused::<IdentityList>(r#"{"data":[{"name":"x"}]}"#));
    }
}
