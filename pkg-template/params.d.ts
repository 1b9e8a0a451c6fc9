// Types of cloudbase-auth-wasm: the arguments the calls take (re-exported by index.d.ts).
import type { Empty, Result, User } from './data.js';

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
  /** The access token of the anonymous user to turn into this account. */
  anonymous_token?: string;
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
  verifyOtp(params: { email?: string; phone?: string; token: string; messageId?: string }): Result<{ user: User }>;
}

/** An entry of `getUserIdentities` (a provider bound to the user) or of `getProviders`. */
export interface ProviderIdentity {
  /** The provider id. */
  id: string;
  /** The provider's display name. */
  name?: string;
  /** The user's name at the provider. */
  provider_user_name?: string;
  /** Whether the provider is bound to the user (always here in `getUserIdentities`). */
  bind?: boolean;
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
  /** Lifetime of the code in seconds, when the service says. */
  expires_in?: number;
}

/** What v2 `verify` resolves. */
export interface VerifyResult {
  /** The token to pass to `signIn` / `signUp`. */
  verification_token: string;
  /** Lifetime of the token in seconds, when the service says. */
  expires_in?: number;
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

/**
 * v2: what `onLoginStateChanged` gives on a sign-in or sign-out: the change, and the login
 * state after it (its `user` and `isAnonymousAuth`; neither after a sign-out).
 */
export interface LoginStateChange extends Partial<LoginState> {
  name: 'loginStateChanged';
  data: { eventType: 'sign_in' | 'sign_out' };
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
