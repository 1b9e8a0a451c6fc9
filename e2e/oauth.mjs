// OAuth in headless Chromium with real redirects: the page goes to the emulator's fake
// provider and comes back with `code` and `state`; `auth.detectSessionInUrl` finishes the
// sign-in (or the identity link) on load and puts the URL back as it was. The app page and
// pkg/ are served from a temporary directory by scripts/static-server.mjs.
//   EMULATOR_URL=http://127.0.0.1:8797 node e2e/oauth.mjs
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from '../scripts/static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EMULATOR_URL = process.env.EMULATOR_URL || 'http://127.0.0.1:8787';
const env = `oauth-${Math.random().toString(16).slice(2, 10)}`;
const who = `alice-${Math.random().toString(16).slice(2, 8)}`;

let failed = 0;
function check(name, cond, detail) {
  console.log(`${cond ? 'PASS' : 'FAIL'} ${name}${cond ? '' : `: ${JSON.stringify(detail)}`}`);
  if (!cond) failed += 1;
}

// The app page: a client with detectSessionInUrl that records every event with its session
// and info.
const APP = (emulator, env) => `<!doctype html><meta charset="utf-8"><title>oauth app</title>
<script type="module">
  import cloudbase from '/pkg/index.js';
  const env = ${JSON.stringify(env)};
  window.events = [];
  window.auth = cloudbase.init({ env, apiOrigin: ${JSON.stringify(emulator)}, auth: { detectSessionInUrl: true } }).auth;
  window.auth.onAuthStateChange((event, session, info) => {
    window.events.push({ event, user: session && session.user && session.user.user_metadata.name,
      info: info ? { data: info.data, error: info.error && info.error.code } : null });
  });
  window.ready = window.auth.getSession();
</script>`;

