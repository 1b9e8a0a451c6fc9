// Two tabs of one origin in headless Chromium: events reach the other tab, an expired token
// needed by both tabs at the same moment is refreshed once, and a page that changes the stored
// session without this SDK is heard.
//   WWW_URL=http://127.0.0.1:8798 EMULATOR_URL=http://127.0.0.1:8797 node e2e/tabs.mjs
import { chromium } from 'playwright-core';

const WWW_URL = process.env.WWW_URL || 'http://127.0.0.1:8080';
const EMULATOR_URL = process.env.EMULATOR_URL || 'http://127.0.0.1:8787';
const env = `tabs-${Math.random().toString(16).slice(2, 10)}`;
const phone = `+86 139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

let failed = 0;
function check(name, cond, detail) {
  console.log(`${cond ? 'PASS' : 'FAIL'} ${name}${cond ? '' : `: ${detail}`}`);
  if (!cond) failed += 1;
}

// Runs in a page: a client on `env`, recording its events.
async function open({ env, emulator }) {
  const { default: cloudbase } = await import('/pkg/index.js');
  window.events = [];
  // No background refresh: the tabs refresh when a call needs the token.
  window.auth = cloudbase.init({ env, apiOrigin: emulator, auth: { autoRefreshToken: false } }).auth;
  window.auth.onAuthStateChange((event, session) => {
    window.events.push(`${event}:${session ? session.access_token.slice(-8) : '-'}`);
  });
  await new Promise((r) => setTimeout(r, 50));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext();
  const [a, b] = [await context.newPage(), await context.newPage()];
  for (const page of [a, b]) {
    await page.goto(WWW_URL, { waitUntil: 'load' });
    await page.evaluate(open, { env, emulator: EMULATOR_URL });
  }
  const events = (page) => page.evaluate(() => window.events.map((e) => e.split(':')[0]));
  const settle = () => new Promise((r) => setTimeout(r, 300));

  // Tab A signs up (with a token that lives 31 s, of which 30 s are the SDKs' margin: it is
  // expired for them a second later); tab B hears it and sees the session.
  const config = (body) => fetch(`${EMULATOR_URL}/emulator/v1/config`, {
    method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  }).then((r) => r.json());
  const { access_ttl_secs: ttl } = await config({});
  await config({ access_ttl_secs: 31 });
  await a.evaluate(async ({ phone }) => {
    const { data } = await window.auth.signUp({ phone, password: 'abc12345' });
    window.pending = data;
  }, { phone });
  const inbox = await (await fetch(`${EMULATOR_URL}/emulator/v1/inbox?to=${encodeURIComponent(phone)}`)).json();
  const signedIn = await a.evaluate(async (code) => {
    const r = await window.pending.verifyOtp({ token: code });
    return r.error ? r.error.message : r.data.session.access_token;
  }, inbox.messages[0].code);
  await config({ access_ttl_secs: ttl });
  await settle();
  check('tab B hears SIGNED_IN from tab A', (await events(b)).includes('SIGNED_IN'), await events(b));
  const bToken = await b.evaluate(async () => (await window.auth.getSession()).data.session?.access_token);
  check('tab B sees the session of tab A', bToken === signedIn, `${bToken} vs ${signedIn}`);

  // The token expires; both tabs need it at the same moment.
  const firstRefresh = await a.evaluate(async () => (await window.auth.getSession()).data.session?.refresh_token);
  await new Promise((r) => setTimeout(r, 1200));
  const both = await Promise.all([a, b].map((p) => p.evaluate(async () => {
    const rs = await Promise.all([window.auth.getSession(), window.auth.getSession()]);
    return rs.map((r) => (r.error ? `error ${r.error.code}` : r.data.session.refresh_token));
  })));
  const tokens = new Set(both.flat());
  const [token] = [...tokens];
  check('an expired token needed by two tabs at once is refreshed once',
    tokens.size === 1 && token !== firstRefresh && !(token || '').startsWith('error'), JSON.stringify({ firstRefresh, both }));
  await settle();
  const refreshedIn = [(await events(a)).filter((e) => e === 'TOKEN_REFRESHED').length,
    (await events(b)).filter((e) => e === 'TOKEN_REFRESHED').length];
  check('both tabs hear exactly one TOKEN_REFRESHED', refreshedIn[0] === 1 && refreshedIn[1] === 1, refreshedIn);

  // Tab B signs out; tab A hears it and is signed out.
  await b.evaluate(() => window.auth.signOut());
  await settle();
  check('tab A hears SIGNED_OUT from tab B', (await events(a)).includes('SIGNED_OUT'), await events(a));
  const aSession = await a.evaluate(async () => (await window.auth.getSession()).data.session);
  check('tab A is signed out', aSession === null, JSON.stringify(aSession));

  // Tab A reads its user while tab B signs in as someone else: the answer, for the user who
  // was signed in when it was asked, is not paired with the new session (nor stored).
  const user = async (username) => (await fetch(`${EMULATOR_URL}/emulator/v1/users?client_id=${env}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'abc12345' }),
  })).json();
  const signIn = (page, username) => page.evaluate(async (u) => {
    const r = await window.auth.signInWithPassword({ username: u, password: 'abc12345' });
    return r.error ? r.error.code : r.data.user.id;
  }, username);
  const [x, y] = [`tabx${Date.now()}`, `taby${Date.now()}`];
  await user(x);
  await user(y);
  const xId = await signIn(a, x);
  await settle();
  let release;
  const held = new Promise((r) => { release = r; });
  await a.route('**/auth/v1/user/me', async (route) => { await held; await route.continue(); });
  const read = a.evaluate(async () => (await window.auth.getUser()).data.user?.id);
  await new Promise((r) => setTimeout(r, 200));
  const yId = await signIn(b, y);
  await settle();
  release();
  const readId = await read;
  await a.unroute('**/auth/v1/user/me');
  const after = await a.evaluate((e) => ({ stored: localStorage.getItem(`user_info_${e}`) || '' }), env);
  const afterUser = await a.evaluate(async () => (await window.auth.getSession()).data.session?.user.id);
  check('a user read while another tab signed in gives the user it asked for', readId === xId && xId !== yId,
    `${readId} vs ${xId} (the other ${yId})`);
  check('and tab A\'s session stays the new user\'s, in memory and in storage',
    afterUser === yId && after.stored.includes(yId) && !after.stored.includes(xId), JSON.stringify({ afterUser, after, xId, yId }));

  // Another page of the origin changes the stored session without this SDK (the JS SDK, which
  // shares its keys; an app clearing storage): a token refresh, then a sign-out. Both tabs
  // hear them, and getSession() answers the change, not the session it kept.
  const c = await context.newPage();
  await c.goto(WWW_URL, { waitUntil: 'load' });
  const seen = () => Promise.all([a, b].map((p) => p.evaluate(async () => {
    const { data } = await window.auth.getSession();
    return { last: window.events[window.events.length - 1], token: data.session ? data.session.access_token.slice(-16) : null };
  })));
  const written = await c.evaluate((e) => {
    const key = `credentials_${e}`;
    const stored = JSON.parse(localStorage.getItem(key));
    stored.access_token = `${stored.access_token}.js-sdk`;
    localStorage.setItem(key, JSON.stringify(stored));
    return stored.access_token;
  }, env);
  await settle();
  const refreshed = await seen();
  check('a refresh stored by another SDK is TOKEN_REFRESHED in both tabs, with its token',
    refreshed.every((t) => t.last === `TOKEN_REFRESHED:${written.slice(-8)}` && t.token === written.slice(-16)), JSON.stringify(refreshed));
  await c.evaluate((e) => { localStorage.removeItem(`credentials_${e}`); localStorage.removeItem(`user_info_${e}`); }, env);
  await settle();
  const out = await seen();
  check('a sign-out stored by another SDK is SIGNED_OUT in both tabs, and getSession() answers null',
    out.every((t) => t.last === 'SIGNED_OUT:-' && t.token === null), JSON.stringify(out));
} finally {
  await browser.close();
}
console.log(`tabs: ${failed ? `${failed} failed` : 'all passed'}`);
process.exit(failed ? 1 : 0);
