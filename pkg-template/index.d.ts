// Types of cloudbase-auth-wasm: the CloudBase auth API of @cloudbase/js-sdk v3.

export declare const version: string;

export type AuthErrorCategory =
  | 'PROVIDER_NOT_ENABLED' | 'INVALID_CREDENTIALS' | 'USER_NOT_FOUND' | 'USER_STATUS_ABNORMAL'
  | 'SERVICE_ERROR' | 'INVALID_PARAMS' | 'AUTH_METHOD_MISMATCH' | 'RATE_LIMITED' | 'CAPTCHA_REQUIRED'
  | 'CAPTCHA_INVALID' | 'MFA_REQUIRED' | 'PRECONDITION_FAILED' | 'VERIFICATION_FAILED' | 'UNKNOWN';

/** Every failure: `code` is stable (`invalid_password`, `resource_exhausted`, `unreachable`, ...). */
export declare class AuthError extends Error {
  readonly name: 'AuthError';
  code: string;
  status: string;
  errorCode?: number;
  requestId?: string;
  category: AuthErrorCategory;
  /** Seconds to wait, for rate limits. */
  retryAfter?: number;
  toJSON(): Record<string, unknown>;
}
export declare function isAuthError(e: unknown): e is AuthError;

export interface User {
  id: string;
  aud: string;
  role: string[];
  email?: string;
  email_confirmed_at?: string;
  phone?: string;
  phone_confirmed_at?: string;
  confirmed_at?: string;
  last_sign_in_at?: string;
  app_metadata: { provider?: string; providers?: string[]; [k: string]: unknown };
  user_metadata: {
    name?: string; picture?: string; username?: string; gender?: string; locale?: string; uid?: string;
    nickName?: string; avatarUrl?: string; hasPassword?: boolean; [k: string]: unknown;
  };
  identities: Array<Record<string, unknown>>;
  created_at?: string;
  updated_at?: string;
  is_anonymous: boolean;
}

export interface Session {
  token_type: string;
  access_token: string;
  refresh_token: string;
  expires_in: number;
  /** ISO time after which the access token is refreshed before use. */
  expires_at: string;
  scope: string;
  sub: string;
  groups?: unknown;
  version?: string;
  user: User;
  [k: string]: unknown;
}

export type Result<T> = Promise<{ data: T; error: null } | { data: { [K in keyof T]: null } | Partial<T>; error: AuthError }>;

export interface SignedIn { user: User; session: Session }

export interface OtpChallenge {
  user: null;
  session: null;
  /** The verification id of the code. */
  messageId?: string;
  /** Finishes signing up or in with the code the user received. */
  verifyOtp(params: { token: string; messageId?: string }): Result<SignedIn>;
}

export type AuthChangeEvent =
  | 'INITIAL_SESSION' | 'SIGNED_IN' | 'SIGNED_OUT' | 'TOKEN_REFRESHED' | 'USER_UPDATED'
  | 'PASSWORD_RECOVERY' | 'BIND_IDENTITY';

export interface Subscription { id: number | null; callback: Function; unsubscribe(): void }

export interface SignUpParams {
  email?: string;
  phone?: string;
  /** 8 to 32 characters with letters and digits. */
  password?: string;
  username?: string;
  name?: string;
  gender?: string;
  picture?: string;
  locale?: string;
}

