#!/usr/bin/env node
// Conformance: drives the real @cloudbase/js-sdk 3.7.0 against the emulator.
//   EMULATOR_URL=http://127.0.0.1:8787 node conformance/run.mjs
// Each check runs in its own env id with an empty localStorage; exit code 1 if any check fails.
import { loadCloudbase, newApp, localStorage, sessionStorage, rawFetch, requests } from './sdk.mjs';
import {
  EMULATOR_URL, RUN_ID, PASSWORD, getConfig, health, inbox, latestMessage, newEnv, randomEmail,
  randomPhone, randomUsername, seedUser, userMe, withConfig, wrongCode,
} from './emulator.mjs';

// ---------------------------------------------------------------------------------------------
// Runner

const checks = [];
const check = (name, fn) => checks.push({ name, fn });

class CheckError extends Error {}

function fail(msg, detail) {
  throw new CheckError(detail === undefined ? msg : `${msg}: ${show(detail)}`);
}
function assert(cond, msg, detail) {
  if (!cond) fail(msg, detail);
}
function eq(actual, expected, msg) {
  if (actual !== expected) fail(`${msg}: expected ${show(expected)}, got ${show(actual)}`);
}
/** Fails if a v3 result carries an error; returns its data. */
function ok(res, what) {
  if (!res || typeof res !== 'object') fail(`${what} returned ${show(res)}`);
  if (res.error) fail(`${what} failed`, errorSummary(res.error));
  return res.data;
}
function errorSummary(e) {
  if (!e || typeof e !== 'object') return e;
  const { code, status, category, errorCode, message, error, error_description } = e;
  return { code, status, category, errorCode, message, error, error_description };
}
function show(v) {
  try {
    const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v, (k, x) => (typeof x === 'function' ? '[Function]' : x));
    return s === undefined ? String(v) : s.length > 600 ? `${s.slice(0, 600)}…` : s;
  } catch {
    return String(v);
  }
}

/** The decoded payload of a JWT (no verification). */
const claimsOf = (jwt) => JSON.parse(Buffer.from(String(jwt).split('.')[1] || '', 'base64url').toString() || 'null');

/** SDK requests to an auth path since the check started, e.g. count('/auth/v1/token'). */
const sent = (path) => requests.filter((r) => r.path === path);

const storedJson = (key) => {
  const raw = localStorage.getItem(key);
  return raw == null ? null : JSON.parse(raw);
};

/** Silences the SDK's console chatter during a check; the lines are printed if the check fails. */
function captureConsole() {
  const lines = [];
  const saved = {};
  for (const m of ['log', 'info', 'warn', 'error', 'debug']) {
    saved[m] = console[m];
    console[m] = (...args) => lines.push(`console.${m}: ${args.map((a) => (typeof a === 'string' ? a : show(a))).join(' ')}`);
  }
  return { lines, restore: () => Object.assign(console, saved) };
}

function withTimeout(promise, ms) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new CheckError(`timed out after ${ms / 1000}s`)), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

async function runAll(ctx) {
  let passed = 0;
  const failed = [];
  for (const [i, { name, fn }] of checks.entries()) {
    localStorage.clear();
    sessionStorage.clear();
    requests.length = 0;
    const out = captureConsole();
    const started = Date.now();
    let error = null;
    try {
      await withTimeout(Promise.resolve().then(() => fn({ ...ctx, env: newEnv(String(i + 1)) })), 30_000);
    } catch (e) {
      error = e;
    } finally {
      out.restore();
    }
    const ms = Date.now() - started;
    if (!error) {
      passed++;
      console.log(`PASS  ${name} (${ms} ms)`);
      continue;
    }
    failed.push(name);
    console.log(`FAIL  ${name} (${ms} ms)`);
    console.log(`      ${error instanceof CheckError ? error.message : error?.stack || error}`);
    if (requests.length) {
      console.log('      HTTP exchanges of this check:');
      for (const r of requests) {
        console.log(`        ${r.method} ${r.url}${r.auth ? ' [Authorization]' : ''}`);
        if (r.body) console.log(`          body: ${r.body.slice(0, 400)}`);
        console.log(`          -> ${r.status} ${String(r.response ?? '').slice(0, 400)}`);
      }
    }
    if (out.lines.length) {
      console.log('      SDK console output:');
      for (const l of out.lines.slice(-10)) console.log(`        ${l.slice(0, 300).replace(/\n/g, ' ')}`);
    }
  }
  console.log(`\n${passed} passed, ${failed.length} failed, ${checks.length} total`);
  if (failed.length) console.log(`failed: ${failed.join('; ')}`);
  return failed.length === 0;
}

// ---------------------------------------------------------------------------------------------
// Flow helpers

/** v3 signUp with a phone or email, then verifyOtp with the code from the inbox. */
async function signUpAndVerify(auth, params, addr) {
  const started = ok(await auth.signUp(params), 'signUp');
  assert(typeof started?.verifyOtp === 'function', 'signUp data has no verifyOtp function', started);
  const { code } = await latestMessage(addr);
  const done = ok(await started.verifyOtp({ token: code }), 'verifyOtp');
  assert(done?.user?.id, 'verifyOtp result has no user.id', done);
  assert(done?.session?.access_token, 'verifyOtp result has no session.access_token', done);
  return done;
}

