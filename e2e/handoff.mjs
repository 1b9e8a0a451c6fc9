// The session handed from one page of a tab to the next (pkg-template/handoff.js), in headless
// Chromium against the emulator: the next page's first getSession() answers with it before the
// wasm module has loaded, and only while the stored session is exactly the one it was made
// from. The `.wasm` is held back HOLD ms on every load, so an answer that came sooner did not
// come from the module. An answer is read as the hand-off's under HOLD / 2 and as the module's
// from HOLD / 2 on: the page visited (the demo) loads the package itself, so the `.wasm` request
// (and the hold) may start a little before the timed import.
//   WWW_URL=http://127.0.0.1:8798 EMULATOR_URL=http://127.0.0.1:8797 node e2e/handoff.mjs
import { chromium } from 'playwright-core';

const WWW_URL = process.env.WWW_URL || 'http://127.0.0.1:8080';
const EMULATOR_URL = process.env.EMULATOR_URL || 'http://127.0.0.1:8787';
const HOLD = 1500;
const SPLIT = HOLD / 2;
const rand = () => Math.random().toString(16).slice(2, 10);

let failed = 0;
function check(name, cond, detail) {
  console.log(`${cond ? 'PASS' : 'FAIL'} ${name}${cond ? '' : `: ${detail}`}`);
  if (!cond) failed += 1;
}

async function emulator(method, path, body) {
  const res = await fetch(`${EMULATOR_URL}${path}`, {
    method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body),
  });
  return res.json();
}

// Runs in the page: a client on `env` (with the app's own storage object when `custom`), and
// how long after the import its first getSession() answered, with what.
async function open({ env, emulator, custom }) {
  const t = performance.now();
  const { default: cloudbase } = await import('/pkg/index.js');
  const storage = custom ? {
    getItem: (k) => localStorage.getItem(`custom:${k}`),
    setItem: (k, v) => localStorage.setItem(`custom:${k}`, v),
    removeItem: (k) => localStorage.removeItem(`custom:${k}`),
  } : undefined;
  window.auth = cloudbase.init({ env, apiOrigin: emulator, storage, auth: { autoRefreshToken: false } }).auth;
  const { data, error } = await window.auth.getSession();
  return { ms: performance.now() - t, session: data.session, error: error && error.code };
}

// The hand-offs kept in the tab for `env`.
const handoffKeys = (page, env) => page.evaluate((e) => Object.keys(sessionStorage)
  .filter((k) => k.startsWith(`cloudbase_auth_wasm_handoff:${e}:`)), env);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  let hold = false;
  await page.route('**/*.wasm', async (route) => {
    if (hold) await new Promise((r) => setTimeout(r, HOLD));
    await route.continue();
  });
  const visit = async (opts) => {
    await page.goto(WWW_URL, { waitUntil: 'load' });
    return page.evaluate(open, { emulator: EMULATOR_URL, ...opts });
  };
  const signIn = (username) => page.evaluate(async (u) => {
    const r = await window.auth.signInWithPassword({ username: u, password: 'abc12345' });
    return r.error ? r.error.code : r.data.session;
  }, username);

  // A signed-in page, then the next page of the tab with the module held back.
  const env = `handoff-${rand()}`;
  const username = `hand${rand()}`;
  await emulator('POST', `/emulator/v1/users?client_id=${env}`, { username, password: 'abc12345' });
  await visit({ env });
  const session = await signIn(username);
  check('signed in', typeof session === 'object' && session.access_token, session);
  hold = true;
  const next = await visit({ env });
  check('the next page answers its first getSession() before the module loads',
    next.ms < SPLIT && !next.error, `${next.ms.toFixed(0)} ms, error ${next.error}`);
  check('with the session of the previous page', JSON.stringify(next.session) === JSON.stringify(session),
    `${JSON.stringify(next.session)} vs ${JSON.stringify(session)}`);
  const core = await page.evaluate(async () => (await window.auth.getUser()).data.user);
  check('and the module, once loaded, has the same user', core && core.id === session.user.id, JSON.stringify(core));

  // The page goes away (its hand-off is kept), then another tab refreshes the session: the
  // stored texts change, the hand-off no longer counts.
  await page.goto('about:blank');
  const other = await context.newPage();
  await other.goto(WWW_URL, { waitUntil: 'load' });
  await other.evaluate(open, { env, emulator: EMULATOR_URL });
  const refreshed = await other.evaluate(async () => (await window.auth.refreshSession()).data.session);
  await other.close();
  const after = await visit({ env });
  check('after another tab refreshed, the first getSession() waits for the module',
    after.ms >= SPLIT, `${after.ms.toFixed(0)} ms`);
  check('and gives the refreshed session', after.session && after.session.access_token === refreshed.access_token,
    `${after.session && after.session.access_token} vs ${refreshed.access_token}`);

  // A session that expires after its page went away is not answered from the hand-off: the
  // module refreshes it.
  const { access_ttl_secs: ttl } = await emulator('PATCH', '/emulator/v1/config', {});
  await emulator('PATCH', '/emulator/v1/config', { access_ttl_secs: 32 });
  const short = await page.evaluate(async () => (await window.auth.refreshSession()).data.session);
  await emulator('PATCH', '/emulator/v1/config', { access_ttl_secs: ttl });
  await page.goto('about:blank');
  await new Promise((r) => setTimeout(r, 2200));
  const expired = await visit({ env });
  check('an expired hand-off waits for the module, which refreshes the session',
    expired.ms >= SPLIT && expired.session && expired.session.access_token !== short.access_token,
    `${expired.ms.toFixed(0)} ms, ${JSON.stringify(expired.session)}`);

  // Signing out forgets the hand-off at once; the next page is signed out.
  await page.evaluate(() => window.auth.signOut());
  check('signing out forgets the hand-off', (await handoffKeys(page, env)).length === 0, await handoffKeys(page, env));
  const out = await visit({ env });
  check('the page after a sign-out is signed out', out.session === null && !out.error, JSON.stringify(out));

  // An app's own storage object: the entry does not read it, nothing is handed over.
  hold = false;
  const env2 = `handoff-${rand()}`;
  await emulator('POST', `/emulator/v1/users?client_id=${env2}`, { username, password: 'abc12345' });
  await visit({ env: env2, custom: true });
  await signIn(username);
  await page.goto(WWW_URL, { waitUntil: 'load' });
  check('nothing is handed over from an app\'s own storage', (await handoffKeys(page, env2)).length === 0, await handoffKeys(page, env2));
} finally {
  await browser.close();
}
console.log(`handoff: ${failed ? `${failed} failed` : 'all passed'}`);
process.exit(failed ? 1 : 0);
