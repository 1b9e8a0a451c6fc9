// Types of cloudbase-auth-wasm: the CloudBase auth API (`app.auth`) of @cloudbase/js-sdk, v3
// methods resolving `{ data, error }` and the v2 methods that resolve the data or reject.

/** The package version. */
export declare const version: string;

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

// ---- Users and sessions ----------------------------------------------------------------------

/** An identity provider linked to a {@link User}, as listed in `user.identities`. */
export interface UserIdentity {
  /** The user's id at the provider. */
  id: string | null;
  /** The same as `id`. */
  identity_id: string | null;
  /** The id of the CloudBase user. */
  user_id: string;
  /** The provider id (`wx_open`, `github`, ...). */
  provider: string | null;
  /** What the provider says about the user. */
  identity_data: { name?: string | null; [k: string]: unknown };
  /** Anything else the service sent. */
  [k: string]: unknown;
}

/** The profile of a {@link User}. */
export interface UserMetadata {
  /** Display name. */
  name?: string;
  /** Avatar URL. */
  picture?: string;
  /** Username. */
  username?: string;
  /** `MALE`, `FEMALE` or `UNKNOWN`. */
  gender?: string;
  /** Locale. */
  locale?: string;
  /** The user id. */
  uid?: string;
  /** The same as `name`. */
  nickName?: string;
  /** The same as `picture`. */
  avatarUrl?: string;
  /** Location, as the service gave it. */
  location?: unknown;
  /** Whether the user has set a password. */
  hasPassword?: boolean;
  /** WeChat open id, when there is one. */
  open_id?: unknown;
  /** Other fields. */
  [k: string]: unknown;
}

/** The user of the v3 API (the shape of @cloudbase/js-sdk's `convertToUser`). */
export interface User {
  /** The user id (`sub`). */
  id: string;
  /** Always `authenticated`. */
  aud: string;
  /** The ids of the user's groups. */
  role: string[];
  /** Email address. */
  email?: string;
  /** When the email was confirmed (ISO time). */
  email_confirmed_at?: string;
  /** Phone number, `+CC NNNN`. */
  phone?: string;
  /** When the phone was confirmed (ISO time). */
  phone_confirmed_at?: string;
  /** When the account was confirmed (ISO time). */
  confirmed_at?: string;
  /** Last sign-in (ISO time), when known. */
  last_sign_in_at?: string;
  /** Always `{ provider: 'cloudbase', providers: ['cloudbase'] }`. */
  app_metadata: { provider?: string; providers?: string[]; [k: string]: unknown };
  /** The profile. */
  user_metadata: UserMetadata;
  /** The linked identity providers. */
  identities: UserIdentity[];
  /** Creation time (ISO). */
  created_at?: string;
  /** Last update (ISO). */
  updated_at?: string;
  /** True for an anonymous user. */
  is_anonymous: boolean;
}

/** A session: the stored credentials plus the user. */
export interface Session {
  /** Always `Bearer`. */
  token_type: string;
  /** The access token (a JWT). */
  access_token: string;
  /** The refresh token (empty when the service gave none). */
  refresh_token: string;
  /** Lifetime of the access token in seconds. */
  expires_in: number;
  /** ISO time after which the access token is refreshed before use. */
  expires_at: string;
  /** `user`, `anonymous`, ... */
  scope: string;
  /** The user id. */
  sub: string;
  /** Group ids, when the service sent them. */
  groups?: unknown;
  /** Token version (`v1`), when known. */
  version?: string;
  /** The signed-in user. */
  user: User;
  /** Any other field the service sent. */
  [k: string]: unknown;
}

/** The claims of the access token, decoded locally by `getClaims`. */
export interface Claims {
  /** Issuer. */
  iss?: string;
  /** The user id. */
  sub?: string;
  /** Audience. */
  aud?: string | string[];
  /** Expiry, seconds since the epoch. */
  exp?: number;
  /** Issue time, seconds since the epoch. */
  iat?: number;
  /** `user`, `anonymous`, ... */
  scope?: string;
  /** Other claims. */
  [k: string]: unknown;
}

