// The session handed from one page to the next (pkg-template/handoff.js), in headless Chromium
// against the emulator: the next page's first getSession(), in the same tab or another, answers
// with it before the wasm module has loaded, and only while the stored session is exactly the
// one it was made from; a page that answered so hears of another tab's sign-out. A signed-out
// page hands its state over too, and a page that answered signed-out hears another tab's
// sign-in. The v2 `hasLoginState()` answers with the hand-off's user, synchronously, while the
// hand-off counts. The `.wasm` is held back HOLD ms on every load, so an answer that came
// sooner did not come from the module. An answer is read as the hand-off's under HOLD / 2 and
// as the module's from HOLD / 2 on: the page visited (the demo) loads the package itself, so
// the `.wasm` request (and the hold) may start a little before the timed import.
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
  // The v2 login state at once, synchronously, as a page-start guard asks it.
  const early = window.auth.hasLoginState();
  const { data, error } = await window.auth.getSession();
  return { ms: performance.now() - t, session: data.session, error: error && error.code, early: early && early.user.uid };
}

// The hand-offs kept for `env` (beside the session, in localStorage).
const handoffKeys = (page, env) => page.evaluate((e) => Object.keys(localStorage)
  .filter((k) => k.startsWith(`cloudbase_auth_wasm_handoff:${e}:`)), env);
// The hand-off kept for `env`: `none`, `matches` (made from what the storage holds now) or
// `stale`.
const handoffState = (page, env) => page.evaluate((e) => {
  const text = localStorage.getItem(`cloudbase_auth_wasm_handoff:${e}:${e}:local`);
  if (!text) return 'none';
  return JSON.parse(text).values.every((v) => localStorage.getItem(v.key) === v.text) ? 'matches' : 'stale';
}, env);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  let hold = false;
  await context.route('**/*.wasm', async (route) => {
    if (hold) await new Promise((r) => setTimeout(r, HOLD));
    await route.continue();
  });
  const visit = async (opts) => {
    await page.goto(WWW_URL, { waitUntil: 'load' });
    return page.evaluate(open, { emulator: EMULATOR_URL, ...opts });
  };
  const signIn = (username, on = page) => on.evaluate(async (u) => {
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
  check('and its hasLoginState(), at once and synchronously, the user of the previous page',
    next.early === session.user.id, `${next.early} vs ${session.user.id}`);
  const login = await page.evaluate(async () => {
    const state = await window.auth.getLoginState();
    return state && state.user.uid;
  });
  check('getLoginState() there gives the signed-in user (waiting for the module)', login === session.user.id,
    `${login} vs ${session.user.id}`);
  const core = await page.evaluate(async () => (await window.auth.getUser()).data.user);
  check('and the module, once loaded, has the same user', core && core.id === session.user.id, JSON.stringify(core));

  // The page goes away (its hand-off is kept), then another tab, still open, refreshes the
  // session: the stored texts change, the hand-off no longer counts and is removed.
  await page.goto('about:blank');
  const other = await context.newPage();
  await other.goto(WWW_URL, { waitUntil: 'load' });
  await other.evaluate(open, { env, emulator: EMULATOR_URL });
  const kept = await handoffState(other, env);
  check('the page that went away kept its hand-off in localStorage', kept === 'matches', kept);
  const refreshed = await other.evaluate(async () => (await window.auth.refreshSession()).data.session);
  const stale = await handoffState(other, env);
  check('another tab\'s refresh leaves the kept hand-off stale', stale === 'stale', stale);
  const after = await visit({ env });
  check('after another tab refreshed, the first getSession() waits for the module',
    after.ms >= SPLIT, `${after.ms.toFixed(0)} ms`);
  check('and gives the refreshed session', after.session && after.session.access_token === refreshed.access_token,
    `${after.session && after.session.access_token} vs ${refreshed.access_token}`);
  check('and hasLoginState() before the module loads is null, not the stale hand-off\'s', after.early === null, after.early);
  check('and the stale hand-off is removed', (await handoffKeys(page, env)).length === 0, await handoffKeys(page, env));
  await other.close();

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

  // A new tab (nothing in its sessionStorage) answers from the hand-off the last page left.
  await page.goto('about:blank');
  const tab = await context.newPage();
  await tab.goto(WWW_URL, { waitUntil: 'load' });
  const fromTab = await tab.evaluate(open, { env, emulator: EMULATOR_URL });
  check('a new tab answers its first getSession() from the hand-off before the module loads',
    fromTab.ms < SPLIT && !fromTab.error, `${fromTab.ms.toFixed(0)} ms, error ${fromTab.error}`);
  check('with the session the last page had', fromTab.session && fromTab.session.access_token === expired.session.access_token,
    JSON.stringify(fromTab.session));

  // An unreadable hand-off is removed; the module answers.
  await tab.evaluate((e) => localStorage.setItem(`cloudbase_auth_wasm_handoff:${e}:${e}:local`, '{"values":[nul'), env);
  const unreadable = await visit({ env });
  check('an unreadable hand-off leaves the first getSession() to the module, with the session',
    unreadable.ms >= SPLIT && unreadable.session && unreadable.session.access_token === expired.session.access_token,
    `${unreadable.ms.toFixed(0)} ms, ${JSON.stringify(unreadable.session)}`);
  check('and is removed', (await handoffKeys(page, env)).length === 0, await handoffKeys(page, env));

  // Signing out forgets the hand-off at once; the next page is signed out, and the tab that
  // answered from the hand-off (its client not made) hears of it through the storage.
  await page.evaluate(() => window.auth.signOut());
  check('signing out forgets the hand-off', (await handoffKeys(page, env)).length === 0, await handoffKeys(page, env));
  const heard = await tab.evaluate(async () => {
    for (let i = 0; i < 100; i++) {
      const { data } = await window.auth.getSession();
      if (data.session === null) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  });
  check('a tab answered from the hand-off is signed out by another tab\'s sign-out', heard, 'it still answers with the session after 5 s');
  await tab.close();
  const out = await visit({ env });
  check('the page after a sign-out is signed out', out.session === null && !out.error, JSON.stringify(out));
  check('and answers from the signed-out hand-off, before the module loads', out.ms < SPLIT, `${out.ms.toFixed(0)} ms`);

  // A page that answered signed-out from the hand-off (its client not made) hears another
  // tab's sign-in: its next getSession() goes to the module, which reads the new session.
  const signer = await context.newPage();
  await signer.goto(WWW_URL, { waitUntil: 'load' });
  await signer.evaluate(open, { env, emulator: EMULATOR_URL });
  const theirs = await signIn(username, signer);
  const seen = await page.evaluate(async () => {
    for (let i = 0; i < 100; i++) {
      const { data } = await window.auth.getSession();
      if (data.session) return data.session.access_token;
      await new Promise((r) => setTimeout(r, 50));
    }
    return null;
  });
  check('a page answered signed-out from the hand-off hears another tab\'s sign-in',
    seen && seen === theirs.access_token, `${seen} vs ${theirs && theirs.access_token}`);
  await signer.evaluate(() => window.auth.signOut());
  await signer.close();

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
