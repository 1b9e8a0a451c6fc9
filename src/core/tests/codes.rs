//! The documented codes of the verification-code steps, from the emulator's answers and from
//! the answers the real service sent in the recorded transcript.

use serde_json::{Value, json};

use super::{Harness, path, service};
use crate::core::testing::Handler;
use crate::core::{Category, SignInWithOtpParams, SignUpParams, VerifyOtpParams};
use crate::prelude::*;

/// [`service`], with `send` answering `POST /v1/verification` and `verify` answering
/// `POST /v1/verification/verify` (`None`: the network fails).
fn answering(send: Option<Value>, verify: Option<Value>) -> Handler {
    let rest = service();
    Box::new(move |r| match (path(r), &send, &verify) {
        ("/v1/verification", Some(v), _) | ("/v1/verification/verify", _, Some(v)) => {
            Ok((400, v.to_string()))
        }
        ("/v1/verification", None, _) => Err("network down".into()),
        _ => rest(r),
    })
}

fn sent_with(send: Value) -> Handler {
    answering(Some(send), None)
}

fn checked_with(verify: Value) -> Handler {
    answering(
        Some(json!({"verification_id":"vid-1","is_user":false,"expires_in":600})),
        Some(verify),
    )
}

const NOT_FOUND: &str = "user not found";

fn not_found() -> Value {
    json!({"error":"not_found","error_code":5,"error_description":NOT_FOUND})
}

/// The real service's rate-limit answer (transcript).
fn too_frequent() -> Value {
    json!({"error":"resource_exhausted","error_code":8,"error_description":"Your operation is too frequent, please try again later"})
}

/// The real service's wrong-code answer (transcript).
fn no_match() -> Value {
    json!({"error":"invalid_argument","error_code":3,"error_description":"verification code does not match"})
}

/// The emulator's answer for a code past its lifetime.
fn expired() -> Value {
    json!({"error":"invalid_verification_code","error_code":3,"error_description":"verification code expired"})
}

/// The emulator's answer once a code's tries are spent.
fn used_up() -> Value {
    json!({"error":"failed_precondition","error_code":9,"error_description":"verification code attempts exhausted"})
}

fn otp_for_existing_user(phone: &str) -> SignInWithOtpParams {
    SignInWithOtpParams {
        phone: Some(phone.into()),
        options: crate::core::OtpOptions {
            should_create_user: Some(false),
        },
        ..Default::default()
    }
}

#[test]
fn sending_to_an_unknown_user_is_user_not_found() {
    let mut h = Harness::new(sent_with(not_found()));
    let c = h.client.clone();
    let e = h
        .run(c.sign_in_with_otp(otp_for_existing_user("+86 13900000000")))
        .expect_err("no such user");
    assert_eq!(
        (e.code.as_str(), e.status.as_str(), e.error_code),
        ("user_not_found", "not_found", Some(5))
    );
    assert_eq!(e.category, Category::UserNotFound);
    let e = h
        .run(c.reset_password_for_email("nobody@example.com"))
        .expect_err("no such user");
    assert_eq!(e.code, "user_not_found");
}

#[test]
fn sending_too_often_is_resource_exhausted() {
    let mut h = Harness::new(sent_with(too_frequent()));
    let c = h.client.clone();
    let e = h
        .run(c.sign_up(SignUpParams {
            phone: Some("+86 13900000000".into()),
            ..Default::default()
        }))
        .expect_err("rate limited");
    assert_eq!(
        (e.code.as_str(), e.error_code),
        ("resource_exhausted", Some(8))
    );
    assert_eq!(e.category, Category::RateLimited);
    let e = h
        .run(c.resend(None, Some("+86 13900000000"), true))
        .expect_err("rate limited");
    assert_eq!(e.code, "resource_exhausted");
}

#[test]
fn a_phone_the_service_refuses_is_invalid_phone() {
    let refused = json!({"error":"invalid_argument","error_code":3,"error_description":"invalid phone number"});
    let mut h = Harness::new(sent_with(refused));
    let c = h.client.clone();
    let e = h
        .run(c.sign_in_with_otp(otp_for_existing_user("+86 13900000000")))
        .expect_err("refused");
    assert_eq!(
        (e.code.as_str(), e.status.as_str()),
        ("invalid_phone", "invalid_argument")
    );
}

#[test]
fn an_impossible_phone_is_refused_before_any_request() {
    let mut h = Harness::new(service());
    let c = h.client.clone();
    let e = h
        .run(c.sign_in_with_otp(otp_for_existing_user("12345")))
        .expect_err("impossible");
    assert_eq!(e.code, "invalid_phone");
    assert!(h.platform().transport.paths().is_empty());
}

#[test]
fn a_dead_network_is_unreachable() {
    let mut h = Harness::new(answering(None, None));
    let c = h.client.clone();
    let e = h
        .run(c.sign_in_with_otp(otp_for_existing_user("+86 13900000000")))
        .expect_err("down");
    assert_eq!(e.code, "unreachable");
}