/** Signs a seeded user in with a password and returns `{user, session}`. */
async function passwordSignIn(auth, login) {
  return ok(await auth.signInWithPassword({ ...login, password: PASSWORD }), 'signInWithPassword');
}

/** The access token must now be rejected by the emulator. */
async function assertRevoked(accessToken, what) {
  const me = await userMe(accessToken);
  eq(me.error, 'unauthenticated', `${what}: GET /auth/v1/user/me with the old access token, error`);
}

// ---------------------------------------------------------------------------------------------
// Checks

check('1. phone signUp + verifyOtp, getSession, storage, signOut, signInWithPassword', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const phone = randomPhone();
  const { user, session } = await signUpAndVerify(auth, { phone, password: PASSWORD }, phone);
  eq(user.phone, phone, 'user.phone');
  eq(user.is_anonymous, false, 'user.is_anonymous');
  eq(sent('/auth/v1/signup').length, 1, 'number of /v1/signup requests');

  const got = ok(await auth.getSession(), 'getSession');
  eq(got?.session?.user?.id, user.id, 'getSession session.user.id');
  eq(got?.user?.id, user.id, 'getSession user.id');
  eq(got.session.access_token, session.access_token, 'getSession access_token');

  const creds = storedJson(`credentials_${env}`);
  assert(creds?.access_token && creds?.refresh_token && creds?.expires_at, `localStorage credentials_${env} is incomplete`, creds);
  const info = storedJson(`user_info_${env}`);
  eq(info?.content?.sub, user.id, `localStorage user_info_${env} content.sub`);

  const out = await auth.signOut();
  assert(!out?.error, 'signOut failed', errorSummary(out?.error));
  eq(sent('/auth/v1/revoke').length, 1, 'number of /v1/revoke requests');
  eq(localStorage.getItem(`credentials_${env}`), null, 'credentials after signOut');
  eq(localStorage.getItem(`user_info_${env}`), null, 'user_info after signOut');
  await assertRevoked(session.access_token, 'after signOut()');
  const none = await auth.getSession();
  eq(none?.data?.session ?? null, null, 'getSession after signOut: data.session');

  const again = await passwordSignIn(auth, { phone });
  eq(again.user.id, user.id, 'signInWithPassword user.id');
  eq(again.user.user_metadata?.hasPassword, true, 'user_metadata.hasPassword');
});

check('2. email signUp + verifyOtp', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const email = randomEmail();
  const { user } = await signUpAndVerify(auth, { email, password: PASSWORD }, email);
  eq(user.email, email, 'user.email');
  const msg = await latestMessage(email);
  eq(msg.channel, 'email', 'inbox channel');
  const verification = sent('/auth/v1/verification')[0];
  eq(JSON.parse(verification.body).usage, 'email', 'usage sent with the email code request');

  ok(await auth.signOut(), 'signOut');
  const again = await passwordSignIn(auth, { email });
  eq(again.user.id, user.id, 'signInWithPassword({email}) user.id');
});

check('3a. signInWithOtp({phone}, shouldCreateUser:false) for an existing user -> data.verifyOtp', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const started = ok(await auth.signInWithOtp({ phone: seeded.phone, options: { shouldCreateUser: false } }), 'signInWithOtp');
  assert(typeof started?.verifyOtp === 'function', 'signInWithOtp data has no verifyOtp function', started);
  eq(JSON.parse(sent('/auth/v1/verification')[0].body).target, 'USER', 'target of the code request');
  const { code } = await latestMessage(seeded.phone);
  const { user, session } = ok(await started.verifyOtp({ token: code }), 'verifyOtp');
  eq(user?.id, seeded.sub, 'user.id');
  assert(session?.access_token, 'no session.access_token', session);
  eq(sent('/auth/v1/signup').length, 0, 'number of /v1/signup requests');
});

check('3b. auth.verifyOtp({phone, token, messageId}) called directly', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  ok(await auth.signInWithOtp({ phone: seeded.phone, options: { shouldCreateUser: false } }), 'signInWithOtp');
  const msg = await latestMessage(seeded.phone);
  const { user } = ok(await auth.verifyOtp({ phone: seeded.phone, token: msg.code, messageId: msg.verification_id }), 'verifyOtp');
  eq(user?.id, seeded.sub, 'user.id');
});

check('3c. signInWithOtp(shouldCreateUser:false) for an unknown phone is an error', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const res = await auth.signInWithOtp({ phone: randomPhone(), options: { shouldCreateUser: false } });
  assert(res?.error, 'expected an error, got none', res?.data);
  eq(res.error.code, 'not_found', 'error.code');
});

