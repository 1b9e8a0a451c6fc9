//! The error answers of the document (`#/components/responses/...`): each an [`ErrorBody`] with
//! its meaning and an example.
use cloudbase_auth_wire::ErrorBody;
use utoipa::ToResponse;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};

/// An error response: `description`, and an [`ErrorBody`] example.
fn error_response(
    description: &str,
    error: &str,
    code: i64,
    text: &str,
    retry_after: Option<u64>,
) -> RefOr<Response> {
    let example = ErrorBody {
        error: error.into(),
        error_code: Some(code),
        error_description: Some(text.into()),
        retry_after,
        ..ErrorBody::default()
    };
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .example(serde_json::to_value(example).ok())
                .build(),
        )
        .build()
        .into()
}

/// Declares error responses: a unit type per response implementing [`ToResponse`].
macro_rules! error_responses {
    ($($name:ident: $description:literal, $error:literal, $code:literal, $text:literal, $retry:expr;)*) => {
        $(
            #[doc = $description]
            pub struct $name;

            impl<'r> ToResponse<'r> for $name {
                fn response() -> (&'r str, RefOr<Response>) {
                    (
                        stringify!($name),
                        error_response($description, $error, $code, $text, $retry),
                    )
                }
            }
        )*
    };
}

error_responses! {
    BadRequest: "Invalid request: `invalid_argument`, `invalid_password` or `invalid_grant` (error_code 3); for codes and verification tokens also `invalid_verification_code` (error_code 3, expired) and `failed_precondition` (error_code 9, used up).",
        "invalid_argument", 3, "phone_number or email is required", None;
    Unauthenticated: "Missing, invalid, expired or revoked access token (error_code 16). The SDK then drops its stored session.",
        "unauthenticated", 16, "access token expired", None;
    LoginDisabled: "The login method is switched off in the emulator config (error_code 4045).",
        "login_type_disabled", 4045, "SMS code login is disabled in this environment (emulator config `sms_login`)", None;
    NotFound: "No such user, code, provider or binding (error_code 5).",
        "not_found", 5, "user not found", None;
    Conflict: "The user, username, phone, email or identity exists already, or is bound to another user (error_code 6).",
        "already_exists", 6, "user already exists", None;
    TooLarge: "The body exceeds 64 KiB (`invalid_argument`, error_code 3).",
        "invalid_argument", 3, "request body too large", None;
    RateLimited: "Too many codes for this address, or from this IP address in the current minute (`resource_exhausted`, error_code 8), with `retry_after`.",
        "resource_exhausted", 8, "Your operation is too frequent, please try again later", Some(30);
    Throttled: "Too many requests of this kind from this IP address in the current minute (`resource_exhausted`, error_code 8), with `retry_after`.",
        "resource_exhausted", 8, "Your operation is too frequent, please try again later", Some(42);
    Unimplemented: "Not available in the emulator (error_code 12).",
        "unimplemented", 12, "POST /auth/v1/signin/wechat/noauth is not available in the emulator", None;
    FailedPrecondition: "Invalid path (`invalid_argument`, error_code 3), or the identity is the user's only way to sign in (`failed_precondition`, error_code 9).",
        "failed_precondition", 9, "provider \"fake\" is the only way this user can sign in: set a password, phone, email or another identity first", None;
    BadGrant: "Invalid request (`invalid_argument`, error_code 3), or a wrong, expired or used code, another provider's code, or a redirect URI other than the authorization's (`invalid_grant`, error_code 3).",
        "invalid_grant", 3, "provider_code is invalid, expired or already used", None;
    Forbidden: "Refused by the dev API's protection (`permission_denied`, error_code 7): a change asked by a page of another origin than a loopback one (other origins get no CORS headers either), or, while the emulator listens on loopback, a `Host` that is a DNS name other than `localhost` (DNS rebinding).",
        "permission_denied", 7, "the dev API accepts changes only from loopback origins (http://127.0.0.1:*, http://localhost:*, http://[::1]:*) or from clients that send no Origin", None;
    UnsupportedMediaType: "A dev API write whose Content-Type is not `application/json` (`invalid_argument`, error_code 3): the requests any page can send without a CORS preflight are refused.",
        "invalid_argument", 3, "the dev API takes writes with Content-Type: application/json", None;
}
