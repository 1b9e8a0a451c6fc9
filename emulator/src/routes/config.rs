//! The dev API's config: `GET` and `PATCH /emulator/v1/config`, and the schemas of their
//! bodies, built from [`Limits`]' own so that the document names exactly its fields.
use crate::config::{Limits, Smtp};
use crate::error::ApiResult;
use crate::state::AppState;
use crate::state::mail::{MailError, MailStatus};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use serde::Serialize;
use serde_json::Value;
use utoipa::openapi::schema::{AdditionalProperties, Object, OneOfBuilder, Schema, Type};
use utoipa::openapi::{ObjectBuilder, Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

/// The `smtp` of `GET /emulator/v1/config`: the settings (never the password) and how the
/// deliveries went.
#[derive(Serialize, ToSchema)]
pub struct SmtpView {
    /// Host name or IP address.
    pub host: String,
    /// Port (the usual one for `security` unless set).
    pub port: u16,
    /// `none`, `ssl` or `starttls`.
    #[schema(value_type = crate::config::SmtpSecurity)]
    pub security: &'static str,
    /// Login user (`null` for none).
    pub user: Option<String>,
    /// Sender address.
    pub from: String,
    /// Whether a password is set.
    pub password_set: bool,
    /// Messages the server accepted.
    pub sent: u64,
    /// Messages that could not be delivered.
    pub failed: u64,
    /// The latest failure (`null` for none).
    pub last_error: Option<MailError>,
}

impl SmtpView {
    fn new(smtp: &Smtp, mail: &MailStatus) -> Self {
        Self {
            host: smtp.host.clone(),
            port: smtp.port(),
            security: smtp.security.as_str(),
            user: smtp.user.clone(),
            from: smtp.from.clone(),
            password_set: smtp.password.is_some(),
            sent: mail.sent(),
            failed: mail.failed(),
            last_error: mail.last_error(),
        }
    }
}

/// `GET /emulator/v1/config`: the limits and switches, and `smtp` when a server is configured.
/// Its schema (`ConfigView`) is the one of [`Limits`] with `smtp` added.
#[derive(Serialize)]
pub struct ConfigView {
    /// The limits and login switches.
    #[serde(flatten)]
    pub limits: Limits,
    /// The SMTP server and its deliveries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smtp: Option<SmtpView>,
}

/// The schema of [`Limits`] as an object.
fn limits_object() -> Object {
    match Limits::schema() {
        RefOr::T(Schema::Object(o)) => o,
        _ => Object::new(),
    }
}

/// `{type: null}` or the schema `name`.
fn nullable(name: &str) -> RefOr<Schema> {
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .item(Ref::from_schema_name(name))
        .into()
}

impl PartialSchema for ConfigView {
    fn schema() -> RefOr<Schema> {
        let mut o = limits_object();
        o.description =
            Some("The limits and login switches, and `smtp` when a server is configured.".into());
        o.properties
            .insert("smtp".into(), Ref::from_schema_name("SmtpView").into());
        o.into()
    }
}

impl ToSchema for ConfigView {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push(("SmtpView".into(), SmtpView::schema()));
        <SmtpView as ToSchema>::schemas(schemas);
    }
}

/// The body of `PATCH /emulator/v1/config`: some fields of [`ConfigView`], with `smtp` a
/// [`SmtpPatch`] or `null` (no server). Only a schema: the handler merges the body into the
/// current config.
pub struct ConfigPatch;

impl PartialSchema for ConfigPatch {
    fn schema() -> RefOr<Schema> {
        let mut o = limits_object();
        o.required.clear();
        o.description = Some("Some fields of the config; the others keep their value.".into());
        o.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
        o.properties.insert("smtp".into(), nullable("SmtpPatch"));
        o.into()
    }
}

impl ToSchema for ConfigPatch {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push(("SmtpPatch".into(), SmtpPatch::schema()));
    }
}