check('4a. wrong password -> invalid_password', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const res = await auth.signInWithPassword({ phone: seeded.phone, password: 'wrong-pass1' });
  assert(res?.error, 'expected an error, got none', res?.data);
  eq(res.error.code, 'invalid_password', 'error.code');
  eq(res.error.category, 'INVALID_CREDENTIALS', 'error.category');
  eq(res.data?.session ?? null, null, 'data.session');
  eq(localStorage.getItem(`credentials_${env}`), null, 'stored credentials');
  // The username form hits the same check.
  const byName = await auth.signInWithPassword({ username: seeded.username, password: 'wrong-pass1' });
  eq(byName?.error?.code, 'invalid_password', 'error.code for a username');
});

check('4b. wrong OTP code -> error and no session; the right code still works', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const started = ok(await auth.signInWithOtp({ phone: seeded.phone, options: { shouldCreateUser: false } }), 'signInWithOtp');
  const { code } = await latestMessage(seeded.phone);
  const bad = await started.verifyOtp({ token: wrongCode(code) });
  assert(bad?.error, 'a wrong code gave no error', bad?.data);
  eq(bad.data?.session ?? null, null, 'data.session for a wrong code');
  eq(localStorage.getItem(`credentials_${env}`), null, 'stored credentials after a wrong code');
  eq(sent('/auth/v1/signin').length, 0, 'number of /v1/signin requests after a wrong code');
  const good = ok(await started.verifyOtp({ token: code }), 'verifyOtp with the right code');
  eq(good.user?.id, seeded.sub, 'user.id');
});

check('5. refreshSession returns new tokens; getUser returns the user', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const { session } = await passwordSignIn(auth, { phone: seeded.phone });
  const refreshed = ok(await auth.refreshSession(), 'refreshSession');
  eq(sent('/auth/v1/token').length, 1, 'number of /v1/token requests');
  const next = refreshed?.session;
  assert(next?.access_token, 'refreshSession gave no access_token', refreshed);
  assert(next.refresh_token && next.refresh_token !== session.refresh_token, 'refresh_token was not rotated', next.refresh_token);
  assert(
    next.access_token !== session.access_token,
    'refreshSession returned the same access_token as before (a token must be unique per issue)',
    claimsOf(next.access_token),
  );
  eq(refreshed.user?.id, seeded.sub, 'refreshSession user.id');
  eq(storedJson(`credentials_${env}`)?.access_token, next.access_token, 'stored access_token after refresh');

  const { user } = ok(await auth.getUser(), 'getUser');
  eq(user?.id, seeded.sub, 'getUser user.id');
  eq(user?.phone, seeded.phone, 'getUser user.phone');
  eq(user?.user_metadata?.username, seeded.username, 'getUser user_metadata.username');
  const me = sent('/auth/v1/user/me').at(-1);
  eq(me?.auth, `Bearer ${next.access_token}`, 'Authorization of the last /v1/user/me');
});

check('6. signInAnonymously -> is_anonymous user', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const { user, session } = ok(await auth.signInAnonymously(), 'signInAnonymously');
  assert(user?.id, 'no user.id', user);
  eq(user.is_anonymous, true, 'user.is_anonymous');
  eq(session?.scope, 'anonymous', 'session.scope');
  const got = ok(await auth.getSession(), 'getSession');
  eq(got.user?.id, user.id, 'getSession user.id');
});

check('7a. v2 getVerification -> verify -> signIn({username: phone, verification_token})', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const info = await auth.getVerification({ phone_number: seeded.phone });
  assert(info?.verification_id, 'getVerification gave no verification_id', info);
  eq(info.is_user, true, 'getVerification is_user');
  const { code } = await latestMessage(seeded.phone, { verificationId: info.verification_id });
  const verified = await auth.verify({ verification_id: info.verification_id, verification_code: code });
  assert(verified?.verification_token, 'verify gave no verification_token', verified);
  const state = await auth.signIn({ username: seeded.phone, verification_token: verified.verification_token });
  eq(state?.user?.uid, seeded.sub, 'LoginState user.uid');
  assert(auth.hasLoginState(), 'hasLoginState() is empty after signIn');
  const { user } = ok(await auth.getUser(), 'getUser');
  eq(user?.id, seeded.sub, 'getUser user.id');
});

check('7b. v2 signInWithSms for a new phone signs up', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const phone = randomPhone();
  const info = await auth.getVerification({ phone_number: phone });
  eq(info?.is_user, false, 'getVerification is_user');
  const { code } = await latestMessage(phone, { verificationId: info.verification_id });
  const state = await auth.signInWithSms({ verificationInfo: info, verificationCode: code, phoneNum: phone });
  assert(state?.user?.uid, 'signInWithSms gave no LoginState user', state);
  eq(sent('/auth/v1/signup').length, 1, 'number of /v1/signup requests');
  const { user } = ok(await auth.getUser(), 'getUser');
  eq(user?.phone, phone, 'getUser user.phone');
  eq(user?.id, state.user.uid, 'getUser user.id');
});

