// v3 API samples, written as in the CloudBase docs: every call resolves `{ data, error }`.
import cloudbase, {
  isAuthError,
  type AuthChangeEvent,
  type AuthError,
  type AuthResponse,
  type Session,
  type SignedIn,
  type User,
} from 'cloudbase-auth-wasm';
import { assert, type Equal } from './expect';

// ---- init ------------------------------------------------------------------------------------

const app = cloudbase.init({
  env: 'your-env-id',
  region: 'ap-shanghai', // optional, Shanghai by default
  clientId: 'your-client-id', // optional, the env id by default
});
const auth = app.auth; // `app.auth` and `app.auth()` are the same object
const sameAuth = app.auth({ persistence: 'local' });
assert<Equal<typeof sameAuth, typeof auth>>();

// A local emulator, and the other options this package understands.
const local = cloudbase.init({
  env: 'dev',
  apiOrigin: 'http://127.0.0.1:8787',
  lang: 'en-US',
  persistence: 'session',
  timeout: 5000,
  auth: { autoRefreshToken: false, detectSessionInUrl: true },
});
local.registerEndPointWithKey({ key: 'GATEWAY', url: '//127.0.0.1:8787', protocol: 'http' });
local.registerHost('127.0.0.1:8787');
const memory = new Map<string, string>();
local.auth({
  storage: {
    getItem: (key) => memory.get(key) ?? null,
    setItem: (key, value) => void memory.set(key, value),
    removeItem: (key) => void memory.delete(key),
  },
});
console.log(cloudbase.version, app.config.env);

// ---- sign up with a code -----------------------------------------------------------------------

export async function signUpWithEmail(email: string, code: string) {
  // Step 1: send the code (the profile fields are kept for the new account).
  const { data, error } = await auth.signUp({
    email,
    password: 'Passw0rd123',
    username: 'new_user',
    name: 'New User',
  });
  if (error) {
    // A failed call still has a `data` to destructure, with the fields null.
    assert<Equal<typeof data.user, null>>();
    assert<Equal<typeof data.verifyOtp, undefined>>();
    console.error(error.message);
    return null;
  }
  console.log('code sent, id', data.messageId.toUpperCase());

  // Step 2: the code the user typed in.
  const { data: signedIn, error: verifyError } = await data.verifyOtp({ token: code });
  if (verifyError) {
    console.error(verifyError.code);
    return null;
  }
  assert<Equal<typeof signedIn, SignedIn>>();
  return signedIn.user.id;
}

export async function signUpWithPhone() {
  const result = await auth.signUp({ phone: '13800000000' });
  // Without checking `error`, `verifyOtp` may be missing.
  const finish = result.data.verifyOtp;
  assert<Equal<typeof finish, ((params: { token: string; messageId?: string }) => Promise<AuthResponse<SignedIn>>) | undefined>>();
  if (!result.error) {
    await result.data.verifyOtp({ token: '123456', messageId: result.data.messageId });
  }
}

// ---- sign in with a code -----------------------------------------------------------------------

export async function signInWithCode(phone: string, code: string) {
  // Only existing users: `shouldCreateUser: false`.
  const { data, error } = await auth.signInWithOtp({ phone, options: { shouldCreateUser: false } });
  if (error) return;
  const { data: session, error: e2 } = await data.verifyOtp({ token: code });
  if (!e2) console.log(session.session.access_token);

  // New addresses sign up (the default).
  const second = await auth.signInWithOtp({ email: 'someone@example.com' });
  if (second.error === null) console.log(second.data.messageId);
}

// The code can also be checked later, with the id of the message.
export async function verifyLater(messageId: string, token: string) {
  const { data, error } = await auth.verifyOtp({ email: 'someone@example.com', token, messageId });
  if (error) return null;
  const user: User = data.user;
  const session: Session = data.session;
  return [user.email, session.expires_at];
}

// ---- password, anonymous, custom ticket, provider token ----------------------------------------

