#!/usr/bin/env node
// End-to-end test of the demo page (www/) in headless Chromium, against a running emulator and
// a running demo server (scripts/serve-www.mjs).
//   WWW_URL=http://127.0.0.1:8080 EMULATOR_URL=http://127.0.0.1:8787 node e2e/demo.mjs
// Prints one PASS line per flow (each must finish within 15 s); exits non-zero at the first
// failure, with a screenshot of it. A screenshot after every step goes to target/e2e-screenshots/.
import { chromium } from 'playwright-core';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WWW_URL = (process.env.WWW_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const EMULATOR_URL = (process.env.EMULATOR_URL || 'http://127.0.0.1:8787').replace(/\/+$/, '');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'target', 'e2e-screenshots');
/** The longest a whole step may take. */
const STEP_LIMIT = 15_000;
/** The longest one wait inside a step may take. */
const WAIT = 10_000;

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

async function postJson(url, body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) fail(`POST ${url} answered HTTP ${res.status}: ${await res.text()}`);
  return res.json();
}

async function patchJson(url, body) {
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
async function codeFromInbox(to, after) {
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

let shotNo = 0;
async function shot(page, name) {
  shotNo += 1;
  const slug = name.replace(/\s*\([^)]*\)/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  const file = path.join(SHOTS, `${String(shotNo).padStart(2, '0')}-${slug}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

async function sessionState(page) {
  return page.locator('#session').getAttribute('data-state');
}

async function expectState(page, state, why) {
  try {
    await page.locator(`#session[data-state="${state}"]`).waitFor({ timeout: WAIT });
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

/**
 * Waits for the sign-in card's error box (or another `box`) and checks its code, its sentence
 * and, for codes that were typed, what the page made of them (`problem`).
 */
async function expectError(page, { code, text, problem, box = '#error', why }) {
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
async function sendButton(page) {
  const b = page.locator('#send-code');
  return { text: (await b.innerText()).trim(), disabled: await b.isDisabled() };
}

async function focusedId(page) {
  return page.evaluate(() => document.activeElement?.id || '');
}

/** How many entries the event log holds for `event`. */
async function eventCount(page, event) {
  return page.locator(`#events li[data-event="${event}"]`).count();
}

/** Waits until the event log holds at least `count` entries for `event`. */
async function expectEvent(page, event, count = 1) {
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

const run = randomDigits(6);
const phone = `+86 139${randomDigits(8)}`;
const password = `Demo${randomDigits(6)}x`;
const nickname = `Ann ${run}`;
const username = `ann_${run}`;
const email = `demo-${run}@example.com`;
let userId = null;
let phoneCode = null;

async function openPage(page) {
  await page.goto(`${WWW_URL}/`, { waitUntil: 'domcontentloaded' });
  await page.locator('#session:not([data-state="loading"])').waitFor({ timeout: WAIT }).catch(async () => {
    fail('the page never finished loading the session (the #session card stays "loading"); is /pkg/index.js working?');
  });
}

/** Types `address` into the sign-in form (switching the channel) and an optional password. */
async function fillAddress(page, address, pass = '') {
  await page.locator(address.includes('@') ? '#channel-email' : '#channel-phone').check();
  await page.locator('#phone-or-email').fill(address);
  await page.locator('#password').fill(pass);
}

/** Presses Send code and waits for the code step; returns the time to look for codes after. */
async function sendCodeUi(page, address) {
  const sentAfter = Date.now() - 1000;
  await page.locator('#send-code').click();
  await page.locator('#code').waitFor({ state: 'visible', timeout: WAIT }).catch(async () => {
    fail(`after "Send code" for ${address} the code field did not appear${(await errorText(page)) ? `; error: ${await errorText(page)}` : ''}`);
  });
  return sentAfter;
}

async function signOutUi(page, why) {
  await page.locator('#signout').click();
  await expectState(page, 'signed-out', why);
}

/** The code on screen for `code`, changed in its first digit. */
const wrongCode = (code) => `${(Number(code[0]) + 1) % 10}${code.slice(1)}`;

const flows = [
  [
    'fresh page is signed out',
    async (page) => {
      await openPage(page);
      await expectState(page, 'signed-out', 'a fresh browser');
      const card = await page.locator('#session').innerText();
      if (!card.includes('Signed out')) fail(`the signed-out card should say "Signed out"; it reads: ${card}`);
      if (await page.locator('#profile-card').isVisible()) fail('the profile panel shows while signed out');
      await expectNoError(page, 'a fresh page');
    },
  ],
  [
    'phone code: sent, resend countdown, focus on the code',
    async (page) => {
      await fillAddress(page, phone, password);
      const sentAfter = await sendCodeUi(page, phone);
      if ((await focusedId(page)) !== 'code') fail(`after sending, the focus should be on the code field, not #${await focusedId(page)}`);
      phoneCode = await codeFromInbox(phone, sentAfter);
      // The page's own inbox panel shows the same code.
      await page
        .locator('#inbox', { hasText: phoneCode })
        .waitFor({ timeout: WAIT })
        .catch(() => fail(`the dev inbox panel does not show the code ${phoneCode}`));
      const first = await sendButton(page);
      const m = /^Resend in (\d+) s$/.exec(first.text);
      if (!m || Number(m[1]) > 60 || Number(m[1]) < 50) fail(`after sending, the button should read "Resend in 59 s" or so; it reads "${first.text}"`);
      if (!first.disabled) fail('the Send code button is not disabled during the resend countdown');
      // It counts down.
      await page
        .waitForFunction((n) => {
          const r = /^Resend in (\d+) s$/.exec(document.getElementById('send-code').textContent.trim());
          return r && Number(r[1]) < n;
        }, Number(m[1]), { timeout: 3000 })
        .catch(async () => fail(`the resend countdown does not count down: "${(await sendButton(page)).text}"`));
      const expiry = await page.locator('#code-expiry').innerText();
      if (!/expires in (9|10) min/.test(expiry)) fail(`the code step should say when the code expires; it reads "${expiry}"`);
      await expectState(page, 'signed-out', 'before the code is typed');
    },
  ],
  [
    'wrong code shows an error',
    async (page) => {
      // Typed and submitted from the keyboard.
      await page.locator('#code').fill(wrongCode(phoneCode));
      await page.locator('#code').press('Enter');
      await expectError(page, {
        code: 'invalid_code',
        problem: 'wrong',
        text: /code is not right.*4 tries left/i,
        why: 'a wrong code',
      });
      if ((await sessionState(page)) !== 'signed-out') fail('a wrong code signed the user in');
      if ((await focusedId(page)) !== 'code') fail(`after a wrong code the focus should stay on the code field, not #${await focusedId(page)}`);
    },
  ],
  [
    'right code signs up (phone, with a password)',
    async (page) => {
      const signedInBefore = await eventCount(page, 'SIGNED_IN');
      await page.locator('#code').fill(phoneCode);
      await page.locator('#code').press('Enter');
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
      if (!(await page.locator('#verify-form').isHidden())) fail('the code step is still open after signing in');
      const expires = await page.locator('[data-expires-at]').innerText();
      if (!/in (1 h|2 h|\d+ min)/.test(expires)) fail(`the session card should count down to the token's expiry; it reads "${expires}"`);
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
    },
  ],
  [
    'profile update (nickname and username), kept after a reload',
    async (page) => {
      await page.locator('#profile-card').waitFor({ state: 'visible', timeout: WAIT }).catch(() => fail('no profile panel while signed in'));
      if (!(await page.locator('#profile-save').isDisabled())) fail('Save is enabled before anything changed');
      const updatedBefore = await eventCount(page, 'USER_UPDATED');
      await page.locator('#profile-nickname').fill(nickname);
      await page.locator('#profile-username').fill(username);
      await page.locator('#profile-username').press('Enter');
      await expectEvent(page, 'USER_UPDATED', updatedBefore + 1);
      await page.locator('#session-name', { hasText: nickname }).waitFor({ timeout: WAIT }).catch(async () => {
        fail(`the session card should show the new name "${nickname}"; it reads: ${await page.locator('#session').innerText()}`);
      });
      await page.locator('#profile-status', { hasText: 'Saved' }).waitFor({ timeout: WAIT }).catch(() => fail('no "Saved." after saving the profile'));
      if ((await page.locator('#session-username').innerText()) !== username) fail('the session card does not show the new username');
      const { session } = await sdkSession(page);
      if (session.user.user_metadata?.nickName !== nickname) fail(`the SDK's user has nickName ${JSON.stringify(session.user.user_metadata?.nickName)}`);
      if (session.user.user_metadata?.username !== username) fail(`the SDK's user has username ${JSON.stringify(session.user.user_metadata?.username)}`);
      await expectNoError(page, 'after saving the profile');
      await shot(page, 'profile-saved');

      await page.reload({ waitUntil: 'domcontentloaded' });
      await expectState(page, 'signed-in', 'after a reload');
      await page.locator('#session-name', { hasText: nickname }).waitFor({ timeout: WAIT }).catch(async () => {
        fail(`after a reload the session card should show "${nickname}"; it reads: ${await page.locator('#session').innerText()}`);
      });
      const fields = [await page.locator('#profile-nickname').inputValue(), await page.locator('#profile-username').inputValue()];
      if (fields[0] !== nickname || fields[1] !== username) fail(`after a reload the profile fields hold ${JSON.stringify(fields)}`);
    },
  ],
  [
    'profile: a username with spaces is refused in plain words',
    async (page) => {
      await page.locator('#profile-username').fill('not valid!');
      await page.locator('#profile-save').click();
      await expectError(page, { box: '#profile-error', code: 'invalid_argument', text: /username can’t be used: only letters/i, why: 'a bad username' });
      if ((await page.locator('#session-username').innerText()) !== username) fail('a refused username changed the card');
      await page.locator('#profile-username').fill(username);
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
      if (await page.locator('#profile-card').isVisible()) fail('the profile panel still shows after signing out');
    },
  ],
  [
    'wrong password shows an error',
    async (page) => {
      await fillAddress(page, phone, `${password}-wrong1`);
      await page.locator('#signin-password').click();
      const text = await expectError(page, { code: 'invalid_password', text: /password is not right/i, why: 'a wrong password' });
      if ((await sessionState(page)) !== 'signed-out') fail(`a wrong password signed the user in (${text})`);
    },
  ],
  [
    'no such account shows an error',
    async (page) => {
      await fillAddress(page, `+86 137${randomDigits(8)}`, password);
      await page.locator('#password').press('Enter');
      await expectError(page, { code: 'not_found', text: /no account uses that/i, why: 'an unknown phone number' });
    },
  ],
  [
    'password sign-in (the password set at sign-up; Enter in the password field)',
    async (page) => {
      await fillAddress(page, phone, password);
      const signedInBefore = await eventCount(page, 'SIGNED_IN');
      await page.locator('#password').press('Enter');
      await expectState(page, 'signed-in', 'after signing in with the password');
      await expectNoError(page, 'after signing in with the password');
      const session = await expectCardShowsUser(page, 'after the password sign-in');
      if (session.user.id !== userId) fail(`the password sign-in gave user ${session.user.id}, expected the signed-up ${userId}`);
      await expectEvent(page, 'SIGNED_IN', signedInBefore + 1);
      await shot(page, 'password-signed-in');
      await signOutUi(page, 'after signing out again');
    },
  ],
  [
    'password sign-in with the username from the profile',
    async (page) => {
      await page.locator('#phone-or-email').fill(username);
      await page.locator('#password').fill(password);
      await page.locator('#signin-password').click();
      await expectState(page, 'signed-in', 'after signing in with the username');
      const session = await expectCardShowsUser(page, 'after the username sign-in');
      if (session.user.id !== userId) fail(`the username sign-in gave user ${session.user.id}, expected ${userId}`);
      if ((await page.locator('#session-name').innerText()) !== nickname) fail('the card does not show the nickname after the username sign-in');
      await shot(page, 'username-signed-in');
      await signOutUi(page, 'after signing out');
    },
  ],
  [
    'email code sign-up (no password)',
    async (page) => {
      await fillAddress(page, email);
      if ((await page.locator('#phone-or-email-label').innerText()) !== 'Email') fail('the field is not labelled "Email" on the email channel');
      const signedInBefore = await eventCount(page, 'SIGNED_IN');
      const sentAfter = await sendCodeUi(page, email);
      const code = await codeFromInbox(email, sentAfter);
      await page.locator('#code-sent-to', { hasText: email }).waitFor({ timeout: WAIT }).catch(() => fail('the code step does not name the email'));
      // The inbox panel's "Use this code" fills the field.
      const use = page.locator('#inbox .use-code');
      await page.locator('#inbox', { hasText: code }).waitFor({ timeout: WAIT }).catch(() => fail(`the dev inbox panel does not show ${code}`));
      await use.click();
      if ((await page.locator('#code').inputValue()) !== code) fail('"Use this code" did not fill the code field');
      await shot(page, 'email-code-sent');
      await page.locator('#verify').click();
      await expectState(page, 'signed-in', 'after verifying the email code');
      await expectNoError(page, 'after the email sign-up');
      const session = await expectCardShowsUser(page, 'after the email sign-up');
      if (session.user.email !== email) fail(`the session user's email is ${JSON.stringify(session.user.email)}, expected ${email}`);
      if (session.user.id === userId) fail('the email sign-up reused the phone user');
      if (!(await page.locator('#session').innerText()).includes(email)) fail('the session card does not show the email');
      await expectEvent(page, 'SIGNED_IN', signedInBefore + 1);
      await shot(page, 'email-signed-up');
      await signOutUi(page, 'after signing out of the email account');
    },
  ],
  [
    'too many wrong codes: the code stops working',
    async (page) => {
      const address = `tries-${run}@example.com`;
      await fillAddress(page, address);
      const sentAfter = await sendCodeUi(page, address);
      const code = await codeFromInbox(address, sentAfter);
      for (let i = 1; i <= 5; i++) {
        await page.locator('#code').fill(wrongCode(code));
        await page.locator('#verify').click();
        await expectError(page, {
          code: 'invalid_code',
          problem: i < 5 ? 'wrong' : 'last-try',
          text: i < 5 ? new RegExp(`${5 - i} tr(y|ies) left`) : /last try/,
          why: `wrong code number ${i}`,
        });
      }
      await page.locator('#code').fill(code);
      await page.locator('#verify').click();
      await expectError(page, {
        code: 'max_attempts_exceeded',
        problem: 'too-many',
        text: /too many wrong tries.*resend code/i,
        why: 'the right code after five wrong ones',
      });
      if ((await sessionState(page)) !== 'signed-out') fail('a code past its tries signed the user in');
      await shot(page, 'too-many-tries');
      await page.locator('#cancel-code').click();
      if (!(await page.locator('#verify-form').isHidden())) fail('"Use a different phone or email" did not close the code step');
    },
  ],
  [
    'the documented code errors in plain words (impossible phone, no account to reset, expired code)',
    async (page) => {
      await fillAddress(page, '+86 12345');
      await page.locator('#send-code').click();
      await expectError(page, { code: 'invalid_phone', text: /phone number doesn’t look right/i, why: 'an impossible phone number' });
      await shot(page, 'invalid-phone');
      await fillAddress(page, `nobody-${run}@example.com`);
      await page.locator('#forgot-password').click();
      await expectError(page, { code: 'user_not_found', text: /no account uses that/i, why: 'a password reset for an unknown address' });
      // A code that lives one second (the emulator's setting is put back at once).
      const address = `expired-${run}@example.com`;
      await fillAddress(page, address);
      const { code_ttl_secs: ttl } = await getJson(`${EMULATOR_URL}/emulator/v1/config`);
      await patchJson(`${EMULATOR_URL}/emulator/v1/config`, { code_ttl_secs: 1 });
      let sentAfter;
      try {
        sentAfter = await sendCodeUi(page, address);
      } finally {
        await patchJson(`${EMULATOR_URL}/emulator/v1/config`, { code_ttl_secs: ttl });
      }
      const code = await codeFromInbox(address, sentAfter);
      await new Promise((r) => setTimeout(r, 2100));
      await page.locator('#code').fill(code);
      await page.locator('#verify').click();
      await expectError(page, { code: 'code_expired', problem: 'expired', text: /code has expired/i, why: 'a code past its lifetime' });
      if ((await sessionState(page)) !== 'signed-out') fail('an expired code signed the user in');
      await shot(page, 'code-expired');
      await page.locator('#cancel-code').click();
    },
  ],
  [
    'forgot password: reset code, new password, signed in',
    async (page) => {
      const address = `reset-${run}@example.com`;
      const newPassword = `New${randomDigits(6)}pw`;
      await postJson(`${EMULATOR_URL}/emulator/v1/users?client_id=demo-env`, {
        username: `reset_${run}`,
        password: `Old${randomDigits(6)}pw`,
        email: address,
      });
      await fillAddress(page, address);
      const before = { signedIn: await eventCount(page, 'SIGNED_IN'), recovery: await eventCount(page, 'PASSWORD_RECOVERY') };
      const sentAfter = Date.now() - 1000;
      await page.locator('#forgot-password').click();
      await page.locator('#new-password').waitFor({ state: 'visible', timeout: WAIT }).catch(async () => {
        fail(`"Forgot password?" did not open the reset step${(await errorText(page)) ? `; error: ${await errorText(page)}` : ''}`);
      });
      if ((await focusedId(page)) !== 'code') fail(`after sending the reset code the focus should be on the code field, not #${await focusedId(page)}`);
      if (!/^Resend in \d+ s$/.test((await sendButton(page)).text)) fail('no resend countdown after sending the reset code');
      const code = await codeFromInbox(address, sentAfter);
      await page.locator('#code').fill(code);
      await page.locator('#new-password').fill('short');
      await page.locator('#new-password').press('Enter');
      await expectError(page, { code: 'invalid_argument', text: /password can’t be used: it must be 8 to 32/i, why: 'a too short new password' });
      await shot(page, 'reset-code-sent');
      await page.locator('#new-password').fill(newPassword);
      await page.locator('#reset-submit').click();
      await expectState(page, 'signed-in', 'after setting the new password');
      await expectNoError(page, 'after setting the new password');
      await expectEvent(page, 'PASSWORD_RECOVERY', before.recovery + 1);
      await expectEvent(page, 'SIGNED_IN', before.signedIn + 1);
      const session = await expectCardShowsUser(page, 'after the password reset');
      if (session.user.email !== address) fail(`the reset signed in ${JSON.stringify(session.user.email)}, expected ${address}`);
      if (!/password was changed/i.test(await page.locator('#notice').innerText())) fail('no notice that the password was changed');
      await shot(page, 'reset-signed-in');
      await signOutUi(page, 'after signing out of the reset account');
      await fillAddress(page, address, newPassword);
      await page.locator('#signin-password').click();
      await expectState(page, 'signed-in', 'signing in with the new password');
      await signOutUi(page, 'after signing out again');
    },
  ],
  [
    'network down shows a plain error',
    async (page) => {
      await page.route(`${EMULATOR_URL}/auth/**`, (route) => route.abort('internetdisconnected'));
      try {
        await page.locator('#signin-anon').click();
        await expectError(page, { code: 'unreachable', text: /can’t reach the auth service/i, why: 'with the network down' });
        if ((await sessionState(page)) !== 'signed-out') fail('signed in with the network down');
      } finally {
        await page.unroute(`${EMULATOR_URL}/auth/**`);
      }
    },
  ],
  [
    'two tabs stay in sync (sign in in A shows in B; sign out in B shows in A)',
    async (page, { context }) => {
      const other = await context.newPage();
      try {
        await openPage(other);
        await expectState(other, 'signed-out', 'tab B at first');
        await fillAddress(page, phone, password);
        await page.locator('#signin-password').click();
        await expectState(page, 'signed-in', 'tab A after signing in');
        await expectState(other, 'signed-in', 'tab B, without a reload, after tab A signed in');
        const session = await expectCardShowsUser(other, 'tab B');
        if (session.user.id !== userId) fail(`tab B shows user ${session.user.id}, expected ${userId}`);
        await other.locator('#session-name', { hasText: nickname }).waitFor({ timeout: WAIT }).catch(() => fail('tab B does not show the name'));
        await expectEvent(other, 'SIGNED_IN');
        await shot(other, 'tab-b-signed-in');
        await other.locator('#signout').click();
        await expectState(other, 'signed-out', 'tab B after signing out');
        await expectState(page, 'signed-out', 'tab A, without a reload, after tab B signed out');
        await expectEvent(page, 'SIGNED_OUT');
        await shot(other, 'tab-b-signed-out');
      } finally {
        await other.close();
      }
    },
  ],
  [
    'resend: the countdown ends in "Resend code"; a rate limit extends it',
    async (_page, { newContext }) => {
      // A tab of its own whose clock can be moved on a minute.
      const context = await newContext();
      try {
        const page = await context.newPage();
        await page.clock.install();
        await openPage(page);
        const address = `resend-${run}@example.com`;
        await fillAddress(page, address);
        await sendCodeUi(page, address);
        if (!/^Resend in (59|60) s$/.test((await sendButton(page)).text)) fail(`after sending: "${(await sendButton(page)).text}"`);
        await page.clock.fastForward(61_000);
        await page
          .waitForFunction(() => document.getElementById('send-code').textContent.trim() === 'Resend code', null, { timeout: 3000 })
          .catch(async () => fail(`a minute later the button should read "Resend code"; it reads "${(await sendButton(page)).text}"`));
        if ((await sendButton(page)).disabled) fail('"Resend code" is disabled');
        await shot(page, 'resend-ready');
        // The emulator keeps its own gap between codes (30 s unless configured otherwise) on its
        // own clock, which did not move: the resend is refused and the countdown takes the
        // service's retry-after.
        const gap = Number((await getJson(`${EMULATOR_URL}/emulator/v1/config`)).resend_gap_secs);
        const sentAfter = Date.now() - 500;
        await page.locator('#send-code').click();
        if (!(gap > 3)) {
          // An emulator configured without a useful gap: the resend goes out and counts down anew.
          await codeFromInbox(address, sentAfter);
          if (!/^Resend in (59|60) s$/.test((await sendButton(page)).text)) fail(`after resending: "${(await sendButton(page)).text}"`);
          console.log(`  (the emulator's resend gap is ${gap} s: the rate-limit part is skipped)`);
          return;
        }
        const text = await expectError(page, {
          code: 'resource_exhausted',
          text: /ask for another in \d+ seconds/i,
          why: 'a resend the service refuses',
        });
        const seconds = Number(/(\d+) seconds/.exec(text)[1]);
        const button = await sendButton(page);
        const m = /^Resend in (\d+) s$/.exec(button.text);
        if (!m || !button.disabled) fail(`after a rate limit the button should count down again; it reads "${button.text}"`);
        if (Math.abs(Number(m[1]) - seconds) > 2) fail(`the countdown (${m[1]} s) does not follow the service's wait (${seconds} s)`);
        await shot(page, 'resend-rate-limited');
      } finally {
        await context.close();
      }
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
    },
  ],
];

// ------------------------------------------------------------------------------------------
// Runner

async function main() {
  await preflight();
  console.log(`e2e: phone ${phone}, email ${email}, username ${username}`);
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

main().catch((e) => {
  console.error(`FAIL: ${e instanceof Failure ? e.message : e.stack || e}`);
  process.exit(1);
});
