// Helpers of the demo page's end-to-end test (e2e/demo.mjs): the emulator's dev API, the
// page's state, errors and events, screenshots, and the sign-in form's steps.
import { chromium } from 'playwright-core';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WWW_URL = (process.env.WWW_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const EMULATOR_URL = (process.env.EMULATOR_URL || 'http://127.0.0.1:8787').replace(/\/+$/, '');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SHOTS = path.join(ROOT, 'target', 'e2e-screenshots');
/** The longest a whole step may take. */
export const STEP_LIMIT = 15_000;
/** The longest one wait inside a step may take. */
export const WAIT = 10_000;

export class Failure extends Error {}
export const fail = (msg) => {
  throw new Failure(msg);
};

// ------------------------------------------------------------------------------------------
// Helpers

export const randomDigits = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

export async function getJson(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) fail(`GET ${url} answered HTTP ${res.status}`);
  return res.json();
}

export async function postJson(url, body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) fail(`POST ${url} answered HTTP ${res.status}: ${await res.text()}`);
  return res.json();
}

export async function patchJson(url, body) {
  const res = await fetch(url, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) fail(`PATCH ${url} answered HTTP ${res.status}: ${await res.text()}`);
  return res.json();
}

/** Waits for a new code sent to `to` (newer than `after`, unix ms), read from the emulator inbox. */
export async function codeFromInbox(to, after) {
  const deadline = Date.now() + WAIT;
  const url = `${EMULATOR_URL}/emulator/v1/inbox?to=${encodeURIComponent(to)}`;
  while (Date.now() < deadline) {
    const { messages } = await getJson(url);
    const fresh = (messages || []).find((m) => m.sent_at >= after);
    if (fresh) return fresh.code;
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`no verification code reached the emulator inbox for ${to} within ${WAIT / 1000} s (${url})`);
}

export let shotNo = 0;
export async function shot(page, name) {
  shotNo += 1;
  const slug = name.replace(/\s*\([^)]*\)/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  const file = path.join(SHOTS, `${String(shotNo).padStart(2, '0')}-${slug}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

export async function sessionState(page) {
  return page.locator('#session').getAttribute('data-state');
}

export async function expectState(page, state, why) {
  try {
    await page.locator(`#session[data-state="${state}"]`).waitFor({ timeout: WAIT });
  } catch {
    const now = await sessionState(page).catch(() => '?');
    const err = await errorText(page);
    fail(`${why}: the session card should be "${state}" but is "${now}"${err ? `; the page shows the error: ${err}` : ''}`);
  }
}

export async function errorText(page) {
  const error = page.locator('#error');
  return (await error.isVisible().catch(() => false)) ? (await error.innerText()).replace(/\s+/g, ' ').trim() : '';
}

export async function expectNoError(page, why) {
  const text = await errorText(page);
  if (text) fail(`${why}: the page shows an error: ${text}`);
}

/**
 * Waits for the sign-in card's error box (or another `box`) and checks its code, its sentence
 * and, for codes that were typed, what the page made of them (`problem`).
 */
export async function expectError(page, { code, text, problem, box = '#error', why }) {
  const locator = page.locator(box);
  await locator.waitFor({ state: 'visible', timeout: WAIT }).catch(() => fail(`${why}: no error was shown in ${box}`));
  const shown = (await locator.innerText()).replace(/\s+/g, ' ').trim();
  const shownCode = await locator.getAttribute('data-code');
  if (code && shownCode !== code) fail(`${why}: the error should have the code ${code}; it has ${shownCode}: ${shown}`);
  if (problem) {
    const shownProblem = await locator.getAttribute('data-problem');
    if (shownProblem !== problem) fail(`${why}: the page should read the error as "${problem}", not "${shownProblem}": ${shown}`);
  }
  if (text && !text.test(shown)) fail(`${why}: the error should match ${text}; it reads: ${shown}`);
  return shown;
}

/** The label of the Send code button and whether it is disabled. */
export async function sendButton(page) {
  const b = page.locator('#send-code');
  return { text: (await b.innerText()).trim(), disabled: await b.isDisabled() };
}

export async function focusedId(page) {
  return page.evaluate(() => document.activeElement?.id || '');
}