export async function signInWithPassword() {
  const { data, error } = await auth.signInWithPassword({ username: 'test_user', password: 'Passw0rd123' });
  if (error) {
    assert<Equal<typeof data, { user: null; session: null }>>();
    return;
  }
  console.log(data.user.user_metadata.nickName, data.session.refresh_token);
  await auth.signInWithPassword({ email: 'someone@example.com', password: 'Passw0rd123' });
  await auth.signInWithPassword({ phone: '+86 13800000000', password: 'Passw0rd123' });
}

export async function otherSignIns(fetchTicket: () => Promise<string>) {
  const anonymous = await auth.signInAnonymously();
  if (!anonymous.error) console.log(anonymous.data.user.is_anonymous);

  await auth.signInWithCustomTicket('ticket-from-your-server');
  await auth.signInWithCustomTicket(fetchTicket);
  await auth.signInWithCustomTicket(() => 'sync-ticket');

  const { data, error } = await auth.signInWithIdToken({ token: 'provider-token', provider: 'wx_open' });
  if (!error) console.log(data.user.identities.map((i) => i.provider));
}

// ---- session and user ---------------------------------------------------------------------------

export async function sessionAndUser() {
  const { data, error } = await auth.getSession();
  if (error) {
    // The service could not be reached to refresh an expired token, say.
    console.log(error.code === 'unreachable', error.message);
  } else if (data.session) {
    console.log(data.session.user.id, data.session.expires_in);
  } else {
    console.log('not signed in');
  }

  const refreshed = await auth.refreshSession();
  if (!refreshed.error) console.log(refreshed.data.session.access_token);

  const { data: userData, error: userError } = await auth.getUser();
  if (!userError) {
    const user = userData.user;
    console.log(user.id, user.email, user.phone, user.role.join(','), user.user_metadata.hasPassword);
  }

  const fresh = await auth.refreshUser();
  if (!fresh.error) console.log(fresh.data.user.updated_at);

  const claims = await auth.getClaims();
  if (!claims.error) {
    const { claims: c, header, signature } = claims.data;
    console.log(c.sub, c.exp, header.alg, signature.length);
  }

  // Tokens obtained elsewhere (from a server, another tab, ...).
  const set = await auth.setSession({ access_token: 'at', refresh_token: 'rt' });
  if (!set.error) console.log(set.data.session.scope);
}

// ---- profile, identities, password ----------------------------------------------------------------

export async function profile() {
  const { data, error } = await auth.updateUser({ nickname: 'Neo', gender: 'MALE', avatar_url: 'https://example.com/a.png' });
  if (!error) console.log(data.user.user_metadata.name);

  // A new email: a code is sent to it, verifyOtp with that code sets it.
  const change = await auth.updateUser({ email: 'new@example.com' });
  if (!change.error) {
    const messageId: string = change.data.messageId;
    const { data: changed, error: changeError } = await change.data.verifyOtp({ email: 'new@example.com', token: '123456' });
    if (!changeError) console.log(messageId, changed.user.email);
  }

  const { data: ids, error: idsError } = await auth.getUserIdentities();
  if (!idsError) {
    for (const identity of ids.identities) console.log(identity.id, identity.name);
  }
  const { error: unlinkError } = await auth.unlinkIdentity({ provider: 'github' });
  if (unlinkError) console.log(unlinkError.category);
}

export async function forgotPassword(email: string, code: string) {
  const { data, error } = await auth.resetPasswordForEmail(email);
  if (error) return;
  // The code and the new password; signs in with it.
  const { data: signedIn, error: e2 } = await data.updateUser({ nonce: code, password: 'NewPassw0rd1' });
  if (!e2) console.log(signedIn.user.id);
}

export async function changePassword(code: string) {
  const { data, error } = await auth.reauthenticate();
  if (error) return;
  const { data: updated, error: e2 } = await data.updateUser({ nonce: code, password: 'NewPassw0rd1' });
  if (!e2) console.log(updated.user.id);
  await data.updateUser({ nonce: code }); // only re-check the user
  const changed = await auth.resetPasswordForOld({ old_password: 'Passw0rd1', new_password: 'NewPassw0rd1' });
  if (!changed.error) console.log(changed.data.user.id, changed.data.session.access_token);
}

