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
}

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