/// Signs up with a code and checks it; the error of the check.
fn check_code(verify: Value) -> crate::core::AuthError {
    let mut h = Harness::new(checked_with(verify));
    let c = h.client.clone();
    let challenge = h
        .run(c.sign_up(SignUpParams {
            phone: Some("+86 13900000000".into()),
            ..Default::default()
        }))
        .expect("code sent");
    let e = h
        .run(c.verify_challenge(&challenge, "000000"))
        .expect_err("refused");
    // The standalone form maps the same way.
    let again = h
        .run(c.verify_otp(VerifyOtpParams {
            phone: Some("+86 13900000000".into()),
            token: Some("000000".into()),
            message_id: Some("vid-1".into()),
            ..Default::default()
        }))
        .expect_err("refused");
    assert_eq!(again.code, e.code);
    e
}

#[test]
fn a_wrong_code_is_invalid_code_with_the_service_answer_kept() {
    let e = check_code(no_match());
    assert_eq!(
        (e.code.as_str(), e.status.as_str(), e.error_code),
        ("invalid_code", "invalid_argument", Some(3))
    );
    assert_eq!(e.message, "verification code does not match");
    assert_eq!(e.category, Category::VerificationFailed);
}

#[test]
fn an_old_code_is_code_expired() {
    let e = check_code(expired());
    assert_eq!(
        (e.code.as_str(), e.status.as_str()),
        ("code_expired", "invalid_verification_code")
    );
    // A verification the service no longer knows (expired and cleaned up).
    assert_eq!(
        check_code(
            json!({"error":"not_found","error_code":5,"error_description":"verification not found"})
        )
        .code,
        "code_expired"
    );
}

#[test]
fn a_spent_code_is_max_attempts_exceeded() {
    let e = check_code(used_up());
    assert_eq!(
        (e.code.as_str(), e.status.as_str(), e.error_code),
        ("max_attempts_exceeded", "failed_precondition", Some(9))
    );
}

#[test]
fn unknown_answers_fall_back_to_their_message() {
    let e = check_code(json!({"error":"some_new_error","error_description":"验证码已过期"}));
    assert_eq!(e.code, "code_expired");
    let e = check_code(json!({"error":"some_new_error","error_description":"too many attempts"}));
    assert_eq!(e.code, "max_attempts_exceeded");
    let e = check_code(json!({"error":"some_new_error","error_description":"something else"}));
    assert_eq!(e.code, "some_new_error");
}

#[test]
fn the_v2_methods_keep_the_raw_error() {
    let mut h = Harness::new(checked_with(no_match()));
    let c = h.client.clone();
    let e = h.run(c.verify("vid-1", "000000")).expect_err("refused");
    assert_eq!(e.code, "invalid_argument");
    let mut h = Harness::new(sent_with(not_found()));
    let c = h.client.clone();
    let body = cloudbase_auth_wire::VerificationRequest {
        phone_number: Some("+86 13900000000".to_owned()),
        target: Some("USER".to_owned()),
        ..Default::default()
    };
    let e = h.run(c.get_verification(body)).expect_err("refused");
    assert_eq!(e.code, "not_found");
}

#[test]
fn checking_a_password_reset_code_maps_too() {
    let mut h = Harness::new(checked_with(used_up()));
    let c = h.client.clone();
    let challenge = h
        .run(c.reset_password_for_email("+86 13800000000"))
        .expect("code sent");
    let e = h
        .run(c.complete_password_reset(&challenge, "000000", "newpass123"))
        .expect_err("refused");
    assert_eq!(e.code, "max_attempts_exceeded");
}

#[test]
fn a_v2_sign_in_with_a_bare_phone_number_sends_it_as_the_service_keeps_it() {
    let mut h = Harness::new(service());
    let c = h.client.clone();
    let body = cloudbase_auth_wire::SignIn {
        username: "13800000000".to_owned(),
        verification_token: Some("vt-1".to_owned()),
        ..Default::default()
    };
    h.run(c.sign_in(body)).expect("signed in");
    let sent = h.platform().transport.requests();
    assert_eq!(super::body(&sent[0])["username"], "+86 13800000000");
}

#[test]
fn a_v2_code_for_the_current_user_goes_with_a_fresh_token() {
    let mut h = Harness::new(service());
    let c = h.client.clone();
    let body = || cloudbase_auth_wire::VerificationRequest {
        phone_number: Some("+86 13800000000".to_owned()),
        target: Some("CUR_USER".to_owned()),
        ..Default::default()
    };
    let e = h.run(c.get_verification(body())).expect_err("signed out");
    assert_eq!(e.code, "unauthenticated");
    assert!(h.platform().transport.requests().is_empty());
    h.signed_in();
    h.expire();
    h.run(c.get_verification(body())).expect("code sent");
    let sent = h.platform().transport.requests();
    let n = sent.len();
    assert_eq!(path(&sent[n - 2]), "/v1/token");
    assert_eq!(path(&sent[n - 1]), "/v1/verification");
    assert_eq!(
        super::header(&sent[n - 1], "authorization"),
        Some("Bearer at-2")
    );
}
