// The package API in headless Chromium against what an app may get wrong or the network may
// do: arguments whose reading throws, a configuration of the wrong type, the v2 login state
// while the service cannot be reached, the module that cannot be downloaded, the requests'
// timeout; the v2
// `getCurrentUser()` asking for the user, and the v2 `getAccessToken()`.
//   WWW_URL=http://127.0.0.1:8798 EMULATOR_URL=http://127.0.0.1:8797 node e2e/robust.mjs
import { EMULATOR_URL, check, createUser, finish, launch, openAuth } from './checks.mjs';

const env = `robust-${Math.random().toString(16).slice(2, 10)}`;
const username = `robust${Date.now()}`;

const browser = await launch();
try {
  await createUser(env, username);
  const { page, errors } = await openAuth(browser, env, { autoRefreshToken: false });

  // 1. Arguments whose reading runs the app's code, and it throws (a getter, a proxy): each
  // call fails with `internal`, however often, and the client goes on working (an exception
  // thrown while the module read them left its stack behind: after ~100, every call failed).
  const refused = await page.evaluate(async () => {
    const seen = new Set();
    const bad = [{ get username() { throw new Error('no name'); } },
      new Proxy({}, { ownKeys() { throw new Error('no keys'); } })];
    for (let i = 0; i < 300; i++) {
      for (const params of bad) {
        const r = await window.auth.signInWithPassword(params);
        seen.add(r.error ? `${r.error.code}: ${r.error.message}` : 'no error');
      }
    }
    return [...seen];
  });
  check('arguments that throw while read fail with internal and their own message, 600 times',
    refused.length === 2 && refused.every((m) => /^internal: no (name|keys)$/.test(m)), refused);
  const signedIn = await page.evaluate(async (u) => {
    const r = await window.auth.signInWithPassword({ username: u, password: 'abc12345' });
    return { id: r.data.user && r.data.user.id, error: r.error && r.error.message };
  }, username);
  check('and the client still signs in', !!signedIn.id && !signedIn.error, signedIn);
  // What the module read before is still read: getters of a class, fields of a prototype.
  const inherited = await page.evaluate(async (u) => {
    class Credentials { get username() { return u; } get password() { return 'abc12345'; } }
    const r = [await window.auth.signInWithPassword(new Credentials()),
      await window.auth.signInWithPassword(Object.create({ username: u, password: 'abc12345' }))];
    return r.map((x) => (x.error ? x.error.message : x.data.user.id));
  }, username);
  check('arguments with inherited getters and fields sign in as before',
    inherited.every((id) => id === signedIn.id), inherited);

  // 2. v2 getCurrentUser() asks the service for the user first, as the original does.
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/auth/v1/user/me')) asked.push(r.method()); });
  const current = await page.evaluate(async () => (await window.auth.getCurrentUser())?.uid);
  check('getCurrentUser() fetches /v1/user/me and gives the user', asked.length === 1 && current === signedIn.id, { asked, current });

  // 3. v2 getLoginState() while the token needs refreshing and the service cannot be reached:
  // `null`, as in the original (it rejected with `unreachable`). A token that lives 31 s, of
  // which 30 s are the SDK's margin, is expired for it a second later.
  const config = (body) => fetch(`${EMULATOR_URL}/emulator/v1/config`, {
    method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  }).then((r) => r.json());
  const { access_ttl_secs: ttl } = await config({});
  await config({ access_ttl_secs: 31 });
  await page.evaluate((u) => window.auth.signInWithPassword({ username: u, password: 'abc12345' }), username);
  await config({ access_ttl_secs: ttl });
  await new Promise((r) => setTimeout(r, 1200));
  await page.route('**/auth/v1/token*', (route) => route.abort());
  const offline = await page.evaluate(async () => {
    try {
      return await window.auth.getLoginState();
    } catch (e) {
      return `rejected ${JSON.stringify(e)}`;
    }
  });
  check('getLoginState() resolves null while the token cannot be refreshed', offline === null, offline);
  const noToken = await page.evaluate(() => window.auth.getAccessToken().then(() => 'resolved', (e) => e));
  check('getAccessToken() rejects with the raw error while the token cannot be refreshed',
    noToken.error === 'unreachable' && !(noToken instanceof Error), noToken);
  await page.unroute('**/auth/v1/token*');

  // 3b. v2 getAccessToken(): the expired token refreshed first, with the environment id; and
  // `unauthenticated` once signed out. getUserInfo() is getCurrentUser().
  const refreshes = [];
  page.on('request', (r) => { if (r.url().includes('/auth/v1/token')) refreshes.push(r.url()); });
  const token = await page.evaluate(async () => {
    const before = JSON.parse(localStorage.getItem(Object.keys(localStorage).find((k) => k.startsWith('credentials_'))));
    const t = await window.auth.getAccessToken();
    const s = (await window.auth.getSession()).data.session;
    return { t, before: before.access_token, now: s.access_token, info: (await window.auth.getUserInfo())?.uid };
  });
  check('getAccessToken() refreshes the expired token and gives { accessToken, env }',
    refreshes.length === 1 && token.t.accessToken === token.now && token.now !== token.before && token.t.env === env,
    { refreshes, token });
  check('getUserInfo() gives the user', token.info === signedIn.id, token.info);
  const out = await page.evaluate(async () => {
    await window.auth.signOut();
    return window.auth.getAccessToken().then(() => 'resolved', (e) => e);
  });
  check('getAccessToken() signed out rejects with unauthenticated', out.error === 'unauthenticated', out);

  // 4. A configuration the module refuses: hasLoginState() answers null instead of throwing,
  // and calls fail with the module's error.
  const bad = await page.evaluate(async ({ env, emulator }) => {
    const auth = window.cloudbase.init({ env: `${env}-bad`, apiOrigin: emulator, auth: { autoRefreshToken: 'no' } }).auth;
    await auth.getSession();
    let state;
    try {
      state = auth.hasLoginState();
    } catch (x) {
      state = `threw ${x.message}`;
    }
    const r = await auth.signInAnonymously();
    // Options given again before the client is made count: the next call uses them.
    auth({ autoRefreshToken: false });
    const again = await auth.signInAnonymously();
    return { state, code: r.error && r.error.code, again: again.error ? again.error.code : 'signed in' };
  }, { env, emulator: EMULATOR_URL });
  check('a refused configuration: hasLoginState() is null, calls fail with invalid_argument',
    bad.state === null && bad.code === 'invalid_argument', bad);
  check('and corrected options are used by the next call', bad.again === 'signed in', bad);
  check('no page errors', errors.length === 0, errors);

  // 5. The module cannot be downloaded (offline): calls fail with `unreachable`, and once the
  // network is back the next call loads it. Something thrown that has no message (an object
  // without a prototype) is still an `internal` error, not a rejection.
  const cut = await browser.newContext();
  await cut.route('**/*.wasm', (route) => route.abort('internetdisconnected'));
  const { page: away, errors: awayErrors } = await openAuth(browser, env, { autoRefreshToken: false }, cut);
  const codes = await away.evaluate(async () => {
    window.heard = [];
    window.auth.onAuthStateChange((event) => window.heard.push(event));
    return [(await window.auth.getSession()).error?.code, (await window.auth.getSession()).error?.code];
  });
  await cut.unroute('**/*.wasm');
  const back = await away.evaluate(async () => {
    const r = await window.auth.getSession();
    const odd = await window.auth.signInWithCustomTicket(() => { throw Object.create(null); })
      .then((x) => x.error && x.error.code, (e) => `rejected ${e}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { error: r.error && r.error.code, session: r.data.session, odd, heard: window.heard };
  });
  check('a module that cannot be downloaded fails calls with unreachable, each time',
    codes.every((c) => c === 'unreachable'), codes);
  check('and the next call once the network is back loads it', !back.error && back.session === null, back);
  check('a listener added while offline hears INITIAL_SESSION once the module has loaded',
    back.heard.join() === 'INITIAL_SESSION', back);
  check('a thrown value without a message is an internal error', back.odd === 'internal', back);
  // A page that only listens makes no call: the browser's coming back online loads the module.
  await cut.route('**/*.wasm', (route) => route.abort('internetdisconnected'));
  const { page: listening, errors: listeningErrors } = await openAuth(browser, env, { autoRefreshToken: false }, cut);
  await listening.evaluate(async () => {
    window.heard = [];
    window.auth.onAuthStateChange((event) => window.heard.push(event));
    await new Promise((resolve) => setTimeout(resolve, 300));
  });
  await cut.unroute('**/*.wasm');
  const online = await listening.evaluate(async () => {
    const before = [...window.heard];
    window.dispatchEvent(new Event('online'));
    for (let i = 0; i < 100 && !window.heard.length; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    return { before, heard: window.heard };
  });
  check('a page that only listens loads the module once the browser is back online, and hears INITIAL_SESSION',
    online.before.length === 0 && online.heard.join() === 'INITIAL_SESSION', online);
  check('no page errors in the listening page', listeningErrors.length === 0, listeningErrors);
  await listening.close();
  // 6. Every request carries a signal that abandons it after 15 s (the JS SDK's default
  // timeout), so that a request the network swallowed never holds a refresh, and its lock,
  // for as long as the browser would wait.
  const signal = await away.evaluate(async () => {
    const fetch = window.fetch;
    window.fetch = (url, init) => {
      window.signals = [...(window.signals || []), init && init.signal];
      return fetch(url, init);
    };
    const r = await window.auth.signInAnonymously();
    window.fetch = fetch;
    const s = window.signals;
    return { error: r.error && r.error.code, n: s.length, fresh: s.every((x) => x instanceof AbortSignal && !x.aborted) };
  });
  check('requests carry a timeout signal', !signal.error && signal.n === 2 && signal.fresh, signal);
  await away.waitForTimeout(15200);
  const timedOut = await away.evaluate(() => window.signals.map((x) => x.aborted && x.reason && x.reason.name));
  check('which aborts 15 s later', timedOut.every((x) => x === 'TimeoutError'), timedOut);
  // `init({ timeout })` sets that time; a request the network swallowed fails after it, once.
  const short = await away.evaluate(async ({ env, emulator }) => {
    const auth = window.cloudbase.init({ env: `${env}-t`, apiOrigin: emulator, timeout: 1000 }).auth;
    const fetch = window.fetch;
    let sent = 0;
    window.fetch = (url, init) => {
      sent += 1;
      return new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
    };
    const t = performance.now();
    const r = await auth.signInAnonymously();
    window.fetch = fetch;
    return { error: r.error && r.error.code, ms: performance.now() - t, sent };
  }, { env, emulator: EMULATOR_URL });
  check('init({ timeout: 1000 }) abandons a swallowed request after 1 s as unreachable, not sent again',
    short.error === 'unreachable' && short.ms >= 990 && short.ms < 4000 && short.sent === 1, short);
  check('no page errors offline', awayErrors.length === 0, awayErrors);
} finally {
  await browser.close();
}
finish('robust');
