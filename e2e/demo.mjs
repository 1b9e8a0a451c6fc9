#!/usr/bin/env node
// End-to-end test of the demo page (www/) in headless Chromium, against a running emulator and
// a running demo server (scripts/serve-www.mjs).
//   WWW_URL=http://127.0.0.1:8080 EMULATOR_URL=http://127.0.0.1:8787 node e2e/demo.mjs
// Prints one PASS line per flow; exits non-zero at the first failure, with a screenshot of it.
// Screenshots of every step go to target/e2e-screenshots/.
import { chromium } from 'playwright-core';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WWW_URL = (process.env.WWW_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const EMULATOR_URL = (process.env.EMULATOR_URL || 'http://127.0.0.1:8787').replace(/\/+$/, '');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'target', 'e2e-screenshots');
const STEP_TIMEOUT = 15_000;

class Failure extends Error {}
const fail = (msg) => {
  throw new Failure(msg);
};

// ------------------------------------------------------------------------------------------
// Helpers

const randomDigits = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

async function getJson(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) fail(`GET ${url} answered HTTP ${res.status}`);
  return res.json();
}

/** Waits for a new code sent to `to` (newer than `after`, unix ms), read from the emulator inbox. */
async function codeFromInbox(to, after) {
  const deadline = Date.now() + STEP_TIMEOUT;
  const url = `${EMULATOR_URL}/emulator/v1/inbox?to=${encodeURIComponent(to)}`;
  while (Date.now() < deadline) {
    const { messages } = await getJson(url);
    const fresh = (messages || []).find((m) => m.sent_at >= after);
    if (fresh) return fresh.code;
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`no verification code reached the emulator inbox for ${to} within ${STEP_TIMEOUT / 1000} s (${url})`);
}

let shotNo = 0;
async function shot(page, name) {
  shotNo += 1;
  const file = path.join(SHOTS, `${String(shotNo).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

async function sessionState(page) {
  return page.locator('#session').getAttribute('data-state');
}

async function expectState(page, state, why) {
  try {
    await page.locator(`#session[data-state="${state}"]`).waitFor({ timeout: STEP_TIMEOUT });
  } catch {
    const now = await sessionState(page).catch(() => '?');
    const err = await errorText(page);
    fail(`${why}: the session card should be "${state}" but is "${now}"${err ? `; the page shows the error: ${err}` : ''}`);
  }
}

async function errorText(page) {
  const error = page.locator('#error');
  return (await error.isVisible().catch(() => false)) ? (await error.innerText()).replace(/\s+/g, ' ').trim() : '';
}

async function expectNoError(page, why) {
  const text = await errorText(page);
  if (text) fail(`${why}: the page shows an error: ${text}`);
}

/** How many entries the event log holds for `event`. */
async function eventCount(page, event) {
  return page.locator('#events li', { hasText: event }).count();
}

/** Waits until the event log holds at least `count` entries for `event`. */
async function expectEvent(page, event, count = 1) {
  try {
    await page.waitForFunction(
      ([name, n]) => [...document.querySelectorAll('#events li')].filter((li) => li.textContent.includes(name)).length >= n,
      [event, count],
      { timeout: STEP_TIMEOUT },
    );
  } catch {
    const log = await page.locator('#events li .event-name').allInnerTexts().catch(() => []);
    fail(`the event log should show ${event}${count > 1 ? ` ${count} times` : ''}; it shows [${log.join(', ')}] (newest first)`);
  }
}

/** The session the SDK holds, read through the page's own `auth` object. */
async function sdkSession(page) {
  return page.evaluate(async () => {
    const { data, error } = await window.demo.auth.getSession();
    return { session: data?.session ?? null, error: error ? { code: error.code, message: error.message } : null };
  });
}

async function expectCardShowsUser(page, why) {
  const { session, error } = await sdkSession(page);
  if (error) fail(`${why}: auth.getSession() returned an error: ${error.code}: ${error.message}`);
  if (!session?.user?.id) fail(`${why}: auth.getSession() has no session with a user id: ${JSON.stringify(session)}`);
  const card = await page.locator('#session').innerText();
  if (!card.includes(session.user.id)) fail(`${why}: the session card does not show the user id ${session.user.id}; it reads: ${card}`);
  return session;
}

// ------------------------------------------------------------------------------------------
// Preconditions

