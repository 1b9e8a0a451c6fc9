#!/usr/bin/env node
// Browser benchmark (a script, not a test): this SDK (pkg/) and the real @cloudbase/js-sdk
// 3.7.0 (app + auth, bundled by esbuild as a web app would ship it) in one headless Chromium
// run, against the same emulator, with an empty page (no SDK) as the floor. Prints a markdown
// table and the start-up profile; raw figures go to target/bench-browser/results.json. Run it
// through bench/browser.sh, which builds what it needs.
//   EMULATOR_URL  the emulator (default http://127.0.0.1:8787)
//   BENCH_DB      the emulator's SQLite file: the sign-in user then gets a light password hash
//   N             fresh contexts per page for the start-up and memory rows (default 30)
//   CALLS         timed getSession() calls per page (default 500); PAIRS sign-in pairs (default 500)
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from '../../scripts/static-server.mjs';
import { PAGES, writePages } from './pages.mjs';
import { machine, report } from './report.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HERE = path.join(ROOT, 'bench', 'browser');
const OUT = path.join(ROOT, 'target', 'bench-browser');
const WWW = path.join(OUT, 'www');
const EMULATOR_URL = (process.env.EMULATOR_URL || 'http://127.0.0.1:8787').replace(/\/$/, '');
const N = Number(process.env.N || 30);
const CALLS = Number(process.env.CALLS || 500);
const PAIRS = Number(process.env.PAIRS || 500);
const GET_SESSION_PAGES = 5;
const log = (...a) => console.error('[bench]', ...a);
const before = machine();

// 1. The pages, and a static server: cacheable files, cross-origin isolated pages (5 µs timer).
mkdirSync(OUT, { recursive: true });
await writePages(ROOT, HERE, WWW);
const server = await serveStatic(WWW, {
  'Cache-Control': 'max-age=3600',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
});
const ORIGIN = `http://127.0.0.1:${server.address().port}`;

// 2. A user with a password, and the session a page finds stored (the JS SDK's keys and value
//    shapes, which both SDKs read), taken from a real sign-in.
const env = `bench-${Date.now().toString(36)}`;
const username = `bench${Date.now().toString(36)}`;
const password = 'Bench-pass-2026';
async function call(method, p, body, token) {
  const res = await fetch(`${EMULATOR_URL}${p}`, {
    method, body: body && JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${p}: ${JSON.stringify(json)}`);
  return json;
}
await call('POST', `/emulator/v1/users?client_id=${env}`, { username, password });
const hashing = lightenHash();
const creds = await call('POST', `/auth/v1/signin?client_id=${env}`, { username, password });
const me = await call('GET', '/auth/v1/user/me', undefined, creds.access_token);
const stored = {
  [`credentials_${env}`]: JSON.stringify({ ...creds, version: 'v1', expires_at: new Date(Date.now() + (creds.expires_in - 30) * 1000).toISOString() }),
  [`user_info_${env}`]: JSON.stringify({ version: 'localCachev1', content: { ...me, uid: me.sub } }),
};

/**
 * The emulator checks a password with the parameters of the stored hash (argon2id as the
 * PHC string says). Its default cost (m=19456 KiB, t=2) takes ~30 ms a check, whose jitter
 * hides a client-side cost of a fraction of a millisecond; the user's hash is replaced by one
 * of the same password at argon2's lightest cost (m=8 KiB, t=1, p=1; made with the argon2 CLI:
 * `echo -n Bench-pass-2026 | argon2 benchsalt0123456 -id -t 1 -k 8 -p 1 -e`). Both SDKs and the
 * bare fetch sign in as that user: the same requests and answers, a shorter server step.
 */
function lightenHash() {
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

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
const chromiumVersion = browser.version();
async function newPage() {
  const context = await browser.newContext();
  await context.addInitScript((entries) => {
    localStorage.clear();
    for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
  }, stored);
  return { context, page: await context.newPage() };
}
async function load(page, name) {
  await page.goto(`${ORIGIN}/${name}.html?env=${env}&emulator=${encodeURIComponent(EMULATOR_URL)}`);
  await page.waitForFunction(() => globalThis.__result, null, { timeout: 30_000, polling: 20 });
  const r = await page.evaluate(() => globalThis.__result);
  if (!r.ok) throw new Error(`${name}: the first getSession() found no session (${r.error})`);
  return r;
}
/** JS heap in use after a forced GC (CDP), plus the bytes of the page's wasm memories. */
async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  const wasm = await page.evaluate(() => globalThis.bench.wasmMemoryBytes());
  return { heap: heap.usedSize, wasm, total: heap.usedSize + wasm };
}

const results = Object.fromEntries(PAGES.map((p) => [p, {
  cold: [], warm: [], coldProfile: [], warmProfile: [], memory: [], getSession: [], getSessionMean: [],
}]));
try {
  // 3. Start-up and memory: a fresh context per load (no HTTP cache, no code cache), then a
  //    third load in the same context (warm caches). The page order rotates every round; the
  //    first round is not counted.
  log(`start-up: ${N} fresh contexts per page (${PAGES.join(', ')})`);
  for (let i = -1; i < N; i++) {
    const k = ((i % PAGES.length) + PAGES.length) % PAGES.length;
    for (const name of [...PAGES.slice(k), ...PAGES.slice(0, k)]) {
      const { context, page } = await newPage();
      const cold = await load(page, name);
      await load(page, name);
      const warm = await load(page, name);
      const r = results[name];
      if (i >= 0) {
        r.cold.push(cold.scriptStartToSession); r.warm.push(warm.scriptStartToSession);
        r.coldProfile.push(cold.profile); r.warmProfile.push(warm.profile);
        r.memory.push(await memory(page));
        // 4. getSession() per call, with the session in memory.
        if (i < GET_SESSION_PAGES && name !== 'empty') {
          const g = await page.evaluate((n) => globalThis.bench.getSessionLoop(50, n), CALLS);
          r.getSession.push(g.median); r.getSessionMean.push(g.mean);
        }
      }
      await context.close();
    }
  }
  // 5. signInWithPassword against bare fetch of the same requests.
  for (const sdk of ['ours', 'cloudbase']) {
    log(`${sdk}: ${PAIRS} sign-in pairs`);
    const { context, page } = await newPage();
    await load(page, sdk);
    results[sdk].signIn = await page.evaluate(([u, p, n]) => globalThis.bench.signInPairs(20, n, u, p), [username, password, PAIRS]);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}

const run = { N, CALLS, PAIRS, GET_SESSION_PAGES, hashing, chromium: chromiumVersion, before, after: machine() };
writeFileSync(path.join(OUT, 'results.json'), JSON.stringify({ run, results }, null, 2));
console.log(report(run, results, WWW));