check('7c. v2 verify with a wrong code rejects with a raw error', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const phone = randomPhone();
  const info = await auth.getVerification({ phone_number: phone });
  const { code } = await latestMessage(phone, { verificationId: info.verification_id });
  let rejected = null;
  try {
    await auth.verify({ verification_id: info.verification_id, verification_code: wrongCode(code) });
  } catch (e) {
    rejected = e;
  }
  assert(rejected, 'verify with a wrong code resolved');
  assert(typeof rejected.error === 'string' && rejected.error, 'the rejection has no `error` string', rejected);
});

check('8. signOut({}) uses the bearer /v1/user/signout and revokes the session', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const { session } = await passwordSignIn(auth, { phone: seeded.phone });
  const out = await auth.signOut({});
  assert(!out?.error, 'signOut({}) failed', errorSummary(out?.error));
  const calls = sent('/auth/v1/user/signout');
  eq(calls.length, 1, 'number of /v1/user/signout requests');
  eq(calls[0].auth, `Bearer ${session.access_token}`, 'Authorization of /v1/user/signout');
  assert(!JSON.parse(calls[0].response || '{}').error, 'the emulator answered /v1/user/signout with an error', calls[0].response);
  eq(sent('/auth/v1/revoke').length, 0, 'number of /v1/revoke requests');
  eq(localStorage.getItem(`credentials_${env}`), null, 'credentials after signOut({})');
  await assertRevoked(session.access_token, 'after signOut({})');
  const { token: refreshAnswer } = await refreshWith(session.refresh_token, env);
  eq(refreshAnswer.error, 'invalid_grant', 'refreshing with the signed-out refresh_token, error');
});

