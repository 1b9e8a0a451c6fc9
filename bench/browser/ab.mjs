#!/usr/bin/env node
// Two builds of this SDK side by side (a tool, not a test): the package in `BASE_PKG` (page A,
// an earlier `pkg/` kept aside) and the tree's `pkg/` (page B), each on a page of its own origin
// in one headless Chromium, timing signInWithPassword in rounds that alternate A and B, so that
// what the machine does meanwhile falls on both. Run it through `bench/browser.sh ab`, which
// starts the emulator.
//   BASE_PKG      the earlier package (required), e.g. `cp -r pkg /tmp/pkg-before` before a change
//   MODE          `real` (default): per sign-in, the SDK's call minus the same requests by bare
//                 fetch, as the benchmark's sign-in row; `memory`: the SDK's call alone, `fetch`
//                 answering from memory with answers recorded from the emulator (the page's own
//                 work, no network)
//   ROUNDS        rounds (default 8); K sign-ins per page per round (default 300)
import path from 'node:path';
import { ROOT, servePages } from './pages.mjs';
import { EMULATOR_URL, benchSession, launchBrowser, lightenHash, load, newPage } from './session.mjs';
import { median } from './stats.mjs';

const MODE = process.env.MODE || 'real';
const ROUNDS = Number(process.env.ROUNDS || 8);
const K = Number(process.env.K || 300);
if (!process.env.BASE_PKG) throw new Error('BASE_PKG: the directory of the earlier package');
if (!['real', 'memory'].includes(MODE)) throw new Error(`MODE: real or memory, not ${MODE}`);
const PKGS = { A: path.resolve(process.env.BASE_PKG), B: path.join(ROOT, 'pkg') };

let hashing;
const { env, username, password, stored } = await benchSession(EMULATOR_URL, (e, u) => { hashing = lightenHash(e, u); });
const browser = await launchBrowser();
const servers = [];
const pages = {};
const perRound = { A: [], B: [] };
try {
  for (const [k, pkg] of Object.entries(PKGS)) {
    const www = path.join(ROOT, 'target', 'bench-ab', k);
    const { server, origin } = await servePages(www, pkg);
    servers.push(server);
    const { page } = await newPage(browser, stored);
    await load(page, `${origin}/ours.html?env=${env}&emulator=${encodeURIComponent(EMULATOR_URL)}`, `ours (${k})`);
    await page.evaluate(async ([u, p, fromMemory]) => {
      for (let i = 0; i < 30; i++) await globalThis.bench.signInOnce('sdk', u, p);
      if (!fromMemory) return;
      await globalThis.bench.answerFromMemory(u, p);
      for (let i = 0; i < 200; i++) await globalThis.bench.signInOnce('sdk', u, p);
    }, [username, password, MODE === 'memory']);
    pages[k] = page;
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const k of r % 2 ? ['B', 'A'] : ['A', 'B']) {
      perRound[k].push(await pages[k].evaluate(async ([u, p, n, fromMemory]) => {
        const each = [];
        for (let i = 0; i < n; i++) {
          const sdk = await globalThis.bench.signInOnce('sdk', u, p);
          if (fromMemory) { each.push(sdk.ms); continue; }
          const raw = await globalThis.bench.signInOnce('raw', u, p);
          each.push(sdk.ms - raw.ms);
        }
        each.sort((x, y) => x - y);
        return each[Math.floor(n / 2)] * 1000;
      }, [username, password, K, MODE === 'memory']));
    }
  }
} finally {
  await browser.close();
  for (const s of servers) s.close();
}

const what = MODE === 'memory' ? 'the SDK\'s call, answers from memory' : 'the SDK\'s call − the same requests by bare fetch';
console.log(`${what} (µs, median of ${K} sign-ins per page per round; ${ROUNDS} rounds); the server's password check: ${hashing}`);
for (const k of ['A', 'B']) {
  console.log(`${k} (${k === 'A' ? PKGS.A : 'pkg/'}): ${perRound[k].map((x) => x.toFixed(0)).join(' ')}; median ${median(perRound[k]).toFixed(0)}`);
}
console.log(`B − A, median of the rounds' differences: ${median(perRound.B.map((x, i) => x - perRound.A[i])).toFixed(0)} µs`);