// ---- v3 results ------------------------------------------------------------------------------

/** The `data` of a failed call whose success data is `T`: the same fields, all `null`. */
export type NullFields<T> = { [K in keyof T]: null };

/** The `data` of calls that return nothing. */
export type Empty = Record<string, never>;

/**
 * What a v3 call resolves to: `{ data, error: null }` on success, `{ data: E, error }` on
 * failure (`E`: the same fields set to `null`, unless said otherwise). Check `error` first;
 * that narrows `data`.
 */
export type AuthResponse<T, E = NullFields<T>> =
  | {
      /** The result. */
      data: T;
      /** `null`: the call succeeded. */
      error: null;
    }
  | {
      /** Placeholders, so that destructuring never throws. */
      data: E;
      /** Why the call failed. */
      error: AuthError;
    };

/** A v3 call: never rejects; resolves {@link AuthResponse}. */
export type Result<T, E = NullFields<T>> = Promise<AuthResponse<T, E>>;

/** The data of every successful sign-in. */
export interface SignedIn {
  /** The signed-in user. */
  user: User;
  /** The new session. */
  session: Session;
}

/** The data of `signUp` and `signInWithOtp`: the code was sent, `verifyOtp` finishes. */
export interface OtpChallenge {
  /** `null` until `verifyOtp` succeeds. */
  user: null;
  /** `null` until `verifyOtp` succeeds. */
  session: null;
  /** The verification id of the code. */
  messageId: string;
  /** Finishes signing up or in with the code the user received; `messageId` (from `resend`) when the code was sent again. */
  verifyOtp(params: { token: string; messageId?: string }): Result<SignedIn>;
}

/** The `data` of a failed `signUp` / `signInWithOtp`: no `messageId` and no `verifyOtp`. */
export interface OtpChallengeFailed {
  /** Always `null`. */
  user: null;
  /** Always `null`. */
  session: null;
  /** Absent. */
  messageId?: undefined;
  /** Absent. */
  verifyOtp?: undefined;
}

/** The data of `resetPasswordForEmail`: the code was sent, `updateUser` sets the password. */
export interface PasswordRecovery {
  /** The verification id of the code. */
  messageId: string;
  /** Checks the code (`nonce`), sets the new password and signs in with it. */
  updateUser(params: { nonce: string; password: string }): Result<SignedIn>;
}

/** The data of `reauthenticate`: the code was sent, `updateUser` finishes. */
export interface Reauthentication {
  /** The verification id of the code. */
  messageId: string;
  /** Checks the code (`nonce`) and, with `password`, sets a new password. */
  updateUser(params: { nonce: string; password?: string }): Result<{ user: User }>;
}

/** The `data` of a failed `resetPasswordForEmail` / `reauthenticate`: empty. */
export interface CodeSendFailed {
  /** Absent. */
  messageId?: undefined;
  /** Absent. */
  updateUser?: undefined;
}

// ---- Auth state events -----------------------------------------------------------------------

/** The events `onAuthStateChange` delivers. */
export type AuthChangeEvent =
  | 'INITIAL_SESSION' | 'SIGNED_IN' | 'SIGNED_OUT' | 'TOKEN_REFRESHED' | 'USER_UPDATED'
  | 'PASSWORD_RECOVERY' | 'BIND_IDENTITY';

/**
 * What `BIND_IDENTITY` and the OAuth callback's `SIGNED_IN` carry: the flow and its outcome
 * (`error` is `null` on success).
 */
export interface AuthChangeInfo {
  data: { type: OAuthFlow; provider?: string };
  error: AuthError | null;
}

/**
 * A listener of `onAuthStateChange`: the event, the session after it (`null` when signed
 * out), and for BIND_IDENTITY and OAuth callbacks the outcome.
 */
export type AuthStateChangeCallback =
  (event: AuthChangeEvent, session: Session | null, info?: AuthChangeInfo | null) => void | Promise<void>;