export interface Auth {
  (): Auth;
  signUp(params: SignUpParams): Result<OtpChallenge>;
  signInWithOtp(params: { email?: string; phone?: string; options?: { shouldCreateUser?: boolean } }): Result<OtpChallenge>;
  verifyOtp(params: { email?: string; phone?: string; token: string; messageId: string }): Result<SignedIn>;
  signInWithPassword(params: { username?: string; email?: string; phone?: string; password: string }): Result<SignedIn>;
  signInAnonymously(): Result<SignedIn>;
  getSession(): Result<{ session: Session | null; user: User | null }>;
  refreshSession(): Result<SignedIn>;
  getUser(): Result<{ user: User }>;
  signOut(params?: { redirect_uri?: string; state?: string }): Result<Record<string, never>>;
  onAuthStateChange(
    callback: (event: AuthChangeEvent, session: Session | null) => void | Promise<void>,
  ): { data: { subscription: Subscription } };
  resend(params: { email?: string; phone?: string; type?: 'signup' | string }): Result<{ messageId: string }>;
  updateUser(params: {
    nickname?: string; username?: string; avatar_url?: string; gender?: 'MALE' | 'FEMALE' | string; description?: string;
  }): Result<{ user: User }>;
  getUserIdentities(): Result<{ identities: Array<Record<string, unknown>> }>;
  unlinkIdentity(params: { provider: string }): Result<Record<string, never>>;
  resetPasswordForEmail(emailOrPhone: string, options?: { redirectTo?: string }): Result<{
    messageId: string;
    updateUser(params: { nonce: string; password: string }): Result<SignedIn>;
  }>;
  reauthenticate(): Result<{
    messageId: string;
    updateUser(params: { nonce: string; password?: string }): Result<{ user: User }>;
  }>;
  deleteUser(params: { password: string }): Result<Record<string, never>>;
  getClaims(): Result<{ claims: Record<string, unknown>; header: Record<string, unknown>; signature: string }>;
  refreshUser(): Result<SignedIn>;
  setSession(params: { access_token: string; refresh_token: string }): Result<SignedIn>;
  signInWithCustomTicket(getTicket: string | (() => string | Promise<string>)): Result<SignedIn>;
  signInWithIdToken(params: { token: string; provider?: string }): Result<SignedIn>;
  /** Not supported yet: resolves an `unimplemented` error. */
  signInWithOAuth(params: { provider: string; options?: Record<string, unknown> }): Result<{ url: string; provider: string }>;
  /** Not supported yet: resolves an `unimplemented` error. */
  verifyOAuth(params?: { code?: string; state?: string; provider?: string }): Result<SignedIn>;
  /** Not supported yet: resolves an `unimplemented` error. */
  linkIdentity(params: { provider: string }): Result<{ provider: string }>;
  /** WeChat mini-programs only: resolves an `unimplemented` error in browsers. */
  signInWithOpenId(params?: unknown): Result<SignedIn>;
  /** WeChat mini-programs only: resolves an `unimplemented` error in browsers. */
  signInWithPhoneAuth(params?: unknown): Result<SignedIn>;
  exchangeCodeForSession(): Promise<{ data: Record<string, never>; error: null }>;

  // v2: these resolve the data and reject with the raw error object.
  getVerification(params: { phone_number?: string; email?: string; target?: 'ANY' | 'USER' | 'CUR_USER'; usage?: string }):
    Promise<{ verification_id: string; is_user: boolean; expires_in: number }>;
  verify(params: { verification_id: string; verification_code: string }): Promise<{ verification_token: string; expires_in: number }>;
  signIn(params: { username: string; password?: string; verification_token?: string }): Promise<LoginState>;
  signUp(params: { phone_number?: string; email?: string; verification_token: string; password?: string; username?: string; name?: string }): Promise<LoginState>;
  signInWithSms(params: { verificationInfo: { verification_id: string; is_user: boolean }; verificationCode: string; phoneNum: string }): Promise<LoginState>;
  signInWithEmail(params: { verificationInfo: { verification_id: string; is_user: boolean }; verificationCode: string; email: string }): Promise<LoginState>;
  hasLoginState(): LoginState | null;
  getLoginState(): Promise<LoginState | null>;
  getCurrentUser(): Promise<V2User | null>;
  readonly currentUser: V2User | null;
  isUsernameRegistered(username: string): Promise<boolean>;
  onLoginStateChanged(callback: (state: LoginState | null) => void): Subscription;
}

/** The raw error v2 methods reject with. */
export interface RawError { error: string; error_description?: string; error_code?: number; requestId?: string }

/** The v2 user: the stored user info plus helpers. */
export interface V2User {
  uid: string;
  sub: string;
  name?: string;
  email?: string;
  phoneNumber?: string;
  username?: string;
  gender?: string;
  picture?: string;
  emailVerified?: boolean;
  createdFrom?: string;
  providers?: unknown[];
  [k: string]: unknown;
  refresh(): Promise<V2User | null>;
  update(fields: Record<string, unknown>): Promise<unknown>;
  updateUserBasicInfo(fields: Record<string, unknown>): Promise<unknown>;
  updateUsername(username: string): Promise<unknown>;
  updatePassword(newPassword: string, oldPassword: string): Promise<unknown>;
}

export interface LoginState { user: V2User; isAnonymousAuth: boolean }

export interface InitOptions {
  env: string;
  region?: string;
  clientId?: string;
  /** Origin of the auth service, e.g. a local emulator: `http://127.0.0.1:8787`. */
  apiOrigin?: string;
  lang?: 'zh-CN' | 'en-US';
  [k: string]: unknown;
}

export interface App {
  readonly config: InitOptions;
  readonly auth: Auth;
  registerEndPointWithKey(p: { key?: string; url: string; protocol?: 'http' | 'https' }): void;
  registerHost(host: string, protocol?: 'http' | 'https'): void;
}

export declare function init(config: InitOptions): App;

declare const cloudbase: {
  init: typeof init;
  AuthError: typeof AuthError;
  isAuthError: typeof isAuthError;
  version: string;
};
export default cloudbase;
