//! The fake provider's authorize page (`GET /emulator/v1/oauth/authorize`).
use super::redirect::{check_redirect_uri, redirect_key, with_query};
use super::{
    AUTHORIZE_PATH, CODE_TTL_SECS, DEFAULT_SUBJECT, FakeProvider, PASSED_THROUGH, Profile, param,
    provider, required,
};
use crate::error::{ApiError, ApiResult};
use crate::routes::{Params, env};
use crate::state::AppState;
use crate::{ids, secret, validate};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use rusqlite::params;

/// The identity asked for on the authorize page: subject from `login_hint`, optional `name`,
/// `email` and `picture`.
fn profile(
    provider: &FakeProvider,
    sub: &str,
    name: Option<&str>,
    email: Option<&str>,
    picture: Option<&str>,
) -> ApiResult<Profile> {
    let sub_ok = (1..=64).contains(&sub.len())
        && sub
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._@+-".contains(&b));
    if !sub_ok {
        return Err(ApiError::invalid(format!(
            "invalid login_hint {sub:?}: 1-64 letters, digits or ._@+-"
        )));
    }
    let email = match email {
        Some(e) => validate::email(e)?,
        None if sub.contains('@') => validate::email(sub)?,
        None => String::new(),
    };
    let name = match name {
        Some(n) if n.chars().count() > 64 => {
            return Err(ApiError::invalid("name may not exceed 64 characters"));
        }
        Some(n) => n.trim().to_string(),
        None => sub.split('@').next().unwrap_or(sub).to_string(),
    };
    Ok(Profile {
        provider_id: provider.id.into(),
        sub: sub.into(),
        name,
        email,
        picture: picture.unwrap_or_default().into(),
    })
}

/// Stores a single-use authorization code for an identity and a redirect URI.
fn issue_code(st: &AppState, env: &str, redirect_uri: &str, p: &Profile) -> ApiResult<String> {
    let code = ids::hex_id(16);
    let now = st.now_ms();
    let db = st.db();
    db.prepare_cached("DELETE FROM oauth_codes WHERE expires_at<=?1")?
        .execute(params![now])?;
    db.prepare_cached(
        "INSERT INTO oauth_codes (env, code, provider_id, sub, name, email, picture, redirect_uri, expires_at)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
    )?
    .execute(params![
        env,
        secret::digest(&code),
        p.provider_id,
        p.sub,
        p.name,
        p.email,
        p.picture,
        redirect_key(redirect_uri),
        now + CODE_TTL_SECS * 1000
    ])?;
    Ok(code)
}

/// Escapes text for HTML.
fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The sign-in form of the authorize page: it submits to the page again with a `login_hint`.
fn form(provider: &FakeProvider, q: &Params, cancel: &str) -> String {
    let mut keys: Vec<&String> = q
        .keys()
        .filter(|k| !PASSED_THROUGH.contains(&k.as_str()))
        .collect();
    keys.sort();
    let hidden: String = keys
        .iter()
        .map(|k| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                html_escape(k),
                html_escape(&q[*k])
            )
        })
        .collect();
    let name = html_escape(provider.name);
    format!(
        "<!doctype html>
<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">
<title>Sign in with {name}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem}}
label{{display:block;margin:.8rem 0}}input{{display:block;width:100%;padding:.4rem;box-sizing:border-box}}
button{{padding:.5rem 1.2rem;margin-right:1rem}}</style></head>
<body><h1>Sign in with {name}</h1>
<p>The fake identity provider of the CloudBase auth emulator: any identity is accepted.</p>
<form method=\"get\" action=\"{AUTHORIZE_PATH}\">{hidden}
<label>Subject (the provider's user id)<input name=\"login_hint\" value=\"{DEFAULT_SUBJECT}\" required maxlength=\"64\" pattern=\"[A-Za-z0-9._@+\\-]+\"></label>
<label>Name<input name=\"name\" maxlength=\"64\" placeholder=\"the subject\"></label>
<label>Email<input name=\"email\" type=\"email\" placeholder=\"none\"></label>
<button type=\"submit\">Continue</button><a href=\"{}\">Cancel</a>
</form></body></html>
",
        html_escape(cancel)
    )
}