/** POST /auth/v1/token with a refresh token, outside the SDK. */
async function refreshWith(refreshToken, env) {
  const res = await rawFetch(`${EMULATOR_URL}/auth/v1/token?client_id=${encodeURIComponent(env)}`, {
    method: 'POST',
    body: JSON.stringify({ client_id: env, client_secret: '', grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  return { token: await res.json() };
}

check('9. concurrent getSession/getUser on an expired token make exactly one /v1/token request', async ({ cloudbase, env }) => {
  const first = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const { session } = await passwordSignIn(first.auth, { phone: seeded.phone });

  // Expire the stored copy, then open a second app on the same env: it has no in-memory copy,
  // so it reads storage, finds it expired and must refresh once for all callers.
  const key = `credentials_${env}`;
  const creds = storedJson(key);
  creds.expires_at = new Date(Date.now() - 60_000).toISOString();
  localStorage.setItem(key, JSON.stringify(creds));
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  requests.length = 0;

  const results = await Promise.all([auth.getSession(), auth.getUser(), auth.getSession(), auth.getUser(), auth.getSession()]);
  results.forEach((r, i) => ok(r, `call ${i + 1}`));
  eq(sent('/auth/v1/token').length, 1, 'number of /v1/token requests');
  for (const [i, r] of results.entries()) eq(r.data.user?.id, seeded.sub, `call ${i + 1} user.id`);
  const sessions = results.filter((r) => 'session' in r.data).map((r) => r.data.session);
  const fresh = sessions[0];
  assert(fresh.refresh_token !== session.refresh_token, 'the session still carries the old refresh_token');
  for (const s of sessions) eq(s.access_token, fresh.access_token, 'access_token shared by all callers');
  const stored = storedJson(key);
  eq(stored.access_token, fresh.access_token, 'stored access_token');
  assert(new Date(stored.expires_at) > new Date(), 'stored expires_at is not in the future', stored.expires_at);
});

// ---------------------------------------------------------------------------------------------
// Account checks: user info, profile edits, identities, codes and their limits, password
// recovery, the v2 login-state helpers, usernames and account deletion.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Records the onAuthStateChange events of `auth`. The SDK calls back only after its own
 * getSession(), so `waitFor(name)` polls for a while.
 */
function recordEvents(auth) {
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
async function editOutsideSdk(accessToken, body) {
  const res = await rawFetch(`${EMULATOR_URL}/auth/v1/user/basic/edit`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}` },
    body: JSON.stringify(body),
  });
  return res.json();
}

/** The body of the last SDK request to `path`, parsed. */
const lastBody = (path) => {
  const r = sent(path).at(-1);
  assert(r, `no request to ${path} was sent`);
  return JSON.parse(r.body || '{}');
};

check('10. getUser and refreshUser read /v1/user/me; refreshUser sees a change made elsewhere', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone(), email: randomEmail() });
  const { session } = await passwordSignIn(auth, { username: seeded.username });
  requests.length = 0;

  const { user } = ok(await auth.getUser(), 'getUser');
  eq(user?.id, seeded.sub, 'getUser user.id');
  eq(user.phone, seeded.phone, 'getUser user.phone');
  eq(user.email, seeded.email, 'getUser user.email');
  eq(user.user_metadata?.username, seeded.username, 'getUser user_metadata.username');
  eq(user.user_metadata?.hasPassword, true, 'getUser user_metadata.hasPassword');
  eq(sent('/auth/v1/user/me').length, 1, 'number of /v1/user/me requests after getUser');

  // A profile change made by another client shows up after refreshUser.
  const name = `Elsewhere ${RUN_ID}`;
  const edited = await editOutsideSdk(session.access_token, { nickname: name });
  assert(!edited.error, 'POST /auth/v1/user/basic/edit outside the SDK failed', edited);
  const refreshed = ok(await auth.refreshUser(), 'refreshUser');
  eq(sent('/auth/v1/user/me').length, 2, 'number of /v1/user/me requests after refreshUser');
  eq(refreshed?.user?.id, seeded.sub, 'refreshUser user.id');
  eq(refreshed.user.user_metadata?.name, name, 'refreshUser user.user_metadata.name');
  eq(refreshed.session?.access_token, session.access_token, 'refreshUser session.access_token');
  eq(storedJson(`user_info_${env}`)?.content?.name, name, `localStorage user_info_${env} content.name`);

  ok(await auth.signOut(), 'signOut');
  const after = await auth.getUser();
  eq(after?.data?.user ?? null, null, 'getUser after signOut: data.user');
});

check('11. updateUser({nickname, gender, avatar_url}) and updateUser({username}) -> /v1/user/basic/edit, USER_UPDATED', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const { session } = await passwordSignIn(auth, { phone: seeded.phone });
  const rec = recordEvents(auth);
  try {
    const nickname = `Nick ${RUN_ID}`;
    const picture = `https://example.com/${RUN_ID}.png`;
    const res = ok(await auth.updateUser({ nickname, gender: 'FEMALE', avatar_url: picture }), 'updateUser');
    const edit = sent('/auth/v1/user/basic/edit');
    eq(edit.length, 1, 'number of /v1/user/basic/edit requests');
    eq(edit[0].auth, `Bearer ${session.access_token}`, 'Authorization of /v1/user/basic/edit');
    const body = JSON.parse(edit[0].body);
    eq(body.nickname, nickname, 'basic/edit body nickname');
    assert(!JSON.parse(edit[0].response || '{}').error, 'the emulator answered /v1/user/basic/edit with an error', edit[0].response);
    eq(res?.user?.user_metadata?.name, nickname, 'updateUser result user.user_metadata.name');
    await rec.waitFor('USER_UPDATED');

    const { user } = ok(await auth.getUser(), 'getUser');
    eq(user?.user_metadata?.name, nickname, 'getUser user_metadata.name');
    eq(user.user_metadata.nickName, nickname, 'getUser user_metadata.nickName');
    eq(user.user_metadata.gender, 'FEMALE', 'getUser user_metadata.gender');
    eq(user.user_metadata.picture, picture, 'getUser user_metadata.picture');
    eq(user.phone, seeded.phone, 'getUser user.phone (unchanged)');

    // A new username: the old one no longer signs in, the new one does.
    const username = randomUsername();
    const renamed = ok(await auth.updateUser({ username }), 'updateUser({username})');
    eq(renamed?.user?.user_metadata?.username, username, 'updateUser({username}) user_metadata.username');
    ok(await auth.signOut(), 'signOut');
    const again = ok(await auth.signInWithPassword({ username, password: PASSWORD }), 'signInWithPassword with the new username');
    eq(again.user?.id, seeded.sub, 'user.id for the new username');
    const old = await auth.signInWithPassword({ username: seeded.username, password: PASSWORD });
    assert(old?.error, 'the old username still signs in', old?.data?.user?.id);
  } finally {
    rec.stop();
  }
});

check('12. getUserIdentities -> GET /v1/user/provider, identities is an array', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const { session } = await passwordSignIn(auth, { phone: seeded.phone });
  const { identities } = ok(await auth.getUserIdentities(), 'getUserIdentities');
  const call = sent('/auth/v1/user/provider').at(-1);
  assert(call, 'no GET /auth/v1/user/provider request');
  eq(call.method, 'GET', 'method of /v1/user/provider');
  eq(call.auth, `Bearer ${session.access_token}`, 'Authorization of /v1/user/provider');
  assert(Array.isArray(identities), 'data.identities is not an array (the answer needs data:[...])', call.response);
  eq(identities.length, 0, 'number of bound identities of a password user');
});

check('13a. resend({phone, type:"signup"}) -> messageId; a second code within 30 s -> resource_exhausted with retryAfter', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const phone = randomPhone();
  const first = ok(await auth.resend({ phone, type: 'signup' }), 'resend');
  assert(first?.messageId, 'resend gave no messageId', first);
  const body = lastBody('/auth/v1/verification');
  eq(body.target, 'ANY', 'target of a signup resend');
  eq(body.phone_number, phone, 'phone_number of the resend');
  const msg = await latestMessage(phone, { verificationId: first.messageId });
  const verified = await auth.verify({ verification_id: first.messageId, verification_code: msg.code });
  assert(verified?.verification_token, 'the resent code does not verify', verified);

  const second = await auth.resend({ phone, type: 'signup' });
  assert(second?.error, 'a second code within the resend gap was sent', second?.data);
  eq(second.error.code, 'resource_exhausted', 'error.code');
  eq(second.error.category, 'RATE_LIMITED', 'error.category');
  eq(second.data?.messageId ?? null, null, 'data.messageId');
  const ra = second.error.retryAfter;
  assert(Number.isInteger(ra) && ra >= 1 && ra <= 30, 'error.retryAfter is not a whole number of seconds in 1..30', ra);
  eq((await inbox(phone)).length, 1, 'number of codes in the inbox');
});

check('13b. resend({email, type:"signup"}) sends usage email; resend({phone}) for an unknown phone -> not_found', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const email = randomEmail();
  const res = ok(await auth.resend({ email, type: 'signup' }), 'resend({email})');
  const body = lastBody('/auth/v1/verification');
  eq(body.usage, 'email', 'usage of an email resend');
  eq(body.target, 'ANY', 'target of a signup resend');
  const msg = await latestMessage(email, { verificationId: res.messageId });
  eq(msg.channel, 'email', 'inbox channel');

  const unknown = await auth.resend({ phone: randomPhone() });
  eq(lastBody('/auth/v1/verification').target, 'USER', 'target of a resend without type');
  eq(unknown?.error?.code, 'not_found', 'error.code for an unknown phone');
});