/** What an OAuth redirect is for. */
export type OAuthFlow = 'sign_in' | 'bind_identity';

/** Options of `signInWithOAuth`. */
export interface OAuthOptions {
  /** The page the provider returns to (default: this page); its query and hash come back after. */
  redirectTo?: string;
  /** Return the provider's URL without going there. */
  skipBrowserRedirect?: boolean;
  /** The OAuth `state` (default `prd-{provider}-{random}`), kept in sessionStorage until the callback. */
  state?: string;
  /** Extra query parameters for the provider's authorize URL (e.g. `login_hint`). */
  queryParams?: Record<string, string>;
  /** `sign_in` (default) or `bind_identity` (what `linkIdentity` uses). */
  type?: OAuthFlow;
}

/** What `verifyOAuth` resolves. */
export interface OAuthResult {
  user: User | null;
  session: Session | null;
  /** `sign_in` or `bind_identity`. */
  type?: OAuthFlow;
  /** The provider, after a link. */
  provider?: string;
  /** The page the flow started from (this page with its query and hash before the redirect). */
  redirectUrl: string | null;
}

/** A registered listener. */
export interface Subscription {
  /** The listener's id, once registered (`null` until the wasm module has loaded). */
  id: number | null;
  /** The listener. */
  callback: AuthStateChangeCallback;
  /** Stops delivering events. */
  unsubscribe(): void;
}

// ---- Parameters ------------------------------------------------------------------------------

/** `signUp`: the code goes to `email` or `phone`; the other fields make the new profile. */
export interface SignUpParams {
  /** Email address to send the code to. */
  email?: string;
  /** Phone number to send the code to (`+86 13800000000`; `+86` is assumed without a prefix). */
  phone?: string;
  /** 8 to 32 characters with letters and digits. */
  password?: string;
  /** 5 to 24 characters: letters, digits, `_` and `-`. */
  username?: string;
  /** Display name. */
  name?: string;
  /** `MALE`, `FEMALE` or `UNKNOWN`. */
  gender?: string;
  /** Avatar URL. */
  picture?: string;
  /** Locale. */
  locale?: string;
}

/** The fields of the v2 direct `signUp` (the code was already checked with `verify`). */
export interface SignUpDirectFields {
  /** Phone number (`phone_number` or `email`). */
  phone_number?: string;
  /** Email address. */
  email?: string;
  /** The token from `verify`. */
  verification_token?: string;
  /** The code itself (when the service checks it). */
  verification_code?: string;
  /** A third-party provider token to bind. */
  provider_token?: string;
  /** Password. */
  password?: string;
  /** Username. */
  username?: string;
  /** Display name. */
  name?: string;
  /** `MALE`, `FEMALE` or `UNKNOWN`. */
  gender?: string;
  /** Avatar URL. */
  picture?: string;
  /** Locale. */
  locale?: string;
}

/**
 * v2 direct `signUp`: one of `phone_number`, `verification_token`, `verification_code` or
 * `provider_token` selects this form.
 */
export type SignUpDirectParams = SignUpDirectFields & (
  | { phone_number: string }
  | { verification_token: string }
  | { verification_code: string }
  | { provider_token: string }
);

/** `signInWithOtp`. */
export interface SignInWithOtpParams {
  /** Email address to send the code to. */
  email?: string;
  /** Phone number to send the code to. */
  phone?: string;
  /** Options. */
  options?: {
    /** `false`: only existing users may sign in (default `true`: new addresses sign up). */
    shouldCreateUser?: boolean;
  };
}

/** `verifyOtp`: a code sent earlier (by `signInWithOtp` or `resend`). */
export interface VerifyOtpParams {
  /** The email the code went to. */
  email?: string;
  /** The phone the code went to. */
  phone?: string;
  /** The code the user received. */
  token: string;
  /** The `messageId` of the code. */
  messageId: string;
}

