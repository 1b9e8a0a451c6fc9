// Helpers the checks share: the SDK's requests and storage, sign-in flows, calls made outside the
// SDK, and the auth events.
import { assert, eq, fail, ok, show } from './assert.mjs';
import { EMULATOR_URL, PASSWORD, latestMessage, userMe } from './emulator.mjs';
import { localStorage, rawFetch, requests } from './sdk.mjs';

/** The decoded payload of a JWT (no verification). */
export const claimsOf = (jwt) => JSON.parse(Buffer.from(String(jwt).split('.')[1] || '', 'base64url').toString() || 'null');

/** SDK requests to an auth path since the check started, e.g. count('/auth/v1/token'). */
export const sent = (path) => requests.filter((r) => r.path === path);

/** The JSON stored under `key` in localStorage, parsed (null when absent). */
export const storedJson = (key) => {
  const raw = localStorage.getItem(key);
  return raw == null ? null : JSON.parse(raw);
};

/** v3 signUp with a phone or email, then verifyOtp with the code from the inbox. */
export async function signUpAndVerify(auth, params, addr) {
  const started = ok(await auth.signUp(params), 'signUp');
  assert(typeof started?.verifyOtp === 'function', 'signUp data has no verifyOtp function', started);
  const { code } = await latestMessage(addr);
  const done = ok(await started.verifyOtp({ token: code }), 'verifyOtp');
  assert(done?.user?.id, 'verifyOtp result has no user.id', done);
  assert(done?.session?.access_token, 'verifyOtp result has no session.access_token', done);
  return done;
}

/** Signs a seeded user in with a password and returns `{user, session}`. */
export async function passwordSignIn(auth, login) {
  return ok(await auth.signInWithPassword({ ...login, password: PASSWORD }), 'signInWithPassword');
}

/** The access token must now be rejected by the emulator. */
export async function assertRevoked(accessToken, what) {
  const me = await userMe(accessToken);
  eq(me.error, 'unauthenticated', `${what}: GET /auth/v1/user/me with the old access token, error`);
}

/** POST /auth/v1/token with a refresh token, outside the SDK. */
export async function refreshWith(refreshToken, env) {
  const res = await rawFetch(`${EMULATOR_URL}/auth/v1/token?client_id=${encodeURIComponent(env)}`, {
    method: 'POST',
    body: JSON.stringify({ client_id: env, client_secret: '', grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  return { token: await res.json() };
}

/** Waits `ms` milliseconds. */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Records the onAuthStateChange events of `auth`. The SDK calls back only after its own
 * getSession(), so `waitFor(name)` polls for a while.
 */
export function recordEvents(auth) {
  const events = [];
  const { data: { subscription } } = auth.onAuthStateChange((event, session, info) => {
    events.push({ event, session, info });
  });
  const names = () => events.map((e) => e.event);
  async function waitFor(name, ms = 3000) {
    const until = Date.now() + ms;
    for (;;) {
      const hit = events.find((e) => e.event === name);
      if (hit) return hit;
      if (Date.now() > until) fail(`no ${name} event from onAuthStateChange within ${ms} ms; events seen: ${show(names())}`);
      await sleep(20);
    }
  }
  return { events, names, waitFor, stop: () => subscription.unsubscribe() };
}

/** POST /auth/v1/user/basic/edit with a bearer token, outside the SDK. */
export async function editOutsideSdk(accessToken, body) {
  const res = await rawFetch(`${EMULATOR_URL}/auth/v1/user/basic/edit`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}` },
    body: JSON.stringify(body),
  });
  return res.json();
}

/** The body of the last SDK request to `path`, parsed. */
export const lastBody = (path) => {
  const r = sent(path).at(-1);
  assert(r, `no request to ${path} was sent`);
  return JSON.parse(r.body || '{}');
};