check('13c. daily code limit (codes_per_day=1, resend_gap_secs=0 for one request) -> resource_exhausted', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const phone = randomPhone();
  ok(await auth.resend({ phone, type: 'signup' }), 'first resend');
  const before = await getConfig();
  const res = await withConfig({ resend_gap_secs: 0, codes_per_day: 1 }, () => auth.resend({ phone, type: 'signup' }));
  const after = await getConfig();
  eq(after.codes_per_day, before.codes_per_day, 'codes_per_day restored');
  eq(after.resend_gap_secs, before.resend_gap_secs, 'resend_gap_secs restored');
  assert(res?.error, 'a code over the daily limit was sent', res?.data);
  eq(res.error.code, 'resource_exhausted', 'error.code');
  eq(res.error.category, 'RATE_LIMITED', 'error.category');
  const ra = res.error.retryAfter;
  assert(Number.isInteger(ra) && ra >= 1 && ra <= 86_400, 'error.retryAfter is not a whole number of seconds in 1..86400', ra);
  eq((await inbox(phone)).length, 1, 'number of codes in the inbox');
});

check('14a. resetPasswordForEmail(email) -> updateUser({nonce, password}) -> PASSWORD_RECOVERY; new password signs in', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { email: randomEmail() });
  const rec = recordEvents(auth);
  try {
    const started = ok(await auth.resetPasswordForEmail(seeded.email), 'resetPasswordForEmail');
    assert(typeof started?.updateUser === 'function', 'resetPasswordForEmail data has no updateUser function', started);
    const vbody = lastBody('/auth/v1/verification');
    eq(vbody.email, seeded.email, 'verification email');
    eq(vbody.target, 'USER', 'verification target');
    eq(vbody.usage, 'recovery', 'verification usage');
    const { code } = await latestMessage(seeded.email);
    const fresh = 'newpass99';
    const done = ok(await started.updateUser({ nonce: code, password: fresh }), 'updateUser({nonce, password})');
    const reset = lastBody('/auth/v1/reset');
    eq(reset.email, seeded.email, '/v1/reset email');
    eq(reset.new_password, fresh, '/v1/reset new_password');
    assert(reset.verification_token, '/v1/reset has no verification_token', reset);
    eq(done?.user?.id, seeded.sub, 'updateUser result user.id');
    assert(done.session?.access_token, 'updateUser result has no session', done);
    await rec.waitFor('PASSWORD_RECOVERY');

    ok(await auth.signOut(), 'signOut');
    const again = ok(await auth.signInWithPassword({ email: seeded.email, password: fresh }), 'signInWithPassword with the new password');
    eq(again.user?.id, seeded.sub, 'user.id');
    const old = await auth.signInWithPassword({ email: seeded.email, password: PASSWORD });
    eq(old?.error?.code, 'invalid_password', 'error.code for the old password');
  } finally {
    rec.stop();
  }
});

check('14b. resetPasswordForEmail(phone): a wrong nonce fails and keeps the password, the right one resets it', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const started = ok(await auth.resetPasswordForEmail(seeded.phone), 'resetPasswordForEmail(phone)');
  const vbody = lastBody('/auth/v1/verification');
  eq(vbody.phone_number, seeded.phone, 'verification phone_number');
  eq(vbody.target, 'USER', 'verification target');
  const { code } = await latestMessage(seeded.phone);
  const fresh = 'newpass77';
  const bad = await started.updateUser({ nonce: wrongCode(code), password: fresh });
  assert(bad?.error, 'a wrong nonce gave no error', bad?.data);
  eq(sent('/auth/v1/reset').length, 0, 'number of /v1/reset requests after a wrong nonce');
  ok(await auth.signInWithPassword({ phone: seeded.phone, password: PASSWORD }), 'signInWithPassword with the old password after a wrong nonce');
  ok(await auth.signOut(), 'signOut');
  const done = ok(await started.updateUser({ nonce: code, password: fresh }), 'updateUser with the right nonce');
  eq(done?.user?.id, seeded.sub, 'user.id');
  eq(lastBody('/auth/v1/reset').phone_number, seeded.phone, '/v1/reset phone_number');
  ok(await auth.signOut(), 'signOut');
  ok(await auth.signInWithPassword({ phone: seeded.phone, password: fresh }), 'signInWithPassword with the new password');
});