/** `signInWithPassword`: one of `username`, `email`, `phone`, and the password. */
export interface SignInWithPasswordParams {
  /** Username. */
  username?: string;
  /** Email address. */
  email?: string;
  /** Phone number. */
  phone?: string;
  /** Password. */
  password: string;
}

/** `signOut` through the user sign-out endpoint. */
export interface SignOutParams {
  /** Where the service should send the browser afterwards. */
  redirect_uri?: string;
  /** Opaque state for the redirect. */
  state?: string;
}

/** `resend`. */
export interface ResendParams {
  /** Email address. */
  email?: string;
  /** Phone number. */
  phone?: string;
  /** `signup` for addresses that have no account yet. */
  type?: 'signup' | (string & {});
}

/** The profile fields `updateUser` and the v2 `user.update` change (at least one). */
export interface ProfileFields {
  /** Display name. */
  nickname?: string;
  /** Username (5 to 24 characters: letters, digits, `_` and `-`). */
  username?: string;
  /** Avatar URL. */
  avatar_url?: string;
  /** `MALE`, `FEMALE` or `UNKNOWN`. */
  gender?: 'MALE' | 'FEMALE' | 'UNKNOWN' | (string & {});
  /** Description. */
  description?: string;
}

/** `updateUser`: at least one profile field. */
export interface UpdateUserParams extends ProfileFields {
  /** A new email: a code is sent to it, `data.verifyOtp({ token })` sets it (on its own, without profile fields). */
  email?: string;
  /** A new phone number ("+86 13800000000"): as `email`. */
  phone?: string;
}

/** The data of `updateUser({ email | phone })`: the code was sent to the new address. */
export interface ContactChange {
  /** The user as it is (the address changes on `verifyOtp`). */
  user: User | null;
  /** The verification id of the code. */
  messageId: string;
  /** Sets the new address with the code it received; delivers `USER_UPDATED`. */
  verifyOtp(params: { email?: string; phone?: string; token: string }): Result<{ user: User }>;
}

/** An entry of `getUserIdentities`: a provider bound to the user. */
export interface ProviderIdentity {
  /** The provider id. */
  id: string;
  /** The provider's display name. */
  name?: string;
  /** The user's name at the provider. */
  provider_user_name?: string;
  /** Always `true` here. */
  bind?: boolean;
  /** Other fields. */
  [k: string]: unknown;
}

// ---- v2 --------------------------------------------------------------------------------------

/** v2 `getVerification`. */
export interface GetVerificationParams {
  /** Phone number (`phone_number` or `email`). */
  phone_number?: string;
  /** Email address. */
  email?: string;
  /** `ANY` (any address), `USER` (existing users only) or `CUR_USER` (the signed-in user's). */
  target?: 'ANY' | 'USER' | 'CUR_USER';
  /** Purpose of an email code. */
  usage?: string;
}

/** What v2 `getVerification` resolves. */
export interface VerificationInfo {
  /** The id to pass to `verify`. */
  verification_id: string;
  /** Whether the address belongs to an existing user. */
  is_user: boolean;
  /** Lifetime of the code in seconds. */
  expires_in: number;
}

/** What v2 `verify` resolves. */
export interface VerifyResult {
  /** The token to pass to `signIn` / `signUp`. */
  verification_token: string;
  /** Lifetime of the token in seconds. */
  expires_in: number;
}

/** The v2 user: the stored user info plus helpers. */
export interface V2User {
  /** The user id. */
  uid: string;
  /** The user id. */
  sub: string;
  /** Display name. */
  name?: string;
  /** Email address. */
  email?: string;
  /** Phone number. */
  phoneNumber?: string;
  /** Phone number, as stored. */
  phone_number?: string;
  /** Username. */
  username?: string;
  /** `MALE`, `FEMALE` or `UNKNOWN`. */
  gender?: string;
  /** Avatar URL. */
  picture?: string;
  /** Whether the email is verified. */
  emailVerified?: boolean;
  /** How the account was created. */
  createdFrom?: string;
  /** The linked providers. */
  providers?: unknown[];
  /** Other stored fields. */
  [k: string]: unknown;
  /** Reloads the user from the service; resolves the fresh `currentUser`. */
  refresh(): Promise<V2User | null>;
  /** Changes profile fields (see `updateUser`). */
  update(fields: ProfileFields): Promise<{ user: User }>;
  /** The same as `update`. */
  updateUserBasicInfo(fields: ProfileFields): Promise<{ user: User }>;
  /** Changes the username. */
  updateUsername(username: string): Promise<{ user: User }>;
  /** Changes the password, checking the old one. */
  updatePassword(newPassword: string, oldPassword: string): Promise<Empty>;
}

