// Types of cloudbase-auth-wasm: the users, sessions and results the calls give (re-exported by index.d.ts).
import type { AuthError } from './errors.js';

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
  provider: string;
  /** What the provider says about the user: its display name. */
  identity_data: { name: string | null };
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
  uid: string;
  /** The same as `name`. */
  nickName?: string;
  /** The same as `picture`. */
  avatarUrl?: string;
  /** Whether the user has set a password. */
  hasPassword: boolean;
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

/**
 * The stored credentials: a {@link Session} without its user; `At` is the type of
 * `expires_at` (v2 `getCredentials()` gives a `Date`).
 */
export interface Credentials<At = string> {
  /** Always `Bearer`. */
  token_type: string;
  /** The access token (a JWT). */
  access_token: string;
  /** The refresh token (empty when the service gave none). */
  refresh_token: string;
  /** Lifetime of the access token in seconds. */
  expires_in: number;
  /** When the access token counts as expired (an ISO time in a session). */
  expires_at: At;
  /** `user`, `anonymous`, ... */
  scope: string;
  /** The user id. */
  sub: string;
  /** Group ids, when the service sent them. */
  groups?: string[];
  /** The OpenID Connect id token, when the service sent one. */
  id_token?: string;
  /** Token version (`v1`), when known. */
  version?: string;
}

/** A session: the stored credentials plus the user. */
export interface Session extends Credentials {
  /** The signed-in user. */
  user: User;
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
  /** The signed-in user (after a link: the user the identity was linked to). */
  user: User | null;
  /** The session (after a link: the session that stays). */
  session: Session | null;
  /** `sign_in` or `bind_identity` (`null` only in the data of a failure). */
  type: OAuthFlow | null;
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
