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
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PAGES, ROOT, servePages } from './pages.mjs';
import { EMULATOR_URL, benchSession, launchBrowser, leftBy, lightenHash, load, memory, newPage } from './session.mjs';
import { machine, report } from './report.mjs';

const OUT = path.join(ROOT, 'target', 'bench-browser');
const WWW = path.join(OUT, 'www');
const N = Number(process.env.N || 30);
const CALLS = Number(process.env.CALLS || 500);
const PAIRS = Number(process.env.PAIRS || 500);
const GET_SESSION_PAGES = 5;
const log = (...a) => console.error('[bench]', ...a);
const before = machine();

// 1. The pages, and a static server: cacheable files, cross-origin isolated pages (5 µs timer).
mkdirSync(OUT, { recursive: true });
const { server, origin: ORIGIN } = await servePages(WWW);

// 2. A user with a password, and the session a page finds stored (session.mjs); the user's
//    password hash lightened before the sign-in.
let hashing;
const { env, username, password, stored } = await benchSession(EMULATOR_URL, (e, u) => { hashing = lightenHash(e, u); });

const browser = await launchBrowser();
const chromiumVersion = browser.version();
// The pages measured: PAGES, each finding in localStorage what its own SDK left on the
// previous visit (`leftBy`: this SDK's hand-off among it), and `ours-js-storage`, this SDK's
// page finding only the session as the JS SDK stores it (no hand-off: the first visit after
// an app switched SDKs, or after the hand-off went stale).
const RUNS = [...PAGES, 'ours-js-storage'];
const htmlOf = (name) => (name === 'ours-js-storage' ? 'ours' : name);
const pageUrl = (name) => `${ORIGIN}/${htmlOf(name)}.html?env=${env}&emulator=${encodeURIComponent(EMULATOR_URL)}`;
const left = {};
const seedOf = (name) => (name === 'empty' || name === 'ours-js-storage' ? stored : left[name.split('-')[0]]);

const results = Object.fromEntries(RUNS.map((p) => [p, {
  cold: [], warm: [], coldProfile: [], warmProfile: [], memory: [], memoryCold: [], getSession: [], getSessionMean: [],
}]));
try {
  for (const sdk of ['ours', 'cloudbase']) left[sdk] = await leftBy(browser, stored, pageUrl(sdk), sdk, pageUrl('empty'));
  log(`what each SDK left in localStorage: ${Object.entries(left).map(([k, v]) => `${k}: ${Object.keys(v).join(', ')}`).join('; ')}`);
  // 3. Start-up and memory: a fresh context per load (no HTTP cache, no code cache), then a
  //    third load in the same context (warm caches). The page order rotates every round; the
  //    first round is not counted.
  log(`start-up: ${N} fresh contexts per page (${RUNS.join(', ')})`);
  for (let i = -1; i < N; i++) {
    const k = ((i % RUNS.length) + RUNS.length) % RUNS.length;
    for (const name of [...RUNS.slice(k), ...RUNS.slice(0, k)]) {
      const { context, page } = await newPage(browser, seedOf(name));
      const cold = await load(page, pageUrl(name), name);
      await load(page, pageUrl(name), name);
      const warm = await load(page, pageUrl(name), name);
      const r = results[name];
      if (i >= 0) {
        r.cold.push(cold.scriptStartToSession); r.warm.push(warm.scriptStartToSession);
        r.coldProfile.push(cold.profile); r.warmProfile.push(warm.profile);
        r.memory.push(await memory(page));
        // 4. getSession() per call, with the session in memory.
        if (i < GET_SESSION_PAGES && name !== 'empty' && name !== 'ours-js-storage') {
          const g = await page.evaluate((n) => globalThis.bench.getSessionLoop(50, n), CALLS);
          r.getSession.push(g.median); r.getSessionMean.push(g.mean);
        }
      }
      await context.close();
    }
  }
  // 3b. Memory on the first load of a fresh context, apart from the start-up loads (the forced
  //     collections would clear the compilation cache the warm load uses). This SDK's page
  //     answers from the session a previous page handed over (pkg-template/handoff.js): the
  //     module loaded, its client not made until a call needs it; on `ours-js-storage` the
  //     first getSession() makes the client.
  log(`memory: ${N} first loads per page`);
  for (let i = 0; i < N; i++) {
    const k = i % RUNS.length;
    for (const name of [...RUNS.slice(k), ...RUNS.slice(0, k)]) {
      const { context, page } = await newPage(browser, seedOf(name));
      await load(page, pageUrl(name), name);
      results[name].memoryCold.push(await memory(page));
      await context.close();
    }
  }
  // 5. signInWithPassword against bare fetch of the same requests.
  for (const sdk of ['ours', 'cloudbase']) {
    log(`${sdk}: ${PAIRS} sign-in pairs`);
    const { context, page } = await newPage(browser, stored);
    await load(page, pageUrl(sdk), sdk);
    results[sdk].signIn = await page.evaluate(([u, p, n]) => globalThis.bench.signInPairs(20, n, u, p), [username, password, PAIRS]);
    await context.close();
  }
  // 5b. What the write of the session to localStorage costs by itself, on the empty page.
  {
    log(`empty page: ${PAIRS} pairs of bare fetch with and without the credentials stored`);
    const { context, page } = await newPage(browser, stored);
    await load(page, pageUrl('empty'), 'empty');
    results.empty.store = await page.evaluate(([u, p, n]) => globalThis.bench.storePairs(20, n, u, p), [username, password, PAIRS]);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}

const run = { N, CALLS, PAIRS, GET_SESSION_PAGES, hashing, chromium: chromiumVersion, before, after: machine() };
writeFileSync(path.join(OUT, 'results.json'), JSON.stringify({ run, results }, null, 2));
console.log(report(run, results, WWW));