/// The `smtp` of a [`ConfigPatch`] (see [`Smtp::patched`]): the fields to change; `null` or `""`
/// clears `port`, `user` and `password`. Only a schema.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct SmtpPatch {
    /// Host name or IP address.
    #[schema(nullable = false)]
    host: Option<String>,
    /// Port; `null` for the usual one of `security`.
    #[schema(minimum = 1, maximum = 65535)]
    port: Option<u16>,
    /// Connection security.
    #[schema(nullable = false)]
    security: Option<crate::config::SmtpSecurity>,
    /// Login user; `null` or `""` for none.
    user: Option<String>,
    /// Login password (write-only); `null` or `""` for none.
    password: Option<String>,
    /// Sender address, `noreply@example.com` or `Name <noreply@example.com>`.
    #[schema(nullable = false)]
    from: Option<String>,
}

/// The config: the limits and switches, and `smtp` (settings without the password, plus the
/// delivery counts) when an SMTP server is configured.
fn config_view(st: &AppState) -> ConfigView {
    let limits = st.limits();
    let smtp = limits.smtp.as_ref().map(|s| SmtpView::new(s, st.mail()));
    ConfigView { limits, smtp }
}

/// `GET /emulator/v1/config`: the current limits, login switches and SMTP server.
#[utoipa::path(
    get,
    path = "/emulator/v1/config",
    tag = "emulator",
    operation_id = "getConfig",
    summary = "Limits and login switches",
    responses(
        (status = 200, description = "Current config", body = ConfigView),
        (status = 403, response = crate::openapi_parts::Forbidden),
    ),
)]
pub async fn get_config(State(st): State<AppState>) -> Json<ConfigView> {
    Json(config_view(&st))
}

/// `PATCH /emulator/v1/config`: changes some limits, switches or SMTP settings (fields as in
/// `GET`; `smtp` as in [`Smtp::patched`](crate::config::Smtp::patched)). Nothing changes
/// unless all of it is valid.
#[utoipa::path(
    patch,
    path = "/emulator/v1/config",
    tag = "emulator",
    operation_id = "patchConfig",
    summary = "Change limits or login switches",
    description = "Fields as in GET; unknown fields, wrong types and values out of range are refused and change nothing.",
    request_body(content((ConfigPatch = "application/json"))),
    responses(
        (status = 200, description = "New config", body = ConfigView),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 403, response = crate::openapi_parts::Forbidden),
        (status = 413, response = crate::openapi_parts::TooLarge),
        (status = 415, response = crate::openapi_parts::UnsupportedMediaType),
    ),
)]
pub async fn patch_config(State(st): State<AppState>, bytes: Bytes) -> ApiResult<Json<ConfigView>> {
    let mut patch: serde_json::Map<String, Value> = super::body(&bytes)?;
    let invalid = |e: String| crate::error::ApiError::invalid(format!("invalid config: {e}"));
    let old = st.limits();
    let smtp = match patch.remove("smtp") {
        Some(p) => crate::config::Smtp::patched(old.smtp.as_ref(), &p).map_err(invalid)?,
        None => old.smtp.clone(),
    };
    let mut current = serde_json::to_value(&old).unwrap_or_default();
    if let Some(obj) = current.as_object_mut() {
        obj.extend(patch);
    }
    let mut limits: crate::config::Limits =
        serde_json::from_value(current).map_err(|e| invalid(e.to_string()))?;
    limits.smtp = smtp;
    limits.check().map_err(invalid)?;
    if limits.smtp != old.smtp {
        match &limits.smtp {
            Some(s) => tracing::info!(
                "email codes now also go through smtp://{}:{} ({})",
                s.host,
                s.port(),
                s.security.as_str()
            ),
            None => tracing::info!("email codes no longer go through an SMTP server"),
        }
    }
    st.set_limits(limits);
    Ok(Json(config_view(&st)))
}
