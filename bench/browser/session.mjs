// What every benchmark page starts from: a password user in a fresh env of the emulator, and
// the session a page finds stored (the JS SDK's keys and value shapes, which both SDKs read),
// taken from a real sign-in; and the browser contexts and page loads around it.

import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

/** The emulator the tools talk to: `EMULATOR_URL` (bench/browser.sh sets it), without a trailing `/`. */
export const EMULATOR_URL = (process.env.EMULATOR_URL || 'http://127.0.0.1:8787').replace(/\/$/, '');

/**
 * Headless Chromium (`CHROMIUM`, default Debian's) with nothing of its own on the network: no
 * background requests, and every host name but 127.0.0.1 unresolved.
 */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
}

/** A call to the emulator's HTTP API; rejects on a non-2xx answer. */
export async function call(emulatorUrl, method, p, body, token) {
  const res = await fetch(`${emulatorUrl}${p}`, {
    method, body: body && JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${p}: ${JSON.stringify(json)}`);
  return json;
}

/**
 * Creates the bench user (`username`, `password`) in a new env; `beforeSignIn()` runs between
 * the user's creation and the sign-in. Resolves to `{ env, username, password, stored }`,
 * `stored` the localStorage entries of the signed-in session.
 */
export async function benchSession(emulatorUrl, beforeSignIn = () => {}) {
  const env = `bench-${Date.now().toString(36)}`;
  const username = `bench${Date.now().toString(36)}`;
  const password = 'Bench-pass-2026';
  await call(emulatorUrl, 'POST', `/emulator/v1/users?client_id=${env}`, { username, password });
  await beforeSignIn(env, username);
  const creds = await call(emulatorUrl, 'POST', `/auth/v1/signin?client_id=${env}`, { username, password });
  const me = await call(emulatorUrl, 'GET', '/auth/v1/user/me', undefined, creds.access_token);
  const stored = {
    [`credentials_${env}`]: JSON.stringify({ ...creds, version: 'v1', expires_at: new Date(Date.now() + (creds.expires_in - 30) * 1000).toISOString() }),
    [`user_info_${env}`]: JSON.stringify({ version: 'localCachev1', content: { ...me, uid: me.sub } }),
  };
  return { env, username, password, stored };
}

/**
 * The emulator checks a password with the parameters of the stored hash (argon2id as the
 * PHC string says). Its default cost (m=19456 KiB, t=2) takes ~30 ms a check, whose jitter
 * hides a client-side cost of a fraction of a millisecond; the user's hash is replaced by one
 * of the same password at argon2's lightest cost (m=8 KiB, t=1, p=1; made with the argon2 CLI:
 * `echo -n Bench-pass-2026 | argon2 benchsalt0123456 -id -t 1 -k 8 -p 1 -e`). Both SDKs and the
 * bare fetch sign in as that user: the same requests and answers, a shorter server step.
 */
export function lightenHash(env, username) {
  const db = process.env.BENCH_DB;
  const light = '$argon2id$v=19$m=8,t=1,p=1$YmVuY2hzYWx0MDEyMzQ1Ng$BXpm91971wZ4IXWtsMZ2BQxxfHeHaGkmUOSJOxAQJ54';
  if (!db) return 'argon2id at the emulator default (m=19456 KiB, t=2, p=1): BENCH_DB not set';
  let changed;
  try {
    changed = execFileSync('sqlite3', ['-cmd', '.timeout 5000', db,
      `UPDATE users SET password_hash='${light}' WHERE env='${env}' AND username='${username}'; SELECT changes();`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    return `argon2id at the emulator default (m=19456 KiB, t=2, p=1): sqlite3 failed (${String(e.stderr || e.message).trim().split('\n')[0]})`;
  }
  if (changed !== '1') return `argon2id at the emulator default (m=19456 KiB, t=2, p=1): the user is not in ${db}`;
  return 'argon2id at m=8 KiB, t=1, p=1 (the user\'s hash replaced in the emulator\'s database)';
}

/** Runs in a page: its localStorage made to hold exactly `entries`. */
function seed(entries) {
  localStorage.clear();
  for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
}

/**
 * What the SDK of page `name` leaves in localStorage: a fresh context seeded with `stored`
 * loads `url`, waits for the first getSession() (and the module), then goes on to `nextUrl`
 * (a page of the same origin without the SDK) as a user leaves; resolves to every entry then.
 * A page's start then finds what its own SDK left on the previous visit (this SDK's hand-off
 * among it, pkg-template/handoff.js).
 */
export async function leftBy(browser, stored, url, name, nextUrl) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(nextUrl);
    await page.evaluate(seed, stored);
    await load(page, url, name);
    await load(page, nextUrl, 'the page after it');
    return await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
  } finally {
    await context.close();
  }
}

/** A new browser context whose pages find `stored` in localStorage, and a page in it. */
export async function newPage(browser, stored) {
  const context = await browser.newContext();
  await context.addInitScript(seed, stored);
  return { context, page: await context.newPage() };
}

/**
 * Loads the page `name` and waits for its first getSession() (the harness's `__result`) and,
 * when the page instantiates a wasm module, for the instance: with a session handed over by
 * a previous page the first getSession() answers before the module has loaded
 * (pkg-template/handoff.js), and what the page holds is measured with the module in it.
 */
export async function load(page, url, name) {
  // The harness's console message says the result is in. Not a polling wait: Playwright's
  // `waitForFunction` injects its script into the page when the page has loaded, ~6 ms of
  // parsing on the page's main thread while an SDK may still be starting (its `.wasm`
  // compiling, its first getSession() pending), which would add to what is measured.
  const done = page.waitForEvent('console', { predicate: (m) => m.text() === 'bench:result', timeout: 30_000 });
  await page.goto(url);
  await done;
  const r = await page.evaluate(() => globalThis.__result);
  if (!r.ok) throw new Error(`${name}: the first getSession() did not answer as expected (${r.error})`);
  await page.waitForFunction(() => globalThis.bench.wasmSettled(), null, { timeout: 30_000, polling: 20 });
  return r;
}

/** JS heap in use after two forced GCs (CDP), plus the bytes of the page's wasm memories. */
export async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  const wasm = await page.evaluate(() => globalThis.bench.wasmMemoryBytes());
  return { heap: heap.usedSize, wasm, total: heap.usedSize + wasm };
}
