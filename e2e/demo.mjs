#!/usr/bin/env node
// End-to-end test of the demo page (www/) in headless Chromium, against a running emulator and
// a running demo server (scripts/serve-www.mjs).
//   WWW_URL=http://127.0.0.1:8080 EMULATOR_URL=http://127.0.0.1:8787 node e2e/demo.mjs
// Prints one PASS line per flow (each must finish within 15 s); exits non-zero at the first
// failure, with a screenshot of it. A screenshot after every step goes to target/e2e-screenshots/.
import {
  EMULATOR_URL,
  WAIT,
  Failure,
  fail,
  randomDigits,
  getJson,
  postJson,
  patchJson,
  codeFromInbox,
  shot,
  sessionState,
  expectState,
  errorText,
  expectNoError,
  expectError,
  sendButton,
  focusedId,
  eventCount,
  expectEvent,
  sdkSession,
  expectCardShowsUser,
  openPage,
  fillAddress,
  sendCodeUi,
  signOutUi,
  runFlows,
} from './demo-helpers.mjs';

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
  console.log(`e2e: phone ${phone}, email ${email}, username ${username}`);
  await runFlows(flows);
}

main().catch((e) => {
  console.error(`FAIL: ${e instanceof Failure ? e.message : e.stack || e}`);
  process.exit(1);
});