check('15. signInAnonymously then signOut() -> /v1/revoke, SIGNED_OUT, session revoked', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const { session } = ok(await auth.signInAnonymously(), 'signInAnonymously');
  const rec = recordEvents(auth);
  try {
    const out = await auth.signOut();
    assert(!out?.error, 'signOut failed', errorSummary(out?.error));
    const revoke = sent('/auth/v1/revoke');
    eq(revoke.length, 1, 'number of /v1/revoke requests');
    eq(JSON.parse(revoke[0].body).token, session.access_token, '/v1/revoke body token');
    assert(!JSON.parse(revoke[0].response || '{}').error, 'the emulator answered /v1/revoke with an error', revoke[0].response);
    eq(localStorage.getItem(`credentials_${env}`), null, 'credentials after signOut');
    await rec.waitFor('SIGNED_OUT');
    await assertRevoked(session.access_token, 'anonymous session after signOut()');
    const none = await auth.getSession();
    eq(none?.data?.session ?? null, null, 'getSession after signOut: data.session');
  } finally {
    rec.stop();
  }
});

check('16a. v2 signInWithSms for an existing phone signs in (no signup)', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const info = await auth.getVerification({ phone_number: seeded.phone });
  eq(info?.is_user, true, 'getVerification is_user');
  const { code } = await latestMessage(seeded.phone, { verificationId: info.verification_id });
  const state = await auth.signInWithSms({ verificationInfo: info, verificationCode: code, phoneNum: seeded.phone });
  eq(state?.user?.uid, seeded.sub, 'LoginState user.uid');
  eq(sent('/auth/v1/signup').length, 0, 'number of /v1/signup requests');
  eq(lastBody('/auth/v1/signin').username, seeded.phone, '/v1/signin username');
});

check('16b. v2 signInWithEmail: a new email signs up, an existing email signs in', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const email = randomEmail();
  const info = await auth.getVerification({ email });
  eq(info?.is_user, false, 'getVerification is_user for a new email');
  const first = await latestMessage(email, { verificationId: info.verification_id });
  const state = await auth.signInWithEmail({ verificationInfo: info, verificationCode: first.code, email });
  assert(state?.user?.uid, 'signInWithEmail gave no LoginState user', state);
  eq(sent('/auth/v1/signup').length, 1, 'number of /v1/signup requests');
  eq(lastBody('/auth/v1/signup').email, email, '/v1/signup email');
  const { user } = ok(await auth.getUser(), 'getUser');
  eq(user?.email, email, 'getUser user.email');
  const uid = state.user.uid;

  ok(await auth.signOut(), 'signOut');
  // A second code to the same address would have to wait out the resend gap, so the sign-in
  // half uses another, already registered, email.
  const seeded = await seedUser(env, { email: randomEmail() });
  const info2 = await auth.getVerification({ email: seeded.email });
  eq(info2?.is_user, true, 'getVerification is_user for an existing email');
  const second = await latestMessage(seeded.email, { verificationId: info2.verification_id });
  requests.length = 0;
  const state2 = await auth.signInWithEmail({ verificationInfo: info2, verificationCode: second.code, email: seeded.email });
  eq(state2?.user?.uid, seeded.sub, 'LoginState user.uid for an existing email');
  eq(sent('/auth/v1/signup').length, 0, 'number of /v1/signup requests for an existing email');
  eq(lastBody('/auth/v1/signin').username, seeded.email, '/v1/signin username');
  assert(uid !== seeded.sub, 'two different users got the same uid');
});

