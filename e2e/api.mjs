// The npm package's JS API in headless Chromium against the emulator: the v3 methods beyond
// the demo's flows, the v2 methods, AuthError, and listener robustness. Each check runs in the
// page (`import('/pkg/index.js')` from the demo server) with its own env id.
//   WWW_URL=http://127.0.0.1:8798 EMULATOR_URL=http://127.0.0.1:8797 node e2e/api.mjs
import { chromium } from 'playwright-core';

const WWW_URL = process.env.WWW_URL || 'http://127.0.0.1:8080';
const EMULATOR_URL = process.env.EMULATOR_URL || 'http://127.0.0.1:8787';

// Runs inside the page. Returns a list of {name, ok, detail}.
async function suite(emulator) {
  const { default: cloudbase, isAuthError, AuthError } = await import('/pkg/index.js');
  const results = [];
  const rand = (n) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b % 10).join('');
  const phone = () => `+86 139${rand(8)}`;
  const newEnv = () => `api-${rand(8)}`;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const fail = (msg) => { throw new Error(msg); };
  const expect = (cond, msg) => { if (!cond) fail(msg); };
  const ok = (r, what) => {
    if (r.error) fail(`${what}: ${r.error.code}: ${r.error.message}`);
    return r.data;
  };
  async function code(to) {
    const r = await fetch(`${emulator}/emulator/v1/inbox?to=${encodeURIComponent(to)}`);
    const j = await r.json();
    expect(j.messages.length > 0, `no code sent to ${to}`);
    return j.messages[0].code;
  }
  async function devUser(env, fields) {
    const r = await fetch(`${emulator}/emulator/v1/users?client_id=${env}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fields),
    });
    const j = await r.json();
    expect(!j.error, `dev user: ${JSON.stringify(j)}`);
    return j;
  }
  function client(env) {
    localStorage.clear();
    return cloudbase.init({ env, apiOrigin: emulator }).auth;
  }
  async function signedUp(auth, password = 'abc12345') {
    const p = phone();
    const { verifyOtp } = ok(await auth.signUp({ phone: p, password }), 'signUp');
    const d = ok(await verifyOtp({ token: await code(p) }), 'verifyOtp');
    return { phone: p, password, user: d.user, session: d.session };
  }
  async function check(name, fn) {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (e) {
      results.push({ name, ok: false, detail: String((e && e.stack) || e) });
    }
  }

  await check('init is synchronous; app.auth is also callable; env is required', async () => {
    const app = cloudbase.init({ env: newEnv(), apiOrigin: emulator });
    expect(app.auth === app.auth(), 'app.auth() is app.auth');
    let threw = false;
    try { cloudbase.init({}); } catch (e) { threw = e instanceof TypeError; }
    expect(threw, 'init({}) throws a TypeError');
  });

  await check('registerEndPointWithKey / registerHost point auth at the service (the core parses the URL)', async () => {
    const { host, protocol } = new URL(emulator);
    const proto = protocol.replace(/:$/, '');
    const byKey = cloudbase.init({ env: newEnv() });
    byKey.registerEndPointWithKey({ key: 'GATEWAY', url: `//${host}/v1`, protocol: proto });
    ok(await byKey.auth.signInAnonymously(), 'signInAnonymously after registerEndPointWithKey');
    const byHost = cloudbase.init({ env: newEnv() });
    byHost.registerHost(host, proto);
    ok(await byHost.auth.signInAnonymously(), 'signInAnonymously after registerHost');
  });

  await check('errors are AuthError instances with a stable code; data never null', async () => {
    const auth = client(newEnv());
    const r = await auth.signInWithPassword({ phone: phone(), password: 'abc12345' });
    expect(r.error instanceof AuthError && r.error instanceof Error, 'an AuthError');
    expect(isAuthError(r.error) && r.error.code === 'not_found', `code ${r.error && r.error.code}`);
    expect(r.data && r.data.user === null && r.data.session === null, 'data with nulls');
    const bad = await auth.signUp({ phone: '12ab' });
    expect(bad.error.code === 'invalid_phone', `invalid phone: ${bad.error.code}`);
    const cyclic = {}; cyclic.self = cyclic;
    const c = await auth.signUp(cyclic);
    expect(c.error && c.error.code === 'internal', `cyclic arguments: ${c.error && c.error.code}`);
    // The deepest argument the bridge reads (127 levels, walked by serde) fits the shipped
    // module's stack, and the module still answers afterwards.
    let deep = 'x';
    for (let i = 0; i < 127; i++) deep = [deep];
    const d = await auth.updateUser({ nickname: 'n', password: deep });
    expect(d.error && d.error.code === 'invalid_argument', `deep arguments: ${d.error && d.error.code}`);
    const after = await auth.signUp({ phone: '12ab' });
    expect(after.error && after.error.code === 'invalid_phone', 'the module answers after a deep argument');
  });

  await check('getClaims, refreshUser, updateUser (+USER_UPDATED), getUserIdentities', async () => {
    const auth = client(newEnv());
    const events = [];
    auth.onAuthStateChange((e) => events.push(e));
    const none = await auth.getClaims();
    expect(none.error && none.error.code === 'unauthenticated' && none.data.claims === null, 'getClaims signed out');
    const u = await signedUp(auth);
    const claims = ok(await auth.getClaims(), 'getClaims');
    expect(claims.claims.sub === u.user.id && claims.header.alg === 'ES256', 'claims of the token');
    const ru = ok(await auth.refreshUser(), 'refreshUser');
    expect(ru.user.id === u.user.id && ru.session.access_token, 'refreshUser gives user and session');
    const up = ok(await auth.updateUser({ nickname: 'Neo' }), 'updateUser');
    expect(up.user.user_metadata.name === 'Neo', `name after update: ${up.user.user_metadata.name}`);
    const empty = await auth.updateUser({});
    expect(empty.error && empty.error.code === 'invalid_argument', 'updateUser({}) is refused');
    const pw = await auth.updateUser({ password: 'x' });
    expect(pw.error && pw.error.code === 'invalid_argument', 'updateUser({password}) is refused');
    const ids = ok(await auth.getUserIdentities(), 'getUserIdentities');
    expect(Array.isArray(ids.identities), 'identities is a list');
    await sleep(50);
    expect(events.includes('USER_UPDATED'), `events: ${events}`);
  });

  await check('updateUser({email} / {phone}) -> verifyOtp sets the new address (+USER_UPDATED); a wrong code changes nothing', async () => {
    const auth = client(newEnv());
    const events = [];
    auth.onAuthStateChange((e) => events.push(e));
    const u = await signedUp(auth);
    const email = `new-${rand(8)}@example.com`;
    const mixed = await auth.updateUser({ email, nickname: 'Neo' });
    expect(mixed.error && mixed.error.code === 'invalid_argument', 'an address change with profile fields is refused');
    const started = ok(await auth.updateUser({ email }), 'updateUser({email})');
    expect(started.user && started.user.id === u.user.id && started.messageId, 'the current user and a messageId');
    const right = await code(email);
    const wrong = await started.verifyOtp({ email, token: right === '000000' ? '111111' : '000000' });
    expect(wrong.error && /does not match/.test(wrong.error.message), `wrong code: ${wrong.error && wrong.error.message}`);
    expect(!ok(await auth.getUser(), 'getUser').user.email, 'no email after a wrong code');
    const done = ok(await started.verifyOtp({ email, token: right }), 'verifyOtp');
    expect(done.user.email === email && done.user.id === u.user.id, `email after verifyOtp: ${done.user.email}`);
    const p = phone();
    const byPhone = ok(await auth.updateUser({ phone: p }), 'updateUser({phone})');
    const changed = ok(await byPhone.verifyOtp({ phone: p, token: await code(p) }), 'verifyOtp (phone)');
    expect(changed.user.phone === p, `phone after verifyOtp: ${changed.user.phone}`);
    await sleep(50);
    expect(events.filter((e) => e === 'USER_UPDATED').length === 2, `events: ${events}`);
  });

  await check('resend within the gap is rate limited with retryAfter', async () => {
    const auth = client(newEnv());
    const p = phone();
    ok(await auth.signUp({ phone: p }), 'signUp');
    const r = await auth.resend({ phone: p, type: 'signup' });
    expect(r.error && r.error.code === 'resource_exhausted', `resend: ${r.error && r.error.code}`);
    expect(r.error.category === 'RATE_LIMITED' && r.error.retryAfter > 0, `retryAfter ${r.error.retryAfter}`);
  });

  await check('resend gives a messageId that verifyOtp accepts for the new code', async () => {
    const auth = client(newEnv());
    const p = phone();
    const config = (body) => fetch(`${emulator}/emulator/v1/config`, {
      method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const { verifyOtp, messageId: first } = ok(await auth.signUp({ phone: p }), 'signUp');
    await config({ resend_gap_secs: 0 });
    let resent;
    try {
      resent = ok(await auth.resend({ phone: p, type: 'signup' }), 'resend');
    } finally {
      await config({ resend_gap_secs: 30 });
    }
    expect(resent.messageId && resent.messageId !== first, `a new messageId: ${resent.messageId}`);
    const newCode = await code(p);
    const stale = await verifyOtp({ token: newCode });
    expect(stale.error && /does not match/.test(stale.error.message), `the first code's id with the new code: ${stale.error && stale.error.message}`);
    const d = ok(await verifyOtp({ token: newCode, messageId: resent.messageId }), 'verifyOtp with messageId');
    expect(d.session && d.user.phone === p, 'signed up with the resent code');
  });

  await check('resetPasswordForEmail -> updateUser({nonce, password}) -> PASSWORD_RECOVERY, new password works', async () => {
    const env = newEnv();
    const auth = client(env);
    const p = phone();
    await devUser(env, { username: `u${rand(6)}x`, password: 'abc12345', phone_number: p });
    const events = [];
    auth.onAuthStateChange((e) => events.push(e));
    const { updateUser } = ok(await auth.resetPasswordForEmail(p), 'resetPasswordForEmail');
    const d = ok(await updateUser({ nonce: await code(p), password: 'xyz98765' }), 'updateUser');
    expect(d.session && d.user.phone === p, 'signed in after the reset');
    ok(await auth.signOut(), 'signOut');
    const old = await auth.signInWithPassword({ phone: p, password: 'abc12345' });
    expect(old.error && old.error.code === 'invalid_password', 'old password refused');
    ok(await auth.signInWithPassword({ phone: p, password: 'xyz98765' }), 'new password');
    await sleep(50);
    expect(events.includes('PASSWORD_RECOVERY'), `events: ${events}`);
  });

  await check('a sign-in and its SIGNED_IN listener get one session object', async () => {
    const env = newEnv();
    const auth = client(env);
    const p = phone();
    await devUser(env, { username: `u${rand(6)}s`, password: 'abc12345', phone_number: p });
    const heard = [];
    auth.onAuthStateChange((e, s) => heard.push([e, s]));
    const d = ok(await auth.signInWithPassword({ phone: p, password: 'abc12345' }), 'sign in');
    await sleep(50);
    const signedIn = heard.find(([e]) => e === 'SIGNED_IN');
    expect(signedIn && signedIn[1] === d.session, `the listener got the result's session: ${heard.map(([e]) => e)}`);
    expect(d.user === d.session.user && d.user.phone === p && d.session.access_token, 'data.user is the session\'s user');
  });

  await check('reauthenticate -> updateUser({nonce, password}) sets the password', async () => {
    const env = newEnv();
    const auth = client(env);
    const p = phone();
    await devUser(env, { username: `u${rand(6)}y`, password: 'abc12345', phone_number: p });
    ok(await auth.signInWithPassword({ phone: p, password: 'abc12345' }), 'sign in');
    const { updateUser } = ok(await auth.reauthenticate(), 'reauthenticate');
    ok(await updateUser({ nonce: await code(p), password: 'new12345' }), 'updateUser');
    ok(await auth.signOut(), 'signOut');
    ok(await auth.signInWithPassword({ phone: p, password: 'new12345' }), 'new password');
  });

  await check('resetPasswordForOld needs the old password and sets the new one', async () => {
    const auth = client(newEnv());
    const u = await signedUp(auth);
    const wrong = await auth.resetPasswordForOld({ old_password: 'nope12345', new_password: 'new12345' });
    expect(wrong.error && wrong.data.user === null, 'a wrong old password is an error');
    const d = ok(await auth.resetPasswordForOld({ old_password: u.password, new_password: 'new12345' }), 'resetPasswordForOld');
    expect(d.user.id === u.user.id && d.session.access_token, 'user and session');
    ok(await auth.signOut(), 'signOut');
    ok(await auth.signInWithPassword({ phone: u.phone, password: 'new12345' }), 'new password');
  });

  await check('setSession restores a session from its refresh token', async () => {
    const env = newEnv();
    const auth = client(env);
    const u = await signedUp(auth);
    // Storage cleared behind the SDK's back: a client made afterwards (as after a reload) reads
    // it on its first call and finds nobody.
    localStorage.clear();
    const fresh = cloudbase.init({ env, apiOrigin: emulator }).auth;
    const none = ok(await fresh.getSession(), 'getSession');
    expect(none.session === null, 'signed out after clearing storage');
    const d = ok(await fresh.setSession({ access_token: u.session.access_token, refresh_token: u.session.refresh_token }), 'setSession');
    expect(d.user.id === u.user.id && d.session.refresh_token !== u.session.refresh_token, 'new session, same user');
  });

  await check('deleteUser({password}) signs out and the account is gone', async () => {
    const auth = client(newEnv());
    const u = await signedUp(auth);
    const wrong = await auth.deleteUser({ password: 'wrong1234' });
    expect(wrong.error && wrong.error.code === 'invalid_password', `wrong password: ${wrong.error && wrong.error.code}`);
    ok(await auth.deleteUser({ password: u.password }), 'deleteUser');
    expect(ok(await auth.getSession(), 'getSession').session === null, 'signed out');
    const again = await auth.signInWithPassword({ phone: u.phone, password: u.password });
    expect(again.error && again.error.code === 'not_found', `sign-in after delete: ${again.error && again.error.code}`);
  });

  await check('mini-program methods give a clear error', async () => {
    const auth = client(newEnv());
    for (const m of ['signInWithOpenId', 'signInWithPhoneAuth']) {
      const r = await auth[m]();
      expect(r.error && r.error.code === 'unimplemented' && /browsers/.test(r.error.message), m);
    }
  });

  await check('getSession answers from memory and follows every change; an expired one is refreshed', async () => {
    const auth = client(newEnv());
    const { session } = await signedUp(auth);
    const token = async () => (await auth.getSession()).data.session?.access_token ?? null;
    expect((await token()) === session.access_token, 'the new session');
    const refreshed = ok(await auth.refreshSession(), 'refreshSession').session.access_token;
    expect(refreshed !== session.access_token && (await token()) === refreshed, 'the refreshed token at once');
    ok(await auth.updateUser({ nickname: 'Mem' }), 'updateUser');
    const { data } = await auth.getSession();
    expect(data.session.user.user_metadata.nickName === 'Mem' || data.user.user_metadata.name === 'Mem'
      || JSON.stringify(data.user).includes('Mem'), `the updated user at once: ${JSON.stringify(data.user)}`);
    ok(await auth.signOut(), 'signOut');
    expect((await token()) === null, 'signed out at once');
    // A token about to expire (31 s lifetime, 30 s of margin) is refreshed by getSession.
    const config = (body) => fetch(`${emulator}/emulator/v1/config`, {
      method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    }).then((r) => r.json());
    const before = await config({});
    await config({ access_ttl_secs: 31 });
    let short;
    try {
      short = (await signedUp(auth)).session.access_token;
    } finally {
      await config({ access_ttl_secs: before.access_ttl_secs });
    }
    await sleep(1200);
    const after = await token();
    expect(after && after !== short, 'an expired session goes through the refresh');
  });

  await check('v2: getVerification -> signInWithSms (sign-up) -> hasLoginState/getCurrentUser', async () => {
    const env = newEnv();
    const auth = client(env);
    const p = phone();
    const info = await auth.getVerification({ phone_number: p });
    expect(info.verification_id && info.is_user === false, 'a new phone');
    const state = await auth.signInWithSms({ verificationInfo: info, verificationCode: await code(p), phoneNum: p });
    expect(state && state.user.uid && state.user.phoneNumber === p, `login state ${JSON.stringify(state)}`);
    expect(auth.hasLoginState().user.uid === state.user.uid, 'hasLoginState');
    const cu = await auth.getCurrentUser();
    expect(cu.uid === state.user.uid && auth.currentUser.uid === cu.uid, 'getCurrentUser/currentUser');
    ok(await auth.signOut(), 'signOut');
    expect(auth.hasLoginState() === null && (await auth.getLoginState()) === null, 'signed out');
  });

  await check('v2: signIn rejects with the raw error; isUsernameRegistered', async () => {
    const env = newEnv();
    const auth = client(env);
    const name = `user${rand(6)}`;
    await devUser(env, { username: name, password: 'abc12345' });
    let raw = null;
    try { await auth.signIn({ username: name, password: 'nope12345' }); } catch (e) { raw = e; }
    expect(raw && raw.error === 'invalid_password' && raw.error_description, `raw error ${JSON.stringify(raw)}`);
    expect(!(raw instanceof Error), 'v2 rejects with a plain object');
    const state = await auth.signIn({ username: name, password: 'abc12345' });
    expect(state.user.username === name, 'signed in by username');
    expect((await auth.isUsernameRegistered(name)) === true, 'registered');
    expect((await auth.isUsernameRegistered(`free${rand(6)}`)) === false, 'free');
    await auth.signOut();
  });

  await check('a refresh that fails for now is not taken for a sign-out: the next getSession() asks again', async () => {
    const env = newEnv();
    const { user } = await signedUp(client(env));
    // The stored session as a later page finds it: its access token expired.
    const key = `credentials_${env}`;
    const stored = JSON.parse(localStorage.getItem(key));
    stored.expires_at = new Date(Date.now() - 60_000).toISOString();
    localStorage.setItem(key, JSON.stringify(stored));
    // The network fails for the refresh (every attempt), and only for it.
    const real = window.fetch;
    window.fetch = (input, init) => (String((input && input.url) || input).includes('/token')
      ? Promise.reject(new TypeError('Failed to fetch')) : real(input, init));
    const auth = cloudbase.init({ env, apiOrigin: emulator }).auth;
    let first;
    let second;
    try {
      first = await auth.getSession();
      await sleep(50);
      second = await auth.getSession();
    } finally {
      window.fetch = real;
    }
    expect(first.error && first.error.code === 'unreachable', `the refresh failed: ${JSON.stringify(first)}`);
    expect(second.error || second.data.session, `then not signed out: ${JSON.stringify(second)}`);
    const third = ok(await auth.getSession(), 'getSession with the network back');
    expect(third.session && third.session.user.id === user.id, `the session, refreshed: ${JSON.stringify(third)}`);
  });

  await check('null arguments get { data, error } (v2: a rejection with the raw error), never a throw', async () => {
    const auth = client(newEnv());
    const { verifyOtp } = ok(await auth.signInWithOtp({ phone: phone() }), 'signInWithOtp');
    const coded = await verifyOtp(null);
    expect(coded.error && coded.error.code && coded.data, `data.verifyOtp(null): ${JSON.stringify(coded)}`);
    const old = await auth.resetPasswordForOld(null);
    expect(old.error && old.error.code && old.data, `resetPasswordForOld(null): ${JSON.stringify(old)}`);
    for (const m of ['signInWithSms', 'signInWithEmail']) {
      let raw = null;
      try {
        await auth[m](null);
      } catch (e) {
        raw = e;
      }
      expect(raw && raw.error, `${m}(null) rejects with the raw error: ${String(raw)}`);
    }
  });

  await check('a throwing listener does not stop the others; a listener may await the client', async () => {
    const auth = client(newEnv());
    const seen = [];
    const errors = [];
    const onError = (e) => { errors.push(e); e.preventDefault && e.preventDefault(); };
    window.addEventListener('error', onError);
    auth.onAuthStateChange(() => { throw new Error('listener bug'); });
    auth.onAuthStateChange(async (event) => {
      const { data } = await auth.getSession();
      seen.push(`${event}:${!!data.session}`);
    });
    const gone = [];
    const { data: { subscription } } = auth.onAuthStateChange((event) => gone.push(event));
    await sleep(50);
    subscription.unsubscribe();
    ok(await auth.signInAnonymously(), 'signInAnonymously');
    await sleep(100);
    window.removeEventListener('error', onError);
    expect(seen.includes('SIGNED_IN:true'), `seen ${seen}`);
    expect(gone.join() === 'INITIAL_SESSION', `an unsubscribed listener heard ${gone}`);
  });

  return results;
}

// Runs inside a fresh page, before the package is imported: the synchronous login state must
// come from the storage the app chose, never from localStorage behind its back.
async function storedLoginState(emulator) {
  localStorage.clear();
  const env = `ls-${Date.now()}`;
  const expires_at = new Date(Date.now() + 3600e3).toISOString();
  localStorage.setItem(`credentials_${env}`, JSON.stringify({
    token_type: 'Bearer', access_token: 'h.p.s', refresh_token: 'r', expires_in: 3600,
    scope: 'user', sub: 'u1', groups: ['user'], expires_at,
  }));
  localStorage.setItem(`user_info_${env}`, JSON.stringify({
    version: 'localCachev1', content: { sub: 'u1', uid: 'u1', name: 'Local' },
  }));
  const { default: cloudbase } = await import('/pkg/index.js');
  const memoryStore = { getItem: () => null, setItem() {}, removeItem() {} };
  const make = (options) => cloudbase.init({ env, apiOrigin: emulator, ...options }).auth;
  const apps = {
    none: make({ persistence: 'none' }),
    session: make({ persistence: 'session' }),
    custom: make({ storage: memoryStore }),
    local: make({}),
  };
  const state = (auth) => {
    const s = auth.hasLoginState();
    return s ? s.user.uid : null;
  };
  const before = Object.fromEntries(Object.entries(apps).map(([k, a]) => [k, state(a)]));
  for (const auth of Object.values(apps)) await auth.getSession();
  const after = Object.fromEntries(Object.entries(apps).map(([k, a]) => [k, state(a)]));
  return { before, after };
}

// Runs inside a fresh page, before the package is imported: the module's linear memory when
// it is instantiated and after the first getSession() (a stored session read by the core).
// scripts/build-pkg.sh links a 32 KiB stack that shares the first 64 KiB page with the static
// data; the heap then takes one more page.
async function moduleMemory() {
  const W = WebAssembly;
  const seen = {};
  const instantiate = W.instantiate;
  W.instantiate = function hooked(...args) {
    const p = instantiate.apply(this, args);
    p.then((r) => {
      const memory = (r instanceof W.Instance ? r : r.instance).exports.memory;
      Object.assign(seen, { memory, instantiated: memory.buffer.byteLength });
    }, () => {});
    return p;
  };
  localStorage.clear();
  const env = `mem-${Date.now()}`;
  localStorage.setItem(`credentials_${env}`, JSON.stringify({
    token_type: 'Bearer', access_token: 'h.p.s', refresh_token: 'r', expires_in: 3600,
    scope: 'user', sub: 'u1', groups: ['user'], expires_at: new Date(Date.now() + 3600e3).toISOString(),
  }));
  localStorage.setItem(`user_info_${env}`, JSON.stringify({ version: 'localCachev1', content: { sub: 'u1', uid: 'u1' } }));
  const { default: cloudbase } = await import('/pkg/index.js');
  const r = await cloudbase.init({ env, auth: { autoRefreshToken: false } }).auth.getSession();
  return { session: !!(r.data && r.data.session), instantiated: seen.instantiated, afterGetSession: seen.memory && seen.memory.buffer.byteLength };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = 0;
try {
  const page = await browser.newPage();
  page.on('pageerror', () => {}); // the throwing listener's error is expected
  await page.goto(WWW_URL, { waitUntil: 'load' });
  const results = await page.evaluate(suite, EMULATOR_URL);
  // Prints a check's outcome (the first lines of a failure's detail) and counts a failure.
  const report = (r) => {
    console.log(`${r.ok ? 'PASS' : 'FAIL'} ${r.name}`);
    if (!r.ok) {
      failed += 1;
      console.log(`     ${r.detail.split('\n').slice(0, 3).join('\n     ')}`);
    }
  };
  results.forEach(report);
  const add = (r) => { results.push(r); report(r); };
  // The stored login state, in a page of its own (the module must not be loaded yet).
  const fresh = await browser.newPage();
  await fresh.goto(`${WWW_URL}/pkg/package.json`, { waitUntil: 'load' }); // a page without the SDK
  const { before, after } = await fresh.evaluate(storedLoginState, EMULATOR_URL);
  const want = { none: null, session: null, custom: null };
  const good = Object.entries(want).every(([k, v]) => before[k] === v && after[k] === v)
    && before.local === null && after.local === 'u1';
  add({ name: 'hasLoginState reads the storage the app chose (persistence none/session, custom storage)',
    ok: good, detail: `before load ${JSON.stringify(before)}, after ${JSON.stringify(after)}` });
  // The module's memory, in a page of its own (the module must not be loaded yet).
  const memPage = await browser.newPage();
  await memPage.goto(`${WWW_URL}/pkg/package.json`, { waitUntil: 'load' });
  const mem = await memPage.evaluate(moduleMemory);
  const memOk = mem.session && mem.instantiated === 65536 && mem.afterGetSession === 131072;
  add({ name: 'the module starts with one 64 KiB page of memory (stack + static data) and has two after the first getSession',
    ok: memOk, detail: JSON.stringify(mem) });
  console.log(`api: ${results.length - failed} passed, ${failed} failed`);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