/** The v2 login state. */
export interface LoginState {
  /** The signed-in user. */
  user: V2User;
  /** True for an anonymous user. */
  isAnonymousAuth: boolean;
}

// ---- Auth ------------------------------------------------------------------------------------

/** Where the session is kept: `localStorage` (default), `sessionStorage`, or memory only. */
export type Persistence = 'local' | 'session' | 'none';

/** An app-supplied synchronous storage (the `Storage` interface is enough). */
export interface AuthStorage {
  /** The value of `key`, or `null`. */
  getItem(key: string): string | null;
  /** Stores `value` under `key`. */
  setItem(key: string, value: string): void;
  /** Removes `key`. */
  removeItem(key: string): void;
}

/** Options of `app.auth(options)`; they count until the first call. */
export interface AuthOptions {
  /** Where the session is kept. */
  persistence?: Persistence;
  /** A storage object, used instead of `persistence`. */
  storage?: AuthStorage;
  /** Refresh the access token in the background before it expires (default `true`). */
  autoRefreshToken?: boolean;
}

/** The auth API: `app.auth`, also callable as `app.auth()`. */
export interface Auth {
  /** Returns this same object; `options` apply if no call was made yet. */
  (options?: AuthOptions): Auth;

  /** v2 direct form: signs up with a checked code at once; resolves the login state, rejects with a {@link RawError}. */
  signUp(params: SignUpDirectParams): Promise<LoginState>;
  /** Sends a code to `email` or `phone`; `data.verifyOtp({ token })` creates the account. */
  signUp(params: SignUpParams): Result<OtpChallenge, OtpChallengeFailed>;
  /** Sends a sign-in code; `data.verifyOtp({ token })` signs in (or up, unless `shouldCreateUser: false`). */
  signInWithOtp(params: SignInWithOtpParams): Result<OtpChallenge, OtpChallengeFailed>;
  /** Signs in with a code sent earlier. */
  verifyOtp(params: VerifyOtpParams): Result<SignedIn>;
  /** Signs in with a username, email or phone and a password. */
  signInWithPassword(params: SignInWithPasswordParams): Result<SignedIn>;
  /** Signs in as a new anonymous user. */
  signInAnonymously(): Result<SignedIn>;
  /** The current session (refreshed first if its access token expired); `session: null` when signed out. */
  getSession(): Result<{ session: Session | null; user: User | null }>;
  /** Refreshes the access token now. */
  refreshSession(): Result<SignedIn>;
  /** The signed-in user, fresh from the service. */
  getUser(): Result<{ user: User }>;
  /** The user fresh from the service, with the session. */
  refreshUser(): Result<SignedIn>;
  /** Signs out: revokes the token, or with `params` goes through the user sign-out endpoint. */
  signOut(params?: SignOutParams): Result<Empty, Empty>;
  /** Calls `callback(event, session)` on every auth change, starting with `INITIAL_SESSION`. */
  onAuthStateChange(callback: AuthStateChangeCallback): { data: { subscription: Subscription } };
  /** Sends another code; `messageId` identifies it for `verifyOtp`. */
  resend(params: ResendParams): Result<{ messageId: string }>;
  /** Changes profile fields; delivers `USER_UPDATED`. */
  updateUser(params: ProfileFields): Result<{ user: User }>;
  /** Starts an email or phone change: `data.verifyOtp({ token })` with the code sent to the new address sets it. */
  updateUser(params: { email: string } | { phone: string }): Result<ContactChange, { user: null }>;
  updateUser(params: UpdateUserParams): Result<{ user: User } | ContactChange, { user: null }>;
  /** The identity providers bound to the user. */
  getUserIdentities(): Result<{ identities: ProviderIdentity[] }>;
  /** Unlinks the identity of `provider`. */
  unlinkIdentity(params: { provider: string }): Result<Empty, Empty>;
  /** Sends a recovery code to an email (or phone); `data.updateUser({ nonce, password })` sets the new password. */
  resetPasswordForEmail(
    emailOrPhone: string,
    /** Accepted for compatibility; not used. */
    options?: { redirectTo?: string },
  ): Result<PasswordRecovery, CodeSendFailed>;
  /** Sends a code to the user's own phone or email; `data.updateUser({ nonce, password? })` finishes. */
  reauthenticate(): Result<Reauthentication, CodeSendFailed>;
  /** Changes the password given the current one (`sudo`, then the new password). */
  resetPasswordForOld(params: { old_password: string; new_password: string }): Result<SignedIn>;
  /** Deletes the user after checking the password; signs out. */
  deleteUser(params: { password: string }): Result<Empty, Empty>;
  /** The current access token's claims, decoded locally (not verified). */
  getClaims(): Result<{ claims: Claims; header: { alg?: string; kid?: string; [k: string]: unknown }; signature: string }>;
  /** Starts a session from tokens obtained elsewhere (refreshed at once with `refresh_token`). */
  setSession(params: { access_token: string; refresh_token: string }): Result<SignedIn>;
  /** Signs in with a custom-login ticket: a string, or a function returning one. */
  signInWithCustomTicket(getTicket: string | (() => string | Promise<string>)): Result<SignedIn>;
  /** Signs in with a provider token. */
  signInWithIdToken(params: { token: string; provider?: string }): Result<SignedIn>;
  /**
   * Starts an OAuth sign-in: the page goes to the provider's `url` (unless
   * `skipBrowserRedirect`); `verifyOAuth`, or `auth.detectSessionInUrl`, finishes on return.
   */
  signInWithOAuth(params: { provider: string; options?: OAuthOptions }): Result<{ url: string; provider: string }>;
  /**
   * Finishes an OAuth redirect (`code` and `state` from this page's URL by default; the state
   * must be one this tab started): signs in, or links the identity (BIND_IDENTITY).
   */
  verifyOAuth(params?: { code?: string; state?: string; provider?: string }): Result<OAuthResult>;
  /** Links the identity of `provider` to the signed-in user through an OAuth redirect. */
  linkIdentity(params: { provider: string; options?: Omit<OAuthOptions, 'type'> }): Result<{ provider: string }>;
  /** WeChat mini-programs only: resolves an `unimplemented` error in browsers. */
  signInWithOpenId(params?: unknown): Result<SignedIn>;
  /** WeChat mini-programs only: resolves an `unimplemented` error in browsers. */
  signInWithPhoneAuth(params?: unknown): Result<SignedIn>;
  /** Kept for compatibility: does nothing. */
  exchangeCodeForSession(authCode?: string): Promise<{ data: Empty; error: null }>;

