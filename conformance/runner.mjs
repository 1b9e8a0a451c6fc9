// The runner: checks registered with `check(name, fn)` run one after another, each in its own
// env id with empty storage and a fresh request log, and print PASS or FAIL.
import { CheckError, show } from './assert.mjs';
import { newEnv } from './emulator.mjs';
import { localStorage, requests, sessionStorage } from './sdk.mjs';

const checks = [];

/** Registers a check; they run in the order they were registered. */
export const check = (name, fn) => checks.push({ name, fn });

/** Silences the SDK's console chatter during a check; the lines are printed if the check fails. */
function captureConsole() {
  const lines = [];
  const saved = {};
  for (const m of ['log', 'info', 'warn', 'error', 'debug']) {
    saved[m] = console[m];
    console[m] = (...args) => lines.push(`console.${m}: ${args.map((a) => (typeof a === 'string' ? a : show(a))).join(' ')}`);
  }
  return { lines, restore: () => Object.assign(console, saved) };
}

function withTimeout(promise, ms) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new CheckError(`timed out after ${ms / 1000}s`)), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

/** Runs every check with `ctx` (plus its env id); prints the results and returns whether all passed. */
export async function runAll(ctx) {
  let passed = 0;
  const failed = [];
  for (const [i, { name, fn }] of checks.entries()) {
    localStorage.clear();
    sessionStorage.clear();
    requests.length = 0;
    const out = captureConsole();
    const started = Date.now();
    let error = null;
    try {
      await withTimeout(Promise.resolve().then(() => fn({ ...ctx, env: newEnv(String(i + 1)) })), 30_000);
    } catch (e) {
      error = e;
    } finally {
      out.restore();
    }
    const ms = Date.now() - started;
    if (!error) {
      passed++;
      console.log(`PASS  ${name} (${ms} ms)`);
      continue;
    }
    failed.push(name);
    console.log(`FAIL  ${name} (${ms} ms)`);
    console.log(`      ${error instanceof CheckError ? error.message : error?.stack || error}`);
    if (requests.length) {
      console.log('      HTTP exchanges of this check:');
      for (const r of requests) {
        console.log(`        ${r.method} ${r.url}${r.auth ? ' [Authorization]' : ''}`);
        if (r.body) console.log(`          body: ${r.body.slice(0, 400)}`);
        console.log(`          -> ${r.status} ${String(r.response ?? '').slice(0, 400)}`);
      }
    }
    if (out.lines.length) {
      console.log('      SDK console output:');
      for (const l of out.lines.slice(-10)) console.log(`        ${l.slice(0, 300).replace(/\n/g, ' ')}`);
    }
  }
  console.log(`\n${passed} passed, ${failed.length} failed, ${checks.length} total`);
  if (failed.length) console.log(`failed: ${failed.join('; ')}`);
  return failed.length === 0;
}