// An app page that only asks getSession() on load: no listener, nothing else makes the client.
const PLAIN = (emulator, env) => `<!doctype html><meta charset="utf-8"><title>plain app</title>
<script type="module">
  import cloudbase from '/pkg/index.js';
  const env = ${JSON.stringify(env)};
  window.auth = cloudbase.init({ env, apiOrigin: ${JSON.stringify(emulator)}, auth: { detectSessionInUrl: true } }).auth;
  window.ready = window.auth.getSession();
</script>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const dir = await mkdtemp(path.join(tmpdir(), 'oauth-e2e-'));
await writeFile(path.join(dir, 'app.html'), APP(EMULATOR_URL, env));
await writeFile(path.join(dir, 'plain.html'), PLAIN(EMULATOR_URL, env));
await symlink(path.join(ROOT, 'pkg'), path.join(dir, 'pkg'));
const server = await serveStatic(dir);
const WWW_URL = `http://127.0.0.1:${server.address().port}`;
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const appUrl = `${WWW_URL}/app.html`;
  const settled = async () => {
    await page.waitForFunction(() => window.ready);
    await page.evaluate(() => window.ready);
    await page.waitForTimeout(150);
  };
  const state = () => page.evaluate(() => ({
    href: location.href,
    saved: Object.keys(sessionStorage).filter((k) => k.startsWith('prd-')),
    events: window.events,
  }));

  // 1. Sign-in: the page leaves for the provider and comes back signed in.
  await page.goto(`${appUrl}?tab=2#top`, { waitUntil: 'load' });
  await settled();
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/app.html' && u.searchParams.has('code'), { waitUntil: 'commit' }),
    page.evaluate((who) => window.auth.signInWithOAuth({
      provider: 'fake', options: { queryParams: { login_hint: who } },
    }), who),
  ]);
  await page.waitForLoadState('load');
  await settled();
  let s = await state();
  const session = await page.evaluate(async () => (await window.auth.getSession()).data.session);
  check('the callback signs in the provider identity', session && session.user.user_metadata.name === who, session && session.user);
  check('the URL is back to what it was (no code, no state)', s.href === `${appUrl}?tab=2#top`, s.href);
  check('the OAuth state is used up', s.saved.length === 0, s.saved);
  check('listeners at load hear SIGNED_IN for the callback',
    s.events.some((e) => e.event === 'SIGNED_IN' && e.user === who && e.info && e.info.error === null), s.events);
  const ids = await page.evaluate(async () => (await window.auth.getUserIdentities()).data.identities);
  check('the user has the fake identity', Array.isArray(ids) && ids.some((i) => (i.id || i.provider_id) === 'fake'), ids);

  // 2. Linking a second provider: the callback binds it and reports BIND_IDENTITY.
  await Promise.all([
    page.waitForURL((u) => u.searchParams.has('code'), { waitUntil: 'commit' }),
    page.evaluate((who) => window.auth.linkIdentity({
      provider: 'fake2', options: { queryParams: { login_hint: `${who}-2` } },
    }), who),
  ]);
  await page.waitForLoadState('load');
  await settled();
  s = await state();
  check('BIND_IDENTITY with its outcome',
    s.events.some((e) => e.event === 'BIND_IDENTITY' && e.info && e.info.error === null
      && e.info.data.type === 'bind_identity' && e.info.data.provider === 'fake2'), s.events);
  const linked = await page.evaluate(async () => (await window.auth.getUserIdentities()).data.identities);
  check('the identity is linked to the same user',
    linked.some((i) => (i.id || i.provider_id) === 'fake2') && linked.some((i) => (i.id || i.provider_id) === 'fake'), linked);
  check('the URL is clean after the link', s.href === `${appUrl}?tab=2#top`, s.href);

  // 3. skipBrowserRedirect: the URL and the saved state, no navigation.
  const started = await page.evaluate(() => window.auth.signInWithOAuth({
    provider: 'fake', options: { skipBrowserRedirect: true, state: 'prd-fake-fixed' },
  }));
  const saved = await page.evaluate(() => JSON.parse(sessionStorage.getItem('prd-fake-fixed')));
  const url = new URL(started.data.url);
  check('skipBrowserRedirect gives the provider URL with the state',
    url.searchParams.get('state') === 'prd-fake-fixed' && url.searchParams.get('redirect_uri') === appUrl, started.data.url);
  check('the state is saved as the original SDK saves it',
    saved && saved.provider === 'fake' && saved.type === 'sign_in' && saved.search === '?tab=2' && saved.hash === '#top', saved);

  // 4. A state this tab did not start is refused; nothing changes.
  const forged = await page.evaluate(async () => {
    const r = await window.auth.verifyOAuth({ code: 'x', state: 'prd-fake-other', provider: 'fake' });
    return r.error && r.error.code;
  });
  check('an unknown state is refused', forged === 'invalid_argument', forged);
  const other = await page.evaluate(async () => {
    sessionStorage.setItem('app-key', JSON.stringify({ keep: true }));
    const r = await window.auth.verifyOAuth({ code: 'x', state: 'app-key' });
    return { code: r.error && r.error.code, kept: sessionStorage.getItem('app-key') };
  });
  check('a state naming another sessionStorage key is refused and the key kept',
    other.code === 'invalid_argument' && other.kept === '{"keep":true}', other);

  // 5. The provider refuses (the user cancels): signed out stays signed out, SIGNED_IN with the error.
  await page.evaluate(() => window.auth.signOut());
  await page.goto(`${appUrl}?error=access_denied&state=prd-fake-fixed`, { waitUntil: 'load' });
  await settled();
  s = await state();
  const after = await page.evaluate(async () => (await window.auth.getSession()).data.session);
  check('a refused authorization signs nobody in', after === null, after);
  check('listeners hear SIGNED_IN with the error',
    s.events.some((e) => e.event === 'SIGNED_IN' && e.info && e.info.error === 'access_denied'), s.events);
  check('the URL is restored after a refusal', s.href === `${appUrl}?tab=2#top`, s.href);

  // 6. verifyOAuth called by the app with the code; the same code again is refused.
  const start = await page.evaluate((who) => window.auth.signInWithOAuth({
    provider: 'fake', options: { skipBrowserRedirect: true, queryParams: { login_hint: who } },
  }), who);
  const location = (await fetch(start.data.url, { redirect: 'manual' })).headers.get('location');
  const back = new URL(location);
  const first = await page.evaluate(({ code, state }) => window.auth.verifyOAuth({ code, state }),
    { code: back.searchParams.get('code'), state: back.searchParams.get('state') });
  check('verifyOAuth({code, state}) signs in and gives the page to return to',
    !first.error && first.data.user.user_metadata.name === who && first.data.type === 'sign_in'
      && first.data.redirectUrl === `${appUrl}?tab=2#top`, first);
  const again = await page.evaluate(async (code) => {
    const { data } = await window.auth.signInWithOAuth({ provider: 'fake', options: { skipBrowserRedirect: true } });
    const state = new URL(data.url).searchParams.get('state');
    const r = await window.auth.verifyOAuth({ code, state });
    return r.error && r.error.code;
  }, back.searchParams.get('code'));
  check('a used code is refused', again === 'invalid_grant', again);
  // 6b. linkIdentity with skipBrowserRedirect gives the provider URL; verifyOAuth of its
  // callback links the identity and gives the session that stays.
  const link = await page.evaluate(async (hint) => {
    await window.auth.unlinkIdentity({ provider: 'fake2' });
    const r = await window.auth.linkIdentity({ provider: 'fake2', options: { skipBrowserRedirect: true, queryParams: { login_hint: hint } } });
    return { url: r.data.url, provider: r.data.provider, error: r.error && r.error.code };
  }, `${who}-3`);
  check('linkIdentity with skipBrowserRedirect gives the provider URL', !link.error && link.provider === 'fake2'
    && typeof link.url === 'string' && new URL(link.url).searchParams.get('state'), link);
  // Without the URL, the provider's own authorize link stands in (the flow is the same).
  const authorize = link.url || await page.evaluate(async (hint) => (await window.auth.signInWithOAuth({
    provider: 'fake2', options: { skipBrowserRedirect: true, type: 'bind_identity', queryParams: { login_hint: hint } },
  })).data.url, `${who}-3`);
  const linkBack = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location'));
  const bound = await page.evaluate(async ({ code, state }) => {
    const r = await window.auth.verifyOAuth({ code, state });
    return { error: r.error && r.error.code, type: r.data.type, provider: r.data.provider,
      user: r.data.user && r.data.user.user_metadata.name, token: !!(r.data.session && r.data.session.access_token) };
  }, { code: linkBack.searchParams.get('code'), state: linkBack.searchParams.get('state') });
  check('verifyOAuth of a link gives the bind and the session that stays',
    !bound.error && bound.type === 'bind_identity' && bound.provider === 'fake2' && bound.user === who && bound.token, bound);
  // v2 unbindProvider({ provider_id }) unlinks it; a second time the service refuses it.
  const unbound = await page.evaluate(async () => {
    const has = async () => (await window.auth.getUserIdentities()).data.identities.some((i) => i.id === 'fake2');
    const before = await has();
    const r = await window.auth.unbindProvider({ provider_id: 'fake2' });
    const after = await has();
    const again = await window.auth.unbindProvider({ provider_id: 'fake2' }).then(() => 'resolved', (e) => e.error);
    return { before, r: r === undefined, after, again };
  });
  check('v2 unbindProvider unlinks the identity, and rejects with the raw error when there is none',
    unbound.before && unbound.r && !unbound.after && typeof unbound.again === 'string' && unbound.again !== 'resolved', unbound);
  // 6c. The v2 low-level steps: the authorize URI, the provider token for the code, then a
  // sign-in with it; a second provider's token bound to that user.
  const codeFor = async (uri, hint) => {
    const u = new URL(uri);
    u.searchParams.set('login_hint', hint);
    return new URL((await fetch(u, { redirect: 'manual' })).headers.get('location')).searchParams.get('code');
  };
  const v2Uri = (provider) => page.evaluate(({ provider, back }) => window.auth.genProviderRedirectUri({
    provider_id: provider, provider_redirect_uri: back, state: `v2-${provider}`,
  }), { provider, back: appUrl });
  const signInUri = await v2Uri('fake');
  const signInCode = await codeFor(signInUri.uri, `${who}-v2`);
  const v2 = await page.evaluate(async ({ code, back }) => {
    const { provider_token } = await window.auth.grantProviderToken({ provider_id: 'fake', provider_redirect_uri: back, provider_code: code });
    const reused = await window.auth.grantProviderToken({ provider_id: 'fake', provider_redirect_uri: back, provider_code: code })
      .then(() => null, (e) => e.error);
    const state = await window.auth.signInWithProvider({ provider_token });
    return { token: typeof provider_token === 'string', reused, name: state.user.name, uid: state.user.uid,
      session: (await window.auth.getSession()).data.session.user.id };
  }, { code: signInCode, back: appUrl });
  check('v2 genProviderRedirectUri → grantProviderToken → signInWithProvider signs in the identity',
    signInUri.uri.startsWith(EMULATOR_URL) && v2.token && v2.name === `${who}-v2` && v2.uid === v2.session, { signInUri, v2 });
  check('v2 grantProviderToken rejects a used code with the raw error', v2.reused === 'invalid_grant', v2);
  const bindCode = await codeFor((await v2Uri('fake2')).uri, `${who}-v2b`);
  const v2bind = await page.evaluate(async ({ code, back }) => {
    const { provider_token } = await window.auth.grantProviderToken({ provider_id: 'fake2', provider_redirect_uri: back, provider_code: code });
    const r = await window.auth.bindWithProvider({ provider_token });
    const listed = await window.auth.getProviders();
    return { r: r === undefined, bound: listed.data.filter((p) => p.bind !== false).map((p) => p.id) };
  }, { code: bindCode, back: appUrl });
  check('v2 bindWithProvider binds the token\'s identity to the user, getProviders lists it',
    v2bind.r && v2bind.bound.includes('fake2') && v2bind.bound.includes('fake'), v2bind);
  // 7. A page that only calls getSession(): leaving for the provider, it handed over its
  // signed-out state; the callback's first getSession() finishes the sign-in instead of
  // answering from that hand-off.
  const fresh = await browser.newContext();
  const plain = await fresh.newPage();
  plain.on('pageerror', (e) => errors.push(String(e)));
  await plain.goto(`${WWW_URL}/plain.html`, { waitUntil: 'load' });
  await plain.waitForFunction(() => window.ready);
  await plain.evaluate(() => window.ready);
  await Promise.all([
    plain.waitForURL((u) => u.pathname === '/plain.html' && u.searchParams.has('code'), { waitUntil: 'commit' }),
    plain.evaluate((hint) => window.auth.signInWithOAuth({
      provider: 'fake', options: { queryParams: { login_hint: hint } },
    }), `${who}-plain`),
  ]);
  await plain.waitForLoadState('load');
  await plain.waitForFunction(() => window.ready);
  const answered = await plain.evaluate(async () => {
    const r = await window.ready;
    return { user: r.data.session && r.data.session.user.user_metadata.name, error: r.error && r.error.code, href: location.href };
  });
  check('the callback page\'s first getSession() finishes the sign-in, not answered from the signed-out hand-off',
    answered.user === `${who}-plain` && answered.href === `${WWW_URL}/plain.html`, answered);
  await fresh.close();
  check('no page errors', errors.length === 0, errors);
} finally {
  await browser.close();
  server.close();
  await rm(dir, { recursive: true, force: true });
}
console.log(`oauth: ${failed ? `${failed} failed` : 'all passed'}`);
process.exit(failed ? 1 : 0);