  // v2: these resolve the data and reject with a RawError.

  /** v2: sends a code. Rejects with a {@link RawError}. */
  getVerification(params: GetVerificationParams): Promise<VerificationInfo>;
  /** v2: checks a code. Rejects with a {@link RawError}. */
  verify(params: { verification_id: string; verification_code: string }): Promise<VerifyResult>;
  /** v2: signs in with a password or a `verification_token`. Rejects with a {@link RawError}. */
  signIn(params: { username: string; password?: string; verification_token?: string }): Promise<LoginState>;
  /** v2: signs in (or up, for a new phone) with an SMS code. Rejects with a {@link RawError}. */
  signInWithSms(params: {
    verificationInfo: { verification_id: string; is_user?: boolean };
    verificationCode: string;
    phoneNum: string;
  }): Promise<LoginState>;
  /** v2: signs in (or up, for a new email) with an email code. Rejects with a {@link RawError}. */
  signInWithEmail(params: {
    verificationInfo: { verification_id: string; is_user?: boolean };
    verificationCode: string;
    email: string;
  }): Promise<LoginState>;
  /** v2: the login state, synchronously (`null` when signed out). */
  hasLoginState(): LoginState | null;
  /** v2: the login state after checking the session (`null` when signed out). */
  getLoginState(): Promise<LoginState | null>;
  /** v2: the user, or `null` when signed out. */
  getCurrentUser(): Promise<V2User | null>;
  /** v2: the user, synchronously (`null` when signed out). */
  readonly currentUser: V2User | null;
  /** v2: whether `username` is taken. Rejects with a {@link RawError}. */
  isUsernameRegistered(username: string): Promise<boolean>;
  /** v2: `callback(loginState)` now and on every sign-in and sign-out. */
  onLoginStateChanged(callback: (state: LoginState | null) => void): Subscription;
}

