#!/usr/bin/env node
// Browser benchmark (a script, not a test): this SDK (pkg/) and the real @cloudbase/js-sdk
// 3.7.0 (app + auth, bundled by esbuild as a web app would ship it) in one headless Chromium
// run, against the same emulator. Prints a markdown table; raw figures go to
// target/bench-browser/results.json. Run it through bench/browser.sh, which builds what it needs.
//   EMULATOR_URL  the emulator (default http://127.0.0.1:8787)
//   N             fresh page loads per SDK for the start-up figures (default 20)
//   CALLS         timed getSession() calls per page (default 500); PAIRS sign-in pairs (default 60)
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { serveStatic } from '../../scripts/static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HERE = path.join(ROOT, 'bench', 'browser');
const OUT = path.join(ROOT, 'target', 'bench-browser');
const WWW = path.join(OUT, 'www');
const EMULATOR_URL = (process.env.EMULATOR_URL || 'http://127.0.0.1:8787').replace(/\/$/, '');
const N = Number(process.env.N || 20);
const CALLS = Number(process.env.CALLS || 500);
const PAIRS = Number(process.env.PAIRS || 60);
const log = (...a) => console.error('[bench]', ...a);

// 1. The pages: the same harness after each SDK's entry; the SDK files as a page ships them.
rmSync(OUT, { recursive: true, force: true });
mkdirSync(WWW, { recursive: true });
cpSync(path.join(ROOT, 'pkg'), path.join(WWW, 'pkg'), { recursive: true });
cpSync(path.join(HERE, 'ours-entry.js'), path.join(WWW, 'ours.js'));
cpSync(path.join(HERE, 'harness.js'), path.join(WWW, 'harness.js'));
await build({
  entryPoints: [path.join(HERE, 'cloudbase-entry.js')], bundle: true, minify: true, format: 'esm',
  platform: 'browser', outfile: path.join(WWW, 'cloudbase.js'), logLevel: 'error', absWorkingDir: ROOT,
});
for (const name of ['ours', 'cloudbase']) {
  writeFileSync(path.join(WWW, `${name}.html`), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script>globalThis.__t0 = performance.now();</script>
<script type="module">import './${name}.js'; import './harness.js';</script>\n`);
}
const gz = (files) => files.reduce((n, f) => n + gzipSync(readFileSync(path.join(WWW, f)), { level: 9 }).length, 0);
const raw = (files) => files.reduce((n, f) => n + readFileSync(path.join(WWW, f)).length, 0);
const FILES = {
  ours: ['pkg/cloudbase_auth_wasm_bg.wasm', 'pkg/cloudbase_auth_wasm.js', 'pkg/index.js'],
  cloudbase: ['cloudbase.js'],
};

// 2. A static server: cacheable files, cross-origin isolated pages (5 µs timer resolution).
const server = await serveStatic(WWW, {
  'Cache-Control': 'max-age=3600',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
});
const PAGE = `http://127.0.0.1:${server.address().port}`;

// 3. A user with a password, and the session a page finds stored (the JS SDK's keys and value
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
const creds = await call('POST', `/auth/v1/signin?client_id=${env}`, { username, password });
const me = await call('GET', '/auth/v1/user/me', undefined, creds.access_token);
const stored = {
  [`credentials_${env}`]: JSON.stringify({ ...creds, version: 'v1', expires_at: new Date(Date.now() + (creds.expires_in - 30) * 1000).toISOString() }),
  [`user_info_${env}`]: JSON.stringify({ version: 'localCachev1', content: { ...me, uid: me.sub } }),
};

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
async function load(page, sdk) {
  await page.goto(`${PAGE}/${sdk}.html?env=${env}&emulator=${encodeURIComponent(EMULATOR_URL)}`);
  await page.waitForFunction(() => globalThis.__result, null, { timeout: 30_000, polling: 20 });
  const r = await page.evaluate(() => globalThis.__result);
  if (!r.ok) throw new Error(`${sdk}: the first getSession() found no session (${r.error})`);
  return r;
}
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const SDKS = ['ours', 'cloudbase'];
const results = Object.fromEntries(SDKS.map((s) => [s, { cold: [], warm: [], getSession: [], getSessionMean: [] }]));

try {
  // 4. Start-up: a fresh context per load (no HTTP cache, no code cache), then a third load in
  //    the same context (warm caches). The order of the SDKs alternates.
  log(`start-up: ${N} fresh contexts per SDK`);
  for (let i = -1; i < N; i++) {
    for (const sdk of i % 2 ? SDKS : [...SDKS].reverse()) {
      const { context, page } = await newPage();
      const cold = await load(page, sdk);
      await load(page, sdk);
      const warm = await load(page, sdk);
      if (i >= 0) { results[sdk].cold.push(cold.scriptStartToSession); results[sdk].warm.push(warm.scriptStartToSession); }
      // 5. getSession() per call, with the session in memory (first 5 iterations).
      if (i >= 0 && i < 5) {
        const g = await page.evaluate((n) => globalThis.bench.getSessionLoop(50, n), CALLS);
        results[sdk].getSession.push(g.median);
        results[sdk].getSessionMean.push(g.mean);
      }
      await context.close();
    }
  }
  // 6. signInWithPassword against bare fetch of the same requests.
  for (const sdk of SDKS) {
    log(`${sdk}: ${PAIRS} sign-in pairs`);
    const { context, page } = await newPage();
    await load(page, sdk);
    const before = await page.evaluate(() => performance.getEntriesByType('resource').length);
    await page.evaluate(([u, p]) => globalThis.bench.signInPairs(0, 1, u, p), [username, password]);
    const requests = await page.evaluate((n) => performance.getEntriesByType('resource').slice(n)
      .map((e) => new URL(e.name).pathname), before);
    results[sdk].signInRequests = requests.length - 2; // minus the raw pair's two
    Object.assign(results[sdk], await page.evaluate(([u, p, n]) => globalThis.bench.signInPairs(10, n, u, p), [username, password, PAIRS]));
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}

// 7. The table.
const f = (x, d = 1) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const row = (label, fn) => `| ${label} | ${SDKS.map((s) => fn(s)).join(' | ')} |`;
const table = [
  '| | this SDK (cloudbase-auth-wasm) | @cloudbase/js-sdk 3.7.0 (app + auth) |',
  '|---|---:|---:|',
  row('shipped bytes, gzip -9 (raw)', (s) => `${gz(FILES[s]).toLocaleString('en-US')} (${raw(FILES[s]).toLocaleString('en-US')})`),
  row('script start → first getSession() with a stored session, fresh context (ms, median)', (s) => f(median(results[s].cold))),
  row('same, warm HTTP and code cache (ms, median)', (s) => f(median(results[s].warm))),
  row('getSession(), session in memory, per call (µs, median / mean)', (s) => `${f(median(results[s].getSession), 0)} / ${f(median(results[s].getSessionMean), 0)}`),
  row('signInWithPassword, total (ms, median)', (s) => f(results[s].sdk, 2)),
  row('the same requests by bare fetch (ms, median)', (s) => f(results[s].raw, 2)),
  row('signInWithPassword client-side cost: SDK − bare fetch, paired (ms, median)', (s) => f(results[s].overhead, 2)),
  row('HTTP requests per signInWithPassword', (s) => String(results[s].signInRequests)),
].join('\n');
writeFileSync(path.join(OUT, 'results.json'), JSON.stringify({ N, CALLS, PAIRS, results }, null, 2));
console.log(table);
console.log(`\nChromium ${chromiumVersion} headless, N=${N} loads per SDK, ${CALLS} getSession() calls × 5 pages, ${PAIRS} sign-in pairs; ${new Date().toISOString().slice(0, 10)}.`);