/** How many entries the event log holds for `event`. */
export async function eventCount(page, event) {
  return page.locator(`#events li[data-event="${event}"]`).count();
}

/** Waits until the event log holds at least `count` entries for `event`. */
export async function expectEvent(page, event, count = 1) {
  try {
    await page.waitForFunction(
      ([name, n]) => [...document.querySelectorAll('#events li')].filter((li) => li.dataset.event === name).length >= n,
      [event, count],
      { timeout: WAIT },
    );
  } catch {
    const log = await page.locator('#events li .event-name').allInnerTexts().catch(() => []);
    fail(`the event log should show ${event}${count > 1 ? ` ${count} times` : ''}; it shows [${log.join(', ')}] (newest first)`);
  }
}

/** The session the SDK holds, read through the page's own `auth` object. */
export async function sdkSession(page) {
  return page.evaluate(async () => {
    const { data, error } = await window.demo.auth.getSession();
    return { session: data?.session ?? null, error: error ? { code: error.code, message: error.message } : null };
  });
}

export async function expectCardShowsUser(page, why) {
  const { session, error } = await sdkSession(page);
  if (error) fail(`${why}: auth.getSession() returned an error: ${error.code}: ${error.message}`);
  if (!session?.user?.id) fail(`${why}: auth.getSession() has no session with a user id: ${JSON.stringify(session)}`);
  const card = await page.locator('#session').innerText();
  if (!card.includes(session.user.id)) fail(`${why}: the session card does not show the user id ${session.user.id}; it reads: ${card}`);
  return session;
}

// ------------------------------------------------------------------------------------------
// Preconditions

export async function preflight() {
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

export async function openPage(page) {
  await page.goto(`${WWW_URL}/`, { waitUntil: 'domcontentloaded' });
  await page.locator('#session:not([data-state="loading"])').waitFor({ timeout: WAIT }).catch(async () => {
    fail('the page never finished loading the session (the #session card stays "loading"); is /pkg/index.js working?');
  });
}

/** Types `address` into the sign-in form (switching the channel) and an optional password. */
export async function fillAddress(page, address, pass = '') {
  await page.locator(address.includes('@') ? '#channel-email' : '#channel-phone').check();
  await page.locator('#phone-or-email').fill(address);
  await page.locator('#password').fill(pass);
}

/** Presses Send code and waits for the code step; returns the time to look for codes after. */
export async function sendCodeUi(page, address) {
  const sentAfter = Date.now() - 1000;
  await page.locator('#send-code').click();
  await page.locator('#code').waitFor({ state: 'visible', timeout: WAIT }).catch(async () => {
    fail(`after "Send code" for ${address} the code field did not appear${(await errorText(page)) ? `; error: ${await errorText(page)}` : ''}`);
  });
  return sentAfter;
}

export async function signOutUi(page, why) {
  await page.locator('#signout').click();
  await expectState(page, 'signed-out', why);
}

/** The code on screen for `code`, changed in its first digit. */

/** Runs `flows` ([name, step] pairs) in one browser, each within STEP_LIMIT, and reports. */
export async function runFlows(flows) {
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
    // Every tab of the test, in any context, reports its errors.
    const watch = (p) => {
      p.setDefaultTimeout(WAIT);
      p.setDefaultNavigationTimeout(WAIT);
      p.on('pageerror', (e) => pageErrors.push(`page error: ${e.message}`));
      // Failed requests are logged by Chromium as console errors ("Failed to load resource"): the
      // emulator answers errors such as a wrong password with HTTP 4xx, so those are expected.
      p.on('console', (m) => {
        if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
      });
    };
    const newContext = async () => {
      const c = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      c.on('page', watch);
      return c;
    };
    const context = await newContext();
    page = await context.newPage();
    for (const [name, flow] of flows) {
      current = name;
      const started = Date.now();
      let timer;
      const limit = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Failure(`the step took longer than ${STEP_LIMIT / 1000} s`)), STEP_LIMIT);
      });
      try {
        await Promise.race([flow(page, { context, newContext }), limit]);
      } finally {
        clearTimeout(timer);
      }
      await shot(page, name);
      console.log(`PASS ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
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

