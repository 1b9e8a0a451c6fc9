// Types of cloudbase-auth-wasm: the errors every call can give (re-exported by index.d.ts).

// ---- Errors ----------------------------------------------------------------------------------

/** What kind of failure an {@link AuthError} is, for choosing what to tell the user. */
export type AuthErrorCategory =
  | 'PROVIDER_NOT_ENABLED' | 'INVALID_CREDENTIALS' | 'USER_NOT_FOUND' | 'USER_STATUS_ABNORMAL'
  | 'SERVICE_ERROR' | 'INVALID_PARAMS' | 'AUTH_METHOD_MISMATCH' | 'RATE_LIMITED' | 'CAPTCHA_REQUIRED'
  | 'CAPTCHA_INVALID' | 'MFA_REQUIRED' | 'PRECONDITION_FAILED' | 'VERIFICATION_FAILED' | 'UNKNOWN';

/**
 * The codes CloudBase's documentation tells apps to switch on for the verification-code steps
 * (`signInWithOtp`, `signUp`, `verifyOtp` and `data.verifyOtp`, `resend`, `updateUser`'s email or
 * phone change, `resetPasswordForEmail`, `reauthenticate`). The service's own answer stays in
 * `status` and `errorCode`.
 *
 * Sending a code:
 * - `invalid_phone`: the number is not a mobile number the service can send to (checked before
 *   any request: `+86` numbers are mainland mobiles `1[3-9]` + 9 digits, others E.164);
 * - `user_not_found`: no account has that address and none may be created
 *   (`shouldCreateUser: false`, password reset);
 * - `resource_exhausted`: codes sent too often (`retryAfter` says how long to wait);
 * - `unreachable`: the network or the service is down.
 *
 * Checking a code:
 * - `invalid_code`: the code does not match;
 * - `code_expired`: the code is too old (or no longer known to the service);
 * - `max_attempts_exceeded`: the code's tries are used up (or it was used already).
 */
export type VerificationErrorCode =
  | 'invalid_phone' | 'user_not_found' | 'resource_exhausted' | 'unreachable'
  | 'invalid_code' | 'code_expired' | 'max_attempts_exceeded';

/**
 * The stable error codes (lower case): the documented verification-code ones
 * ({@link VerificationErrorCode}), transport and gRPC codes, the service's own codes and the
 * OAuth 2 ones. Other strings may appear too.
 */
export type AuthErrorCode =
  | VerificationErrorCode
  | 'unreachable' | 'local' | 'cancelled' | 'unknown' | 'unauthenticated' | 'resource_exhausted'
  | 'failed_precondition' | 'invalid_argument' | 'deadline_exceeded' | 'not_found' | 'already_exists'
  | 'permission_denied' | 'aborted' | 'out_of_range' | 'unimplemented' | 'internal' | 'unavailable'
  | 'data_loss'
  | 'invalid_password' | 'password_not_set' | 'invalid_status' | 'user_pending' | 'user_blocked'
  | 'invalid_verification_code' | 'two_factor_required' | 'invalid_two_factor'
  | 'invalid_two_factor_recovery' | 'under_review'
  | 'invalid_request' | 'unauthorized_client' | 'access_denied' | 'invalid_scope' | 'invalid_grant'
  | 'server_error' | 'temporarily_unavailable'
  | 'captcha_required' | 'captcha_invalid'
  | 'provider_not_enabled' | 'login_method_disabled' | 'invalid_username_or_password'
  | 'invalid_credentials' | 'wrong_password' | 'user_not_found' | 'mfa_phone_required'
  | 'login_type_disabled' | 'provider_error'
  | (string & {});

/** The fields an {@link AuthError} is built from (all optional). */
export interface AuthErrorInit {
  /** The error code; `unknown` when missing. */
  code?: string;
  /** The message; falls back to `error_description`, then `code`. */
  message?: string;
  /** Used as the message when `message` is missing. */
  error_description?: string;
  /** Defaults to `code`. */
  status?: string;
  /** The service's numeric error code. */
  errorCode?: number;
  /** The id of the failed request, for support. */
  requestId?: string;
  /** Defaults to `UNKNOWN`. */
  category?: AuthErrorCategory;
  /** Seconds to wait before trying again. */
  retryAfter?: number;
}

/** What `AuthError.prototype.toJSON` returns. */
export interface AuthErrorJSON {
  /** Always `AuthError`. */
  name: 'AuthError';
  /** See {@link AuthError.code}. */
  code: AuthErrorCode;
  /** See `AuthError.message`. */
  message: string;
  /** See {@link AuthError.status}. */
  status: string;
  /** See {@link AuthError.errorCode}. */
  errorCode?: number;
  /** See {@link AuthError.requestId}. */
  requestId?: string;
  /** See {@link AuthError.category}. */
  category: AuthErrorCategory;
  /** See {@link AuthError.retryAfter}. */
  retryAfter?: number;
}

/** The error of every failed v3 call: a real `Error` with a stable `code`. */
export declare class AuthError extends Error {
  /** Builds an error from `{ code, message, ... }`. */
  constructor(init?: AuthErrorInit);
  /** Always `AuthError`. */
  readonly name: 'AuthError';
  /** Stable, lower-case code: `invalid_password`, `resource_exhausted`, `unreachable`, ... */
  code: AuthErrorCode;
  /** The service's `error` string (the code when there is none). */
  status: string;
  /** The service's numeric error code, when it sent one. */
  errorCode?: number;
  /** The id of the failed request, when the service sent one. */
  requestId?: string;
  /** What kind of failure this is. */
  category: AuthErrorCategory;
  /** Seconds to wait before trying again, for rate limits (`RATE_LIMITED`). */
  retryAfter?: number;
  /** A plain object with the fields above. */
  toJSON(): AuthErrorJSON;
}

/** True for errors produced by this SDK (also across copies of the package). */
export declare function isAuthError(e: unknown): e is AuthError;

/** The raw error object the v2 methods reject with (not an `Error`). */
export interface RawError {
  /** The error code, as {@link AuthError.code}. */
  error: AuthErrorCode;
  /** The message. */
  error_description?: string;
  /** The service's numeric error code. */
  error_code?: number;
  /** The id of the failed request. */
  requestId?: string;
}