async function preflight() {
  try {
    const health = await getJson(`${EMULATOR_URL}/emulator/v1/health`);
    if (health?.ok !== true) fail(`the emulator at ${EMULATOR_URL} is not healthy: ${JSON.stringify(health)}`);
  } catch (e) {
    if (e instanceof Failure) throw e;
    fail(`the emulator does not answer at ${EMULATOR_URL} (${e.message}); start it with scripts/emulator.sh start and set EMULATOR_URL`);
  }
  for (const p of ['/', '/app.js', '/pkg/index.js']) {
    let res;
    try {
      res = await fetch(WWW_URL + p, { signal: AbortSignal.timeout(5000) });
    } catch (e) {
      fail(`the demo server does not answer at ${WWW_URL} (${e.message}); start it with node scripts/serve-www.mjs <port> and set WWW_URL`);
    }
    if (!res.ok) {
      fail(`${WWW_URL}${p} answered HTTP ${res.status}${p.startsWith('/pkg') ? ' (build the package with scripts/build-pkg.sh)' : ''}`);
    }
  }
  const config = await (await fetch(`${WWW_URL}/config.js`)).text();
  if (!config.includes(EMULATOR_URL)) {
    console.warn(`warning: ${WWW_URL}/config.js points the page elsewhere than EMULATOR_URL=${EMULATOR_URL}: ${config.trim()}`);
  }
}

// ------------------------------------------------------------------------------------------
// Flows

const phone = `+86 139${randomDigits(8)}`;
const password = `Demo${randomDigits(6)}x`;
let userId = null;

async function openPage(page) {
  await page.goto(`${WWW_URL}/`, { waitUntil: 'domcontentloaded' });
  await page.locator('#session:not([data-state="loading"])').waitFor({ timeout: STEP_TIMEOUT }).catch(async () => {
    fail('the page never finished loading the session (the #session card stays "loading"); is /pkg/index.js working?');
  });
}

const flows = [
  [
    'fresh page is signed out',
    async (page) => {
      await openPage(page);
      await expectState(page, 'signed-out', 'a fresh browser');
      const card = await page.locator('#session').innerText();
      if (!card.includes('Signed out')) fail(`the signed-out card should say "Signed out"; it reads: ${card}`);
      await expectNoError(page, 'a fresh page');
      await shot(page, 'signed-out');
    },
  ],
  [
    `phone code sign-up (${phone}, with a password)`,
    async (page) => {
      await page.locator('#channel-phone').check();
      await page.locator('#phone-or-email').fill(phone);
      await page.locator('#password').fill(password);
      const signedInBefore = await eventCount(page, 'SIGNED_IN');
      const sentAfter = Date.now() - 1000;
      await page.locator('#send-code').click();
      await page.locator('#code').waitFor({ state: 'visible', timeout: STEP_TIMEOUT }).catch(async () => {
        fail(`after "Send code" the code field did not appear${(await errorText(page)) ? `; error: ${await errorText(page)}` : ''}`);
      });
      const code = await codeFromInbox(phone, sentAfter);
      // The page's own inbox panel shows the same code.
      await page
        .locator('#inbox', { hasText: code })
        .waitFor({ timeout: STEP_TIMEOUT })
        .catch(() => fail(`the dev inbox panel does not show the code ${code}`));
      await shot(page, 'code-sent');
      await page.locator('#code').fill(code);
      await page.locator('#verify').click();
      await expectState(page, 'signed-in', 'after verifying the code');
      await expectNoError(page, 'after verifying the code');
      const session = await expectCardShowsUser(page, 'after sign-up');
      if (session.user.phone !== phone) fail(`the session user's phone is ${JSON.stringify(session.user.phone)}, expected ${phone}`);
      if (session.user.is_anonymous) fail('the signed-up user is marked anonymous');
      for (const k of ['access_token', 'refresh_token', 'expires_at']) {
        if (!session[k]) fail(`the session has no ${k}: ${JSON.stringify(session)}`);
      }
      userId = session.user.id;
      await expectEvent(page, 'SIGNED_IN', signedInBefore + 1);
      await shot(page, 'signed-up');
    },
  ],
  [
    'reload keeps the session',
    async (page) => {
      await page.reload({ waitUntil: 'domcontentloaded' });
      await expectState(page, 'signed-in', 'after a reload');
      const session = await expectCardShowsUser(page, 'after a reload');
      if (session.user.id !== userId) fail(`after a reload the user is ${session.user.id}, expected ${userId}`);
      await expectEvent(page, 'INITIAL_SESSION');
      await expectNoError(page, 'after a reload');
      await shot(page, 'reloaded');
    },
  ],
  [
    'refresh token',
    async (page) => {
      const before = (await sdkSession(page)).session;
      const refreshedBefore = await eventCount(page, 'TOKEN_REFRESHED');
      await page.locator('#refresh').click();
      await expectEvent(page, 'TOKEN_REFRESHED', refreshedBefore + 1);
      await expectNoError(page, 'after refreshing');
      const after = await expectCardShowsUser(page, 'after refreshing');
      if (after.user.id !== userId) fail(`after a refresh the user is ${after.user.id}, expected ${userId}`);
      // The emulator rotates refresh tokens (an access token minted in the same second may be equal).
      if (after.access_token === before.access_token && after.refresh_token === before.refresh_token) {
        fail('refreshing changed neither the access token nor the refresh token');
      }
      await shot(page, 'refreshed');
    },
  ],
  [
    'sign-out',
    async (page) => {
      const signedOutBefore = await eventCount(page, 'SIGNED_OUT');
      await page.locator('#signout').click();
      await expectState(page, 'signed-out', 'after signing out');
      await expectEvent(page, 'SIGNED_OUT', signedOutBefore + 1);
      const { session, error } = await sdkSession(page);
      if (session) fail(`auth.getSession() still has a session after signing out: ${JSON.stringify(session)}`);
      if (error) fail(`auth.getSession() when signed out should give {session: null, error: null}, got error ${error.code}: ${error.message}`);
      if (!(await page.locator('#session').innerText()).includes('Signed out')) fail('the card does not say "Signed out"');
      await shot(page, 'signed-out-again');
    },
  ],
  [
    'wrong password shows an error',
    async (page) => {
      await page.locator('#phone-or-email').fill(phone);
      await page.locator('#password').fill(`${password}-wrong1`);
      await page.locator('#signin-password').click();
      await page
        .locator('#error')
        .waitFor({ state: 'visible', timeout: STEP_TIMEOUT })
        .catch(() => fail('signing in with a wrong password showed no error'));
      const code = await page.locator('#error').getAttribute('data-code');
      const text = await errorText(page);
      if (code !== 'invalid_password') fail(`a wrong password should fail with invalid_password; the page shows code ${code}: ${text}`);
      if (!/password/i.test(text)) fail(`the error for a wrong password does not mention the password: ${text}`);
      if ((await sessionState(page)) !== 'signed-out') fail('a wrong password signed the user in');
      await shot(page, 'wrong-password');
    },
  ],
  [
    'password sign-in (the password set at sign-up)',
    async (page) => {
      await page.locator('#phone-or-email').fill(phone);
      await page.locator('#password').fill(password);
      const signedInBefore = await eventCount(page, 'SIGNED_IN');
      await page.locator('#signin-password').click();
      await expectState(page, 'signed-in', 'after signing in with the password');
      await expectNoError(page, 'after signing in with the password');
      const session = await expectCardShowsUser(page, 'after the password sign-in');
      if (session.user.id !== userId) fail(`the password sign-in gave user ${session.user.id}, expected the signed-up ${userId}`);
      await expectEvent(page, 'SIGNED_IN', signedInBefore + 1);
      await shot(page, 'password-signed-in');
      await page.locator('#signout').click();
      await expectState(page, 'signed-out', 'after signing out again');
    },
  ],
  [
    'anonymous sign-in',
    async (page) => {
      const signedInBefore = await eventCount(page, 'SIGNED_IN');
      await page.locator('#signin-anon').click();
      await expectState(page, 'signed-in', 'after the anonymous sign-in');
      await expectEvent(page, 'SIGNED_IN', signedInBefore + 1);
      await expectNoError(page, 'after the anonymous sign-in');
      const session = await expectCardShowsUser(page, 'after the anonymous sign-in');
      if (!session.user.is_anonymous) fail(`the anonymous user is not marked is_anonymous: ${JSON.stringify(session.user)}`);
      if (session.user.id === userId) fail('the anonymous sign-in reused the phone user');
      await shot(page, 'anonymous');
    },
  ],
];

