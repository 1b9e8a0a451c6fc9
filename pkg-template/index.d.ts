// Types of cloudbase-auth-wasm: the CloudBase auth API (`app.auth`) of @cloudbase/js-sdk, v3
// methods resolving `{ data, error }` and the v2 methods that resolve the data or reject.

/** The package version. */
export declare const version: string;

import type { AuthError, RawError, isAuthError } from './errors.js';
import type { AuthStateChangeCallback, Claims, CodeSendFailed, Credentials, Empty, OAuthOptions, OAuthResult, OtpChallenge, OtpChallengeFailed, PasswordRecovery, Reauthentication, Result, Session, SignedIn, Subscription, User } from './data.js';
import type { AuthOptions, AuthStorage, ContactChange, GetVerificationParams, LoginState, LoginStateChange, Persistence, ProfileFields, ProviderIdentity, ResendParams, SignInWithOtpParams, SignInWithPasswordParams, SignOutParams, SignUpDirectParams, SignUpParams, UpdateUserParams, V2User, VerificationInfo, VerifyOtpParams, VerifyResult } from './params.js';

export * from './errors.js';
export * from './data.js';
export * from './params.js';

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
  linkIdentity(params: { provider: string; options?: Omit<OAuthOptions, 'type'> }): Result<{ provider: string; url: string }>;
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
  /**
   * v2: the login state, synchronously (`null` when signed out). Before the SDK has loaded it
   * answers from the session a previous page handed over, else `null`: await a call (e.g.
   * `getLoginState()`) for a certain answer.
   */
  hasLoginState(): LoginState | null;
  /** v2: the login state after checking the session (`null` when signed out). */
  getLoginState(): Promise<LoginState | null>;
  /** v2: the user, or `null` when signed out. */
  getCurrentUser(): Promise<V2User | null>;
  /** v2: the same as {@link getCurrentUser}. */
  getUserInfo(): Promise<V2User | null>;
  /**
   * v2: a valid access token (refreshed first when it has expired) and the environment id.
   * Rejects with a {@link RawError} (`unauthenticated` when signed out).
   */
  getAccessToken(): Promise<{ accessToken: string; env: string }>;
  /**
   * v2: the session's credentials (`expires_at` a `Date`), refreshed first when expired.
   * Rejects with a {@link RawError} (`unauthenticated` when signed out).
   */
  getCredentials(): Promise<Credentials<Date>>;
  /**
   * v2: hands over credentials (the service's, or what `getCredentials()` gave): they become
   * the session once the service has named their user (`SIGNED_IN`; the user is the one the
   * service names, whatever `sub` they carry). They expire `expires_in` from now, or at their
   * own `expires_at` when that comes sooner. Rejects with a {@link RawError}, the session kept
   * (`invalid_argument` without `access_token` or with an `expires_in` of 30 s or less).
   * `null` signs out here, without asking the service.
   */
  setCredentials(
    credentials:
      | (Partial<Credentials<string | Date>> & Pick<Credentials, 'access_token' | 'expires_in'>)
      | null,
  ): Promise<void>;
  /**
   * v2: refreshes the token now; the new credentials. Rejects with a {@link RawError}. (The
   * original's `{ version: 'v2' }` is not taken: this SDK's tokens are v1.)
   */
  refreshTokenForce(): Promise<Credentials<Date>>;
  /** v2: the session's scope (`user`, `anonymous`). Rejects with a {@link RawError}. */
  loginScope(): Promise<string>;
  /** v2: the session's groups. Rejects with a {@link RawError}. */
  loginGroups(): Promise<string[] | undefined>;
  /**
   * v2: a sudo token for {@link setPassword}, {@link deleteMe}, {@link bindPhoneNumber} and
   * {@link bindEmail}, with the password or the `verification_token` of a code sent to the
   * user. Rejects with a {@link RawError}.
   */
  sudo(params: { password?: string; verification_token?: string }): Promise<{ sudo_token: string }>;
  /** v2: sets a new password. Rejects with a {@link RawError}. */
  setPassword(params: { new_password: string; sudo_token: string }): Promise<void>;
  /** v2: deletes the signed-in user, then signs out. Rejects with a {@link RawError}. */
  deleteMe(params: { sudo_token: string }): Promise<void>;
  /**
   * v2: a new password with the `verification_token` of a code sent to the address (signs
   * nobody in). Rejects with a {@link RawError}.
   */
  resetPassword(params: {
    email?: string;
    phone_number?: string;
    new_password: string;
    verification_token: string;
  }): Promise<void>;
  /**
   * v2: binds a phone number with the `verification_token` of a code sent to it; the stored
   * user follows (`USER_UPDATED`). Rejects with a {@link RawError}, also when the user cannot
   * be read again after the service has bound it.
   */
  bindPhoneNumber(params: {
    phone_number: string;
    sudo_token: string;
    verification_token: string;
    conflict_resolution?: string;
  }): Promise<void>;
  /** v2: binds an email address, as {@link bindPhoneNumber}. Rejects with a {@link RawError}. */
  bindEmail(params: {
    email: string;
    sudo_token: string;
    verification_token: string;
    conflict_resolution?: string;
  }): Promise<void>;
  /**
   * v2: the service's list of providers (`id`, `name`, `provider_user_name`, `bind`), unbound
   * ones too (`bind: false`). Rejects with a {@link RawError}.
   */
  getProviders(): Promise<{ total?: number; data: ProviderIdentity[] }>;
  /**
   * v2: the provider's authorize URI, returning to `provider_redirect_uri` with `state` (the
   * provider's default scope: `scope` and `other_params` are not sent). Rejects with a
   * {@link RawError}.
   */
  genProviderRedirectUri(params: {
    provider_id: string;
    provider_redirect_uri: string;
    state: string;
  }): Promise<{ uri: string }>;
  /**
   * v2: the provider token for the `provider_code` the provider gave the page at
   * `provider_redirect_uri`. Rejects with a {@link RawError}.
   */
  grantProviderToken(params: {
    provider_id: string;
    provider_redirect_uri: string;
    provider_code: string;
  }): Promise<{ provider_token: string }>;
  /** v2: signs in with a provider token. Rejects with a {@link RawError}. */
  signInWithProvider(params: { provider_token: string }): Promise<LoginState>;
  /** v2: binds a provider token's identity to the signed-in user. Rejects with a {@link RawError}. */
  bindWithProvider(params: { provider_token: string }): Promise<void>;
  /** v2: the user, synchronously (`null` when signed out). */
  readonly currentUser: V2User | null;
  /** v2: unlinks the identity of `provider_id`. Rejects with a {@link RawError}. */
  unbindProvider(params: { provider_id: string }): Promise<void>;
  /** v2: whether `username` is taken. Rejects with a {@link RawError}. */
  isUsernameRegistered(username: string): Promise<boolean>;
  /**
   * v2: `callback(loginState)` at once, then on every sign-in and sign-out with the change
   * and the login state after it (no `user` after a sign-out).
   */
  onLoginStateChanged(callback: (state: LoginState | LoginStateChange | null) => void): Subscription;
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
  /**
   * How long a request may take before it is abandoned and the call fails as `unreachable`
   * (ms; default 15000, held to 100-600000, as the JS SDK takes it). A request abandoned after
   * this long is not sent again.
   */
  timeout?: number;
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