/// `GET /emulator/v1/oauth/authorize?client_id&provider_id&redirect_uri&state&scope&login_hint&prompt&name&email&picture`:
/// the fake provider's authorize page. With a `login_hint` (or `prompt=none`, for the identity
/// `fake-user`) it redirects (302) to `redirect_uri?code=&state=`; otherwise it answers a form
/// to pick the identity. Errors are JSON, before any redirect.
#[utoipa::path(
    get,
    path = "/emulator/v1/oauth/authorize",
    tag = "emulator",
    operation_id = "fakeAuthorize",
    summary = "Authorize page of the fake OAuth providers",
    description = "The authorize page that `GET /auth/v1/provider/uri` points to. With `login_hint` (or `prompt=none`, for the identity `fake-user`) it redirects at once to `redirect_uri?code=&state=` (added to any query of `redirect_uri`); otherwise it answers an HTML form to enter an identity, which submits to this page again (its Cancel link goes to `redirect_uri?error=access_denied&state=`). Codes are single use and valid 5 minutes. Errors are JSON, before any redirect.",
    params(
        crate::openapi_parts::ClientId,
        ("provider_id" = String, Query, description = "`fake` or `fake2`; another id is `not_found`."),
        ("redirect_uri" = String, Query, description = "Where the code goes: an `http` or `https` URL to this machine or to an origin allowed with `--redirect-origin` (checked before any redirect, `login_hint` and `prompt=none` included)."),
        ("state" = Option<String>, Query, description = "Returned unchanged."),
        ("scope" = Option<String>, Query, description = "Accepted and ignored."),
        ("response_type" = Option<String>, Query, description = "`code` when given."),
        ("login_hint" = Option<String>, Query, description = "The identity's subject (provider user id): 1-64 ASCII letters, digits or `._@+-`. An email address also becomes the identity's email."),
        ("prompt" = Option<String>, Query, description = "`none`: without `login_hint`, the default identity `fake-user` instead of the form."),
        ("name" = Option<String>, Query, description = "The identity's name (at most 64 characters); default the subject up to any `@`."),
        ("email" = Option<String>, Query, description = "The identity's email; default the subject when it is an email address, else none."),
        ("picture" = Option<String>, Query, description = "The identity's picture URL."),
    ),
    responses(
        (status = 200, description = "The form to enter an identity", content_type = "text/html", body = String),
        (status = 302, description = "Redirect to `redirect_uri` with `code` and `state`", headers(("Location" = String, description = "`redirect_uri?code=...&state=...`"))),
        (status = 400, response = crate::openapi_parts::BadRequest),
        (status = 403, response = crate::openapi_parts::Forbidden),
        (status = 404, response = crate::openapi_parts::NotFound),
    ),
)]
pub async fn authorize(State(st): State<AppState>, Query(q): Query<Params>) -> ApiResult<Response> {
    let env = env(&q)?;
    let provider = provider(param(&q, "provider_id")?.unwrap_or_default())?;
    let redirect = required(&q, "redirect_uri")?;
    check_redirect_uri(&st, redirect)?;
    if let Some(rt) = param(&q, "response_type")? {
        if rt != "code" {
            return Err(ApiError::invalid(format!(
                "unsupported response_type {rt:?}: the fake provider answers \"code\""
            )));
        }
    }
    let state = param(&q, "state")?;
    param(&q, "scope")?;
    let (name, email, picture) = (
        param(&q, "name")?,
        param(&q, "email")?,
        param(&q, "picture")?,
    );
    let sub = match (param(&q, "login_hint")?, param(&q, "prompt")?) {
        (Some(hint), _) => hint.trim(),
        (None, Some("none")) => DEFAULT_SUBJECT,
        _ => {
            let mut cancel = vec![("error", "access_denied")];
            cancel.extend(state.map(|s| ("state", s)));
            let page = form(provider, &q, &with_query(redirect, &cancel));
            return Ok(([(header::CACHE_CONTROL, "no-store")], Html(page)).into_response());
        }
    };
    let p = profile(provider, sub, name, email, picture)?;
    let code = issue_code(&st, &env, redirect, &p)?;
    let mut pairs = vec![("code", code.as_str())];
    pairs.extend(state.map(|s| ("state", s)));
    let location = with_query(redirect, &pairs);
    Ok((
        StatusCode::FOUND,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, "no-store".into()),
        ],
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html() {
        assert_eq!(
            html_escape("<a href=\"x\">'&"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;"
        );
    }
}