// ------------------------------------------------------------------------------------------
// Runner

async function main() {
  await preflight();
  await rm(SHOTS, { recursive: true, force: true });
  await mkdir(SHOTS, { recursive: true });

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const pageErrors = [];
  let page;
  let current = 'start';
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.setDefaultNavigationTimeout(STEP_TIMEOUT);
    page.on('pageerror', (e) => pageErrors.push(`page error: ${e.message}`));
    // Failed requests are logged by Chromium as console errors ("Failed to load resource"): the
    // emulator answers errors such as a wrong password with HTTP 4xx, so those are expected.
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
    });
    for (const [name, flow] of flows) {
      current = name;
      await flow(page);
      console.log(`PASS ${name}`);
    }
    if (pageErrors.length) {
      current = 'no page errors';
      fail(`the page logged errors:\n  ${pageErrors.join('\n  ')}`);
    }
    console.log(`e2e: all ${flows.length} flows passed (screenshots in ${path.relative(ROOT, SHOTS)}/)`);
  } catch (e) {
    let file = '';
    if (page) file = await shot(page, 'FAILED').catch(() => '');
    console.error(`FAIL ${current}: ${e instanceof Failure ? e.message : e.stack || e}`);
    if (file) console.error(`  screenshot: ${path.relative(ROOT, file)}`);
    if (pageErrors.length && current !== 'no page errors') console.error(`  the page logged:\n    ${pageErrors.join('\n    ')}`);
    process.exitCode = 1;
  } finally {
    await browser.close().catch(() => {});
  }
}

main().catch((e) => {
  console.error(`FAIL: ${e instanceof Failure ? e.message : e.stack || e}`);
  process.exit(1);
});