check('16c. v2 hasLoginState / getLoginState / getCurrentUser before and after signIn and signOut', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone(), email: randomEmail() });
  eq(auth.hasLoginState(), null, 'hasLoginState() before sign-in');
  eq(await auth.getLoginState(), null, 'getLoginState() before sign-in');
  eq(await auth.getCurrentUser(), null, 'getCurrentUser() before sign-in');

  const state = await auth.signIn({ username: seeded.username, password: PASSWORD });
  eq(state?.user?.uid, seeded.sub, 'signIn LoginState user.uid');
  const sync = auth.hasLoginState();
  assert(sync, 'hasLoginState() is null after signIn');
  eq(sync.user?.uid, seeded.sub, 'hasLoginState() user.uid');
  const async_ = await auth.getLoginState();
  assert(async_, 'getLoginState() is null after signIn');
  eq(async_.user?.uid, seeded.sub, 'getLoginState() user.uid');
  eq(async_.user?.username, seeded.username, 'getLoginState() user.username');
  const current = await auth.getCurrentUser();
  eq(current?.uid, seeded.sub, 'getCurrentUser() uid');
  eq(current.sub, seeded.sub, 'getCurrentUser() sub');
  eq(current.username, seeded.username, 'getCurrentUser() username');
  eq(current.phone_number, seeded.phone, 'getCurrentUser() phone_number');
  eq(current.email, seeded.email, 'getCurrentUser() email');

  // A second app on the same env finds the stored login state.
  const { auth: other } = newApp(cloudbase, env, EMULATOR_URL);
  eq(other.hasLoginState()?.user?.uid, seeded.sub, 'hasLoginState() user.uid in a new app on the same storage');

  ok(await auth.signOut(), 'signOut');
  eq(auth.hasLoginState(), null, 'hasLoginState() after signOut');
  eq(await auth.getLoginState(), null, 'getLoginState() after signOut');
  eq(await auth.getCurrentUser(), null, 'getCurrentUser() after signOut');
});

check('17. isUsernameRegistered and signInWithPassword({username}) for a user made via the dev API', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env);
  eq(await auth.isUsernameRegistered(seeded.username), true, 'isUsernameRegistered(existing)');
  const call = sent('/auth/v1/checkIfUserExist').at(-1);
  assert(call, 'no GET /auth/v1/checkIfUserExist request');
  eq(new URL(call.url).searchParams.get('username'), seeded.username, 'checkIfUserExist username query');
  eq(await auth.isUsernameRegistered(randomUsername()), false, 'isUsernameRegistered(unknown)');

  const { user, session } = ok(await auth.signInWithPassword({ username: seeded.username, password: PASSWORD }), 'signInWithPassword({username})');
  eq(lastBody('/auth/v1/signin').username, seeded.username, '/v1/signin username');
  eq(user?.id, seeded.sub, 'user.id');
  eq(user.user_metadata?.username, seeded.username, 'user_metadata.username');
  eq(claimsOf(session.access_token)?.sub, seeded.sub, 'access_token sub claim');
});

check('18. deleteUser({password}) -> sudo + DELETE /v1/user/me?sudo_token=; the user can no longer sign in', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const { session } = await passwordSignIn(auth, { username: seeded.username });

  const bad = await auth.deleteUser({ password: 'wrong-pass1' });
  assert(bad?.error, 'deleteUser with a wrong password gave no error');
  eq(sent('/auth/v1/user/me').filter((r) => r.method === 'DELETE').length, 0, 'DELETE /v1/user/me after a wrong password');
  ok(await auth.getUser(), 'getUser after a failed deleteUser');

  ok(await auth.deleteUser({ password: PASSWORD }), 'deleteUser');
  const sudo = sent('/auth/v1/user/sudo').at(-1);
  eq(JSON.parse(sudo.body).password, PASSWORD, '/v1/user/sudo body password');
  eq(sudo.auth, `Bearer ${session.access_token}`, 'Authorization of /v1/user/sudo');
  const sudoToken = JSON.parse(sudo.response || '{}').sudo_token;
  const del = sent('/auth/v1/user/me').filter((r) => r.method === 'DELETE');
  eq(del.length, 1, 'number of DELETE /v1/user/me requests');
  eq(new URL(del[0].url).searchParams.get('sudo_token'), sudoToken, 'DELETE /v1/user/me sudo_token');
  eq(del[0].auth, `Bearer ${session.access_token}`, 'Authorization of DELETE /v1/user/me');

  await assertRevoked(session.access_token, 'after deleteUser');
  localStorage.clear();
  const { auth: fresh } = newApp(cloudbase, env, EMULATOR_URL);
  const byName = await fresh.signInWithPassword({ username: seeded.username, password: PASSWORD });
  assert(byName?.error, 'the deleted user still signs in with its username', byName?.data?.user?.id);
  const byPhone = await fresh.signInWithPassword({ phone: seeded.phone, password: PASSWORD });
  assert(byPhone?.error, 'the deleted user still signs in with its phone', byPhone?.data?.user?.id);
  eq(await fresh.isUsernameRegistered(seeded.username), false, 'isUsernameRegistered after deleteUser');
});

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  console.log(`conformance: real @cloudbase/js-sdk against ${EMULATOR_URL} (run ${RUN_ID})`);
  let up = false;
  try {
    up = await health();
  } catch (e) {
    console.log(`FAIL  emulator health: ${e?.cause?.message || e.message}`);
  }
  if (!up) {
    console.log(`the emulator does not answer at ${EMULATOR_URL}/emulator/v1/health; start it with scripts/emulator.sh start`);
    return false;
  }
  const { cloudbase, version } = loadCloudbase();
  console.log(`loaded @cloudbase/js-sdk ${version}\n`);
  return runAll({ cloudbase });
}

main().then(
  (allPassed) => process.exit(allPassed ? 0 : 1),
  (e) => {
    console.error(e?.stack || e);
    process.exit(1);
  },
);
