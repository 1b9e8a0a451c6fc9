#!/usr/bin/env node
// Which preload tags to put in a page's head (a tool, not a test): this SDK's page with no
// tags, with the package README's default (the entry's alone) and with its tags for pages that
// first-time visitors land on (the entry, the glue and the `.wasm`), each loaded cold (a fresh
// context) and warm (its third load), in the three cases a page meets: the session the
// previous page handed over answers the first getSession() (a returning, signed-in visitor),
// the signed-out state the previous page handed over answers it (a returning, signed-out
// visitor), or the module answers it (nothing handed over: the JS SDK's keys alone, as on a
// first visit, or the first after an app switched SDKs). Run it through
// `bench/browser.sh preload`, which starts the emulator.
//   N   fresh contexts per page and case (default 20)
import path from 'node:path';
import { ROOT, servePages } from './pages.mjs';
import { EMULATOR_URL, benchSession, launchBrowser, leftBy, load, newPage } from './session.mjs';
import { median } from './stats.mjs';

const WWW = path.join(ROOT, 'target', 'bench-preload');
const N = Number(process.env.N || 20);

const { server, origin: ORIGIN } = await servePages(WWW);
const { env, stored } = await benchSession(EMULATOR_URL);
const browser = await launchBrowser();
const url = (name, signedOut) => `${ORIGIN}/${name}.html?env=${env}&emulator=${encodeURIComponent(EMULATOR_URL)}${signedOut ? '&signedOut' : ''}`;
const PAGES = { ours: 'no tags', 'ours-preload': 'the entry alone', 'ours-preload-module': 'the entry, the glue and the .wasm' };
const CASES = { handoff: 'the hand-off answers', signedOut: 'signed out, the hand-off answers', module: 'the module answers' };
const times = {};
try {
  const seeds = {
    handoff: await leftBy(browser, stored, url('ours'), 'ours', url('empty')),
    signedOut: await leftBy(browser, {}, url('ours', true), 'ours', url('empty')),
    module: stored,
  };
  for (const c of Object.keys(CASES)) {
    for (let i = 0; i < N; i++) {
      const names = Object.keys(PAGES);
      for (const name of i % 2 ? names.reverse() : names) {
        const { context, page } = await newPage(browser, seeds[c]);
        const at = url(name, c === 'signedOut');
        const cold = await load(page, at, name);
        await load(page, at, name);
        const warm = await load(page, at, name);
        const t = (times[`${c} ${name}`] ??= { cold: [], warm: [] });
        t.cold.push(cold.scriptStartToSession);
        t.warm.push(warm.scriptStartToSession);
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}

console.log(`script start → first getSession() (ms, median of ${N} fresh contexts; warm: the third load of each)\n`);
console.log(`| tags | ${Object.values(CASES).flatMap((c) => [`${c}, cold`, `${c}, warm`]).join(' | ')} |`);
console.log(`|---|${Object.keys(CASES).map(() => '---:|---:').join('|')}|`);
for (const [name, label] of Object.entries(PAGES)) {
  const cells = Object.keys(CASES).flatMap((c) => ['cold', 'warm'].map((k) => median(times[`${c} ${name}`][k]).toFixed(1)));
  console.log(`| ${label} | ${cells.join(' | ')} |`);
}