export async function resendCode() {
  const { data, error } = await auth.resend({ email: 'someone@example.com', type: 'signup' });
  if (error) {
    assert<Equal<typeof data.messageId, null>>();
    return;
  }
  await auth.verifyOtp({ email: 'someone@example.com', token: '123456', messageId: data.messageId });
  await auth.resend({ phone: '13800000000' });
}

export async function deleteAccount(password: string) {
  const { error } = await auth.deleteUser({ password });
  return error === null;
}

// ---- sign out ------------------------------------------------------------------------------------

export async function signOut() {
  const { error } = await auth.signOut();
  if (error) console.error(error.message);
  // Through the user sign-out endpoint, with a redirect.
  await auth.signOut({ redirect_uri: 'https://example.com/bye', state: 'xyz' });
}

// ---- auth state -----------------------------------------------------------------------------------

const {
  data: { subscription },
} = auth.onAuthStateChange((event, session) => {
  assert<Equal<typeof event, AuthChangeEvent>>();
  switch (event) {
    case 'INITIAL_SESSION':
    case 'SIGNED_IN':
      console.log('signed in as', session?.user.id);
      break;
    case 'SIGNED_OUT':
      console.log('signed out', session === null);
      break;
    case 'TOKEN_REFRESHED':
    case 'USER_UPDATED':
    case 'PASSWORD_RECOVERY':
    case 'BIND_IDENTITY':
      break;
    default: {
      const never: never = event; // every event is handled above
      console.log(never);
    }
  }
});
console.log(subscription.id);
subscription.unsubscribe();

// Async listeners are fine too.
auth.onAuthStateChange(async (event) => {
  if (event === 'SIGNED_OUT') await Promise.resolve();
});

// ---- errors ---------------------------------------------------------------------------------------

export async function errors() {
  const { error } = await auth.signInWithPassword({ username: 'test_user', password: 'wrong' });
  if (error) {
    assert<Equal<typeof error, AuthError>>();
    if (error.category === 'RATE_LIMITED') {
      const wait: number | undefined = error.retryAfter;
      console.log('try again in', wait ?? 60, 's');
    } else if (error.code === 'invalid_password' || error.category === 'INVALID_CREDENTIALS') {
      console.log('wrong username or password');
    }
    console.log(error.name, error.status, error.errorCode, error.requestId, JSON.stringify(error.toJSON()));
  }

  // Anything caught from your own code around the SDK.
  try {
    await auth.getUser();
  } catch (e) {
    if (isAuthError(e)) console.log(e.code, e.category);
    if (cloudbase.isAuthError(e) && e instanceof cloudbase.AuthError) console.log(e.message);
  }
  const made = new cloudbase.AuthError({ code: 'invalid_argument', message: 'bad input' });
  console.log(made.code);

  // OAuth: go to the provider, and finish on return (or let `detectSessionInUrl` do it).
  const oauth = await auth.signInWithOAuth({
    provider: 'github',
    options: { redirectTo: 'https://example.com/callback', queryParams: { prompt: 'consent' } },
  });
  if (oauth.error) console.log(oauth.error.code, oauth.data.url === null);
  else console.log(oauth.data.url, oauth.data.provider);
  const manual = await auth.signInWithOAuth({ provider: 'github', options: { skipBrowserRedirect: true } });
  if (!manual.error) window.open(manual.data.url);
  const callback = await auth.verifyOAuth();
  if (!callback.error) {
    console.log(callback.data.type === 'sign_in', callback.data.user?.id, callback.data.session?.access_token);
    if (callback.data.redirectUrl) history.replaceState(null, '', callback.data.redirectUrl);
  }
  await auth.verifyOAuth({ code: 'c', state: 's', provider: 'github' });
  const link = await auth.linkIdentity({ provider: 'google' });
  if (!link.error) console.log(link.data.provider);
  auth.onAuthStateChange((event, _session, info) => {
    if (event === 'BIND_IDENTITY' && info) console.log(info.data.provider, info.error?.code);
  });
}