// ---- init ------------------------------------------------------------------------------------

/**
 * Where the wasm module comes from, for hosts where the file next to `index.js` cannot be
 * fetched: its bytes, a compiled module, a URL or a response.
 */
export type WasmSource =
  | string | URL | Request | Response | ArrayBuffer | ArrayBufferView | WebAssembly.Module
  | Promise<Response | ArrayBuffer | ArrayBufferView | WebAssembly.Module>;

/** The options of `cloudbase.init`. */
export interface InitOptions {
  /** The CloudBase environment id (required). */
  env: string;
  /** Region (kept for compatibility). */
  region?: string;
  /** OAuth client id; defaults to `env`. */
  clientId?: string;
  /** Origin of the auth service, e.g. a local emulator: `http://127.0.0.1:8787`. */
  apiOrigin?: string;
  /** Language of the service's messages. */
  lang?: 'zh-CN' | 'en-US';
  /** Where the session is kept (see also `app.auth({ persistence })`). */
  persistence?: Persistence;
  /** A storage object for the session, used instead of `persistence`. */
  storage?: AuthStorage;
  /** Auth options. */
  auth?: {
    /** Refresh the access token in the background before it expires (default `true`). */
    autoRefreshToken?: boolean;
    /**
     * Finish an OAuth callback found in the page's URL when the client starts (before any
     * other call), then put the URL back as it was before the redirect (default `false`).
     */
    detectSessionInUrl?: boolean;
  };
  /** Where the wasm module comes from (default: the file next to `index.js`). */
  wasm?: WasmSource;
  /** Other @cloudbase/js-sdk options are accepted and ignored. */
  [k: string]: unknown;
}

/** What `cloudbase.init` returns. */
export interface App {
  /** A copy of the options given to `init`. */
  readonly config: InitOptions;
  /** The auth API (also callable: `app.auth()`). */
  readonly auth: Auth;
  /** Points auth at another service: `{ key: 'GATEWAY', url: '//127.0.0.1:8787', protocol: 'http' }`. */
  registerEndPointWithKey(p: { key?: string; url: string; protocol?: 'http' | 'https' }): void;
  /** Points auth at `host` (`127.0.0.1:8787`), over `protocol` (default `http`). */
  registerHost(host: string, protocol?: 'http' | 'https'): void;
}

/** Creates an app, synchronously. Throws a `TypeError` when `env` is missing. */
export declare function init(config: InitOptions): App;

/** The default export, as `import cloudbase from '@cloudbase/js-sdk'`. */
declare const cloudbase: {
  /** See {@link init}. */
  init: typeof init;
  /** See {@link AuthError}. */
  AuthError: typeof AuthError;
  /** See {@link isAuthError}. */
  isAuthError: typeof isAuthError;
  /** See {@link version}. */
  version: string;
};
export default cloudbase;
