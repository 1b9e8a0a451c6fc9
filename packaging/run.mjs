#!/usr/bin/env node
// Packaging test: installs the packed npm tarball of pkg/ the way web developers do, into
//   (a) a plain ES-module page with no bundler (packaging/esm: an import map points at the
//       installed package), and
//   (b) a Vite + TypeScript app (packaging/vite-app: `tsc --noEmit`, then `vite build`),
// serves each, and drives it in headless Chromium with playwright-core: phone-code sign-up,
// a reload keeps the session, sign-out (and a reload after it stays signed out).
//   node packaging/run.mjs        (needs pkg/ from scripts/build-pkg.sh and a running emulator)
// EMULATOR_URL (default http://127.0.0.1:8787): the emulator. CHROMIUM: the browser binary.
// Work files go to target/packaging/. Exits non-zero on any failure.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from '../scripts/static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'target', 'packaging');
const EMULATOR_URL = (process.env.EMULATOR_URL || 'http://127.0.0.1:8787').replace(/\/$/, '');
const TIMEOUT = 30_000;

const log = (...a) => console.log('[packaging]', ...a);
function run(cmd, args, cwd) {
  log(`${path.relative(ROOT, cwd) || '.'}$ ${cmd} ${args.join(' ')}`);
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}
const npm = (args, cwd) => run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], cwd);

// 1. The tarball, as `npm publish` would upload it.
if (!existsSync(path.join(ROOT, 'pkg', 'package.json'))) {
  console.error('error: pkg/ is missing: run scripts/build-pkg.sh first');
  process.exit(1);
}
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const tarball = path.join(OUT, npm(['pack', path.join(ROOT, 'pkg'), '--pack-destination', OUT], ROOT).trim().split('\n').pop());
log('packed', path.relative(ROOT, tarball));

const config = `window.EMULATOR_URL = ${JSON.stringify(EMULATOR_URL)};\n`;

// 2. (a) The plain page: its files, and the tarball installed next to them.
const esm = path.join(OUT, 'esm');
cpSync(path.join(ROOT, 'packaging', 'esm'), esm, { recursive: true });
writeFileSync(path.join(esm, 'package.json'), JSON.stringify({
  name: 'plain-page', private: true, dependencies: { 'cloudbase-auth-wasm': `file:${tarball}` },
}, null, 2));
npm(['install'], esm);
writeFileSync(path.join(esm, 'config.js'), config);

// 3. (b) The Vite + TypeScript app: its locked tools, then the tarball; type-check and build.
const vite = path.join(OUT, 'vite-app');
cpSync(path.join(ROOT, 'packaging', 'vite-app'), vite, {
  recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) && !src.includes(`${path.sep}dist`),
});
npm(['ci'], vite);
npm(['install', '--no-save', tarball], vite);
run('node_modules/.bin/tsc', ['--noEmit'], vite);
run('node_modules/.bin/vite', ['build', '--logLevel', 'warn'], vite);
writeFileSync(path.join(vite, 'dist', 'config.js'), config);

// 4. A static server per app: scripts/static-server.mjs, nothing cached.

async function latestCode(phone) {
  for (let i = 0; i < 50; i++) {
    const res = await fetch(`${EMULATOR_URL}/emulator/v1/inbox?to=${encodeURIComponent(phone)}`);
    const { messages } = await res.json();
    if (messages?.length) return messages[0].code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code reached the inbox for ${phone}`);
}

// 5. The flows, in a fresh browser profile per app.
async function drive(browser, name, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  const status = (text) => page.waitForFunction(
    (t) => (t instanceof RegExp ? t : new RegExp(t)).test(document.getElementById('status').textContent),
    text.source, { timeout: TIMEOUT },
  ).catch(async () => {
    const now = await page.textContent('#status');
    const error = await page.textContent('#error');
    throw new Error(`${name}: status is "${now}" (error "${error}"), expected ${text}`);
  });
  try {
    const phone = `+86 139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    await page.goto(url, { waitUntil: 'load' });
    await status(/^signed out$/);
    await page.fill('#phone', phone);
    await page.click('#send button');
    await status(/^code sent$/);
    await page.fill('#code', await latestCode(phone));
    await page.click('#verify button');
    await status(/^signed in \S+$/);
    const signedIn = await page.textContent('#status');
    log(`${name}: signed up by phone code (${signedIn})`);
    await page.reload({ waitUntil: 'load' });
    await status(new RegExp(`^${signedIn}$`));
    log(`${name}: the session is still there after a reload`);
    await page.click('#signout');
    await status(/^signed out$/);
    await page.reload({ waitUntil: 'load' });
    await status(/^signed out$/);
    log(`${name}: signed out, and still signed out after a reload`);
    if (problems.length) throw new Error(`${name}: ${problems.join('; ')}`);
  } finally {
    await context.close();
  }
}

const servers = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
let failed = false;
try {
  for (const [name, dir] of [['plain ES-module page', esm], ['Vite + TypeScript app', path.join(vite, 'dist')]]) {
    const server = await serveStatic(dir, { 'Cache-Control': 'no-store' });
    servers.push(server);
    try {
      await drive(browser, name, `http://127.0.0.1:${server.address().port}/`);
    } catch (e) {
      failed = true;
      console.error(`[packaging] FAILED: ${e.message}`);
    }
  }
} finally {
  await browser.close();
  for (const s of servers) s.close();
}
log(failed ? 'FAILED' : 'ok: the tarball works in a plain page and in a Vite + TypeScript app');
process.exit(failed ? 1 : 0);
