#!/usr/bin/env node
// Where a signInWithPassword's main-thread time goes (a tool, not a test): the benchmark's page
// for one SDK in headless Chromium, N timed sign-ins under the CDP sampling profiler, and the
// functions with the most self time, per sign-in. Run it through `bench/browser.sh profile-signin`, which
// starts the emulator; the server's password check is not on the page's thread, so its cost
// does not matter here.
//   EMULATOR_URL  the emulator (default http://127.0.0.1:8787)
//   PAGE          `ours` (default) or `cloudbase`: the page of bench/browser/pages.mjs
//   N             timed sign-ins (default 300, after 30 untimed); TOP rows (default 25)
//   INTERVAL      sampling interval in µs (default 50)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, servePages } from './pages.mjs';
import { EMULATOR_URL, launchBrowser } from './session.mjs';

const OUT = path.join(ROOT, 'target', 'bench-profile');
const WWW = path.join(OUT, 'www');
const PAGE = process.env.PAGE || 'ours';
const N = Number(process.env.N || 300);
const TOP = Number(process.env.TOP || 25);
const INTERVAL = Number(process.env.INTERVAL || 50);

mkdirSync(OUT, { recursive: true });
const { server, origin: ORIGIN } = await servePages(WWW);

// A user with a password (the emulator's dev API).
const env = `profile-${Date.now().toString(36)}`;
const username = `prof${Date.now().toString(36)}`;
const password = 'Profile-pass-2026';
const made = await fetch(`${EMULATOR_URL}/emulator/v1/users?client_id=${env}`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
});
if (!made.ok) throw new Error(`creating the user: ${await made.text()}`);

const browser = await launchBrowser();
let profile;
let wall;
try {
  const page = await browser.newPage();
  await page.goto(`${ORIGIN}/${PAGE}.html?env=${env}&emulator=${encodeURIComponent(EMULATOR_URL)}`);
  // The page's first getSession() finds no session: that is fine, only the harness is needed.
  await page.waitForFunction(() => globalThis.__result, null, { timeout: 30_000, polling: 20 });
  const signIns = (n) => page.evaluate(async ([u, p, k]) => {
    const t = performance.now();
    for (let i = 0; i < k; i++) await globalThis.bench.signInOnce('sdk', u, p);
    return performance.now() - t;
  }, [username, password, n]);
  await signIns(30);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: INTERVAL });
  await cdp.send('Profiler.start');
  wall = await signIns(N);
  ({ profile } = await cdp.send('Profiler.stop'));
} finally {
  await browser.close();
  server.close();
}
writeFileSync(path.join(OUT, `${PAGE}.cpuprofile`), JSON.stringify(profile));

// Self time per function (the sampled time of the samples whose top frame it is).
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const f = byId.get(profile.samples[i]).callFrame;
  const file = f.url ? `${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}:${f.columnNumber + 1}` : '';
  const key = `${f.functionName || '(anonymous)'} ${file}`.trim();
  self.set(key, (self.get(key) || 0) + (profile.timeDeltas[i] || 0) / 1000);
}
const idle = ['(idle)', '(program)', '(garbage collector)'];
const busy = [...self].filter(([k]) => !idle.includes(k)).reduce((a, [, ms]) => a + ms, 0);
const per = (ms) => (ms / N * 1000).toFixed(1);
console.log(`${PAGE}: ${N} sign-ins, ${(wall / N).toFixed(2)} ms each (wall); sampled every ${INTERVAL} µs`);
console.log(`JS + wasm on the main thread: ${per(busy)} µs per sign-in; ` +
  idle.map((k) => `${k} ${per(self.get(k) || 0)}`).join(', '));
console.log('\n| self time per sign-in (µs) | % of JS + wasm | function |\n|---:|---:|---|');
for (const [k, ms] of [...self].filter(([k]) => !idle.includes(k)).sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
  console.log(`| ${per(ms)} | ${(ms / busy * 100).toFixed(1)} | \`${k}\` |`);
}
console.log(`\nThe profile: ${path.relative(ROOT, path.join(OUT, `${PAGE}.cpuprofile`))} (Chromium DevTools opens it).`);
