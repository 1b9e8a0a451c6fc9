#!/usr/bin/env node
// Where a signInWithPassword's main-thread time goes without the network (a tool, not a test):
// this SDK's benchmark page in headless Chromium, `fetch` answering from memory (the harness's
// `answerFromMemory`). A first pass times the phases: the call to the first `fetch`, to the
// second, to the call's end (median). A second pass wraps the natives the SDK calls and adds up
// the time spent in each, per sign-in (mean; the wrappers' own cost falls on the rest). The
// rest is the wasm module, its glue, the entry and the promise hops between them. Each sign-in
// starts after an idle task, so that what the one before left for later (its tab message) is
// not timed in it; that work is counted among the natives (`BroadcastChannel.postMessage`),
// not in the call. Run it through `bench/browser.sh signin-stages`, which starts the emulator.
//   N   timed sign-ins per pass (default 1000, after 300 untimed)
import path from 'node:path';
import { ROOT, servePages } from './pages.mjs';
import { EMULATOR_URL, benchSession, launchBrowser, lightenHash, load, newPage } from './session.mjs';

const WWW = path.join(ROOT, 'target', 'bench-stages');
const N = Number(process.env.N || 1000);

const { env, username, password, stored } = await benchSession(EMULATOR_URL, (e, u) => { lightenHash(e, u); });
const browser = await launchBrowser();
const { server, origin } = await servePages(WWW);
let out;
try {
  const { page } = await newPage(browser, stored);
  await load(page, `${origin}/ours.html?env=${env}&emulator=${encodeURIComponent(EMULATOR_URL)}`, 'ours');
  out = await page.evaluate(async ([u, p, n]) => {
    const { bench } = globalThis;
    await bench.answerFromMemory(u, p);
    for (let i = 0; i < 300; i++) await bench.signInOnce('sdk', u, p);
    const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
    const idle = () => new Promise((resolve) => setTimeout(resolve, 1));

    // Pass 1: the phases, only `fetch` wrapped (a time stamp per call).
    const memoryFetch = globalThis.fetch;
    let stamps = [];
    globalThis.fetch = (input, init) => { stamps.push(performance.now()); return memoryFetch(input, init); };
    const phases = { before: [], between: [], after: [], total: [] };
    for (let i = 0; i < n; i++) {
      await idle();
      stamps = [];
      const t = performance.now();
      const r = await bench.signInOnce('sdk', u, p);
      if (stamps.length !== 2) throw new Error(`${stamps.length} requests`);
      phases.before.push(stamps[0] - t);
      phases.between.push(stamps[1] - stamps[0]);
      phases.after.push(t + r.ms - stamps[1]);
      phases.total.push(r.ms);
    }

    // Pass 2: the time inside each native, added up (calls nest: `fetch` is the memory fetch,
    // which makes a `Response`), without pass 1's time stamps.
    globalThis.fetch = memoryFetch;
    const spent = new Map();
    const note = (label, ms) => {
      const s = spent.get(label) || { calls: 0, ms: 0 };
      s.calls += 1; s.ms += ms; spent.set(label, s);
    };
    const wrap = (owner, name, label) => {
      const f = owner[name];
      owner[name] = function wrapped(...args) {
        const t = performance.now();
        try { return f.apply(this, args); } finally { note(label, performance.now() - t); }
      };
    };
    wrap(globalThis, 'fetch', '`fetch` (the memory fetch: a new `Response`)');
    wrap(Response.prototype, 'text', '`Response.text`');
    wrap(JSON, 'parse', '`JSON.parse`');
    wrap(JSON, 'stringify', '`JSON.stringify`');
    wrap(TextDecoder.prototype, 'decode', '`TextDecoder.decode` (strings out of wasm)');
    wrap(Storage.prototype, 'getItem', '`Storage.getItem`');
    wrap(Storage.prototype, 'setItem', '`Storage.setItem`');
    wrap(Headers.prototype, 'set', '`Headers.set`');
    wrap(crypto, 'getRandomValues', '`crypto.getRandomValues`');
    wrap(BroadcastChannel.prototype, 'postMessage', '`BroadcastChannel.postMessage` (after the call)');
    const NativeRequest = globalThis.Request;
    globalThis.Request = function Request(input, init) {
      const t = performance.now();
      try { return new NativeRequest(input, init); } finally { note('`new Request`', performance.now() - t); }
    };
    globalThis.Request.prototype = NativeRequest.prototype;
    let wrappedTotal = 0;
    for (let i = 0; i < n; i++) {
      await idle();
      wrappedTotal += (await bench.signInOnce('sdk', u, p)).ms / n;
    }
    await idle();
    return {
      phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, median(v) * 1000])),
      wrappedTotal: wrappedTotal * 1000,
      natives: [...spent].map(([label, s]) => ({ label, calls: s.calls / n, us: (s.ms / n) * 1000 })),
    };
  }, [username, password, N]);
} finally {
  await browser.close();
  server.close();
}

const us = (x) => x.toFixed(0);
console.log(`signInWithPassword, fetch answered from memory: ${N} sign-ins per pass\n`);
console.log('| phase (pass 1) | µs, median |\n|---|---:|');
console.log(`| the call → the first \`fetch\` | ${us(out.phases.before)} |`);
console.log(`| the first \`fetch\` → the second | ${us(out.phases.between)} |`);
console.log(`| the second \`fetch\` → the call resolved | ${us(out.phases.after)} |`);
console.log(`| the whole call | ${us(out.phases.total)} |`);
const natives = out.natives.sort((a, b) => b.us - a.us);
const inNatives = natives.filter((x) => !x.label.includes('after the call')).reduce((n, x) => n + x.us, 0);
console.log(`\n| native (pass 2, wrapped) | calls per sign-in | µs per sign-in, mean |\n|---|---:|---:|`);
for (const x of natives) console.log(`| ${x.label} | ${x.calls.toFixed(1)} | ${us(x.us)} |`);
console.log(`| the rest: the module, its glue, the entry, promise hops, the wrappers | — | ${us(out.wrappedTotal - inNatives)} |`);
console.log(`| the whole call, wrapped (mean) | — | ${us(out.wrappedTotal)} |`);
