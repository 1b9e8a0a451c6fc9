// The v2 login-state API in headless Chromium against the emulator, as the original gives it:
// `onLoginStateChanged` calls back with the login state at once, then on each sign-in and
// sign-out with `{ name: 'loginStateChanged', data: { eventType }, ...loginState }`; and
// `getUserInfo()` is `getCurrentUser()`. Then the credentials (`getCredentials`, `loginScope`,
// `loginGroups`, `refreshTokenForce`) and the changes made with a sudo token (`sudo`,
// `setPassword`, `bindPhoneNumber`, `bindEmail`, `getProviders`, `resetPassword`, `deleteMe`),
// each resolving what the original resolves or rejecting with the raw error; and a deletion
// racing another tab's sign-in.
//   WWW_URL=http://127.0.0.1:8798 EMULATOR_URL=http://127.0.0.1:8797 node e2e/v2.mjs
import { EMULATOR_URL, check, createUser, finish, launch, openAuth } from './checks.mjs';

const env = `v2-${Math.random().toString(16).slice(2, 10)}`;
const username = `v2user${Date.now()}`;

const browser = await launch();
try {
  await createUser(env, username);
  const { page, errors } = await openAuth(browser, env);
  const seen = await page.evaluate(async ({ username }) => {
    const { auth } = window;
    const calls = [];
    const idle = () => new Promise((r) => setTimeout(r, 50));
    // What each call got: null, or its user's uid, its event type and name.
    const shape = (s) => (s === null ? null
      : { uid: s.user ? s.user.uid : undefined, type: s.data ? s.data.eventType : undefined, name: s.name });
    const sub = auth.onLoginStateChanged((state) => calls.push(shape(state)));
    await auth.getSession();
    await idle();
    const signedIn = await auth.signIn({ username, password: 'abc12345' });
    await idle();
    const info = await auth.getUserInfo();
    await auth.signOut();
    await idle();
    sub.unsubscribe();
    await auth.signIn({ username, password: 'abc12345' });
    await idle();
    return { calls, uid: signedIn.user.uid, info: info && info.uid };
  }, { username });
  const [first, signIn, signOut, ...more] = seen.calls;
  check('onLoginStateChanged calls back at once with the login state (null signed out)', first === null, seen.calls);
  check('then a sign-in with { name, data: { eventType: "sign_in" }, user }',
    signIn && signIn.type === 'sign_in' && signIn.name === 'loginStateChanged' && signIn.uid === seen.uid, seen.calls);
  check('then a sign-out with { name, data: { eventType: "sign_out" } } and no user',
    signOut && signOut.type === 'sign_out' && signOut.name === 'loginStateChanged' && signOut.uid === undefined, seen.calls);
  check('and nothing after unsubscribe', more.length === 0, seen.calls);
  check('getUserInfo() gives the signed-in user', seen.info === seen.uid, seen);
  check('no page errors', errors.length === 0, errors);
  await account(browser);
  await deletionRace(browser);
} finally {
  await browser.close();
}
finish('v2');

// The credentials and the changes made with a sudo token, on a user of its own.
async function account(browser) {
  const accountEnv = `${env}-a`;
  const name = `v2acct${Date.now()}`;
  const email = `${name}@example.com`;
  await createUser(accountEnv, name, { email });
  const { page, errors } = await openAuth(browser, accountEnv);
  // One wrong password only: the emulator refuses sign-ins from an address after 10 a minute,
  // and the suites before this one have theirs.
  const out = await page.evaluate(async ({ name, email, emulator }) => {
    const { auth } = window;
    const out = {};
    try {
      await steps(out);
    } catch (e) {
      out.thrown = JSON.stringify(e && e.error ? e : String(e && e.stack || e));
    }
    return out;
    async function steps(out) {
      const rand = () => Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b % 10).join('');
      // The error string a call rejects with (`null` when it resolves).
      const refused = (p) => p.then(() => null, (e) => (e && e.error) || String(e));
      const code = async (to) => {
        const r = await fetch(`${emulator}/emulator/v1/inbox?to=${encodeURIComponent(to)}`);
        return (await r.json()).messages[0].code;
      };
      const verified = async (address) => {
        const field = address.includes('@') ? 'email' : 'phone_number';
        const { verification_id } = await auth.getVerification({ [field]: address });
        return (await auth.verify({ verification_id, verification_code: await code(address) })).verification_token;
      };
      out.signedOut = await refused(auth.getCredentials());
      await auth.signIn({ username: name, password: 'abc12345' });
      const c = await auth.getCredentials();
      out.credentials = {
        token: typeof c.access_token === 'string' && c.access_token.length > 0,
        date: c.expires_at instanceof Date && c.expires_at.getTime() > Date.now(),
        user: 'user' in c, scope: c.scope,
      };
      out.scope = await auth.loginScope();
      out.groups = await auth.loginGroups();
      const forced = await auth.refreshTokenForce();
      const now = (await auth.getSession()).data.session;
      out.forced = forced.access_token !== c.access_token && forced.refresh_token !== c.refresh_token
        && now.access_token === forced.access_token && forced.expires_at instanceof Date;
      // setCredentials: what getCredentials() gave (expires_at a Date) is the session again.
      const handed = await auth.getCredentials();
      await auth.setCredentials(null);
      out.cleared = auth.hasLoginState() === null && (await auth.getSession()).data.session === null;
      out.setBack = await auth.setCredentials(handed);
      const back = (await auth.getSession()).data.session;
      out.restored = !!back && back.access_token === handed.access_token && back.user.id === now.user.id
        && Date.parse(back.expires_at) === handed.expires_at.getTime() && auth.hasLoginState() !== null;
      out.setIncomplete = await refused(auth.setCredentials({ access_token: handed.access_token }));
      out.setUnknown = await refused(auth.setCredentials({ access_token: 'not-a-token', expires_in: 7200 }));
      out.keptAfterSet = (await auth.getSession()).data.session.access_token === handed.access_token;
      out.providers = await auth.getProviders();
      out.sudoWrong = await refused(auth.sudo({ password: 'wrong-pass1' }));
      const first = await auth.sudo({ password: 'abc12345' });
      out.sudo = typeof first.sudo_token === 'string' && first.sudo_token.length > 0;
      out.setPassword = await auth.setPassword({ new_password: 'newpass123', sudo_token: first.sudo_token });
      out.reused = await refused(auth.setPassword({ new_password: 'other1234', sudo_token: first.sudo_token }));
      await auth.signOut();
      out.newPassword = (await auth.signIn({ username: name, password: 'newpass123' })).user.uid !== undefined;
      await auth.signOut();
      // Each address gets one code here (a second within a minute is refused).
      const resetToken = await verified(email);
      out.reset = await auth.resetPassword({ email, new_password: 'reset1234', verification_token: resetToken });
      out.resetSignedIn = auth.hasLoginState() !== null;
      out.resetWorks = (await auth.signIn({ username: name, password: 'reset1234' })).user.uid !== undefined;
      const phone = `+86 139${rand()}`;
      const phoneToken = await verified(phone);
      const second = await auth.sudo({ password: 'reset1234' });
      out.bindPhone = await auth.bindPhoneNumber({ phone_number: phone, sudo_token: second.sudo_token, verification_token: phoneToken });
      out.phone = auth.currentUser && auth.currentUser.phoneNumber === phone;
      const newEmail = `v2-${rand()}@example.com`;
      const emailToken = await verified(newEmail);
      const third = await auth.sudo({ password: 'reset1234' });
      await auth.bindEmail({ email: newEmail, sudo_token: third.sudo_token, verification_token: emailToken });
      out.email = (await auth.getCurrentUser()).email === newEmail;
      out.deleteWrong = await refused(auth.deleteMe({ sudo_token: 'not-a-sudo-token' }));
      out.keptAfterWrong = auth.hasLoginState() !== null;
      const fourth = await auth.sudo({ password: 'reset1234' });
      out.deleteMe = await auth.deleteMe({ sudo_token: fourth.sudo_token });
      out.afterDelete = {
        state: auth.hasLoginState(),
        session: (await auth.getSession()).data.session,
        stored: Object.keys(localStorage).filter((k) => k.startsWith('credentials_')),
      };
      out.deletedSignIn = await refused(auth.signIn({ username: name, password: 'reset1234' }));
    }
  }, { name, email, emulator: EMULATOR_URL });
  check('the account steps ran through', out.thrown === undefined, out);
  check('getCredentials() signed out rejects with unauthenticated', out.signedOut === 'unauthenticated', out);
  check('getCredentials() gives the stored fields, expires_at a Date, no user',
    out.credentials.token && out.credentials.date && !out.credentials.user && out.credentials.scope === 'user', out);
  check('loginScope() and loginGroups() read the credentials',
    out.scope === 'user' && (out.groups === undefined || Array.isArray(out.groups)), out);
  check('refreshTokenForce() refreshes now and gives the new credentials', out.forced, out);
  check('setCredentials(null) signs out here', out.cleared, out);
  check('setCredentials(getCredentials()) makes them the session again, resolving undefined, their expiry kept',
    out.setBack === undefined && out.restored, out);
  check('setCredentials() without expires_in, or with a token the service refuses, rejects and keeps the session',
    out.setIncomplete === 'invalid_argument' && out.setUnknown === 'unauthenticated' && out.keptAfterSet, out);
  check('getProviders() gives { total, data } as the service lists them',
    Array.isArray(out.providers.data) && (out.providers.total === undefined || typeof out.providers.total === 'number'), out);
  check('sudo() with a wrong password rejects with the raw error', out.sudoWrong === 'invalid_password', out);
  check('sudo() gives { sudo_token }', out.sudo, out);
  check('setPassword() resolves undefined, and the new password signs in', out.setPassword === undefined && out.newPassword, out);
  check('a used sudo token is refused', out.reused === 'invalid_argument', out);
  check('bindPhoneNumber() binds the verified phone, and currentUser has it', out.bindPhone === undefined && out.phone, out);
  check('bindEmail() binds the verified email', out.email, out);
  check('resetPassword() sets the new password and signs nobody in',
    out.reset === undefined && !out.resetSignedIn && out.resetWorks, out);
  check('deleteMe() with a bad sudo token rejects and keeps the session', typeof out.deleteWrong === 'string' && out.keptAfterWrong, out);
  check('deleteMe() deletes the user and signs out',
    out.deleteMe === undefined && out.afterDelete.state === null && out.afterDelete.session === null
      && out.afterDelete.stored.length === 0 && typeof out.deletedSignIn === 'string', out);
  check('no page errors in the account checks', errors.length === 0, errors);
}

// Two tabs: tab A deletes its user while tab B signs in another one (A's DELETE held until
// B's sign-in is stored). The user is deleted and B's session stays, in both tabs.
async function deletionRace(browser) {
  const raceEnv = `${env}-r`;
  const [first, second] = [`v2gone${Date.now()}`, `v2stays${Date.now()}`];
  await createUser(raceEnv, first);
  await createUser(raceEnv, second);
  const context = await browser.newContext();
  const a = await openAuth(browser, raceEnv, {}, context);
  const b = await openAuth(browser, raceEnv, {}, context);
  let hit;
  const held = new Promise((r) => { hit = r; });
  let release;
  const released = new Promise((r) => { release = r; });
  await a.page.route('**/auth/v1/user/me?*', async (route, request) => {
    if (request.method() === 'DELETE') {
      hit();
      await released;
    }
    await route.continue();
  });
  const token = await a.page.evaluate(async (name) => {
    await window.auth.signIn({ username: name, password: 'abc12345' });
    return (await window.auth.sudo({ password: 'abc12345' })).sudo_token;
  }, first);
  await a.page.evaluate((sudo_token) => { window.deleting = window.auth.deleteMe({ sudo_token }); }, token);
  await held;
  const stays = await b.page.evaluate(async (name) => (await window.auth.signIn({ username: name, password: 'abc12345' })).user.uid, second);
  await a.page.waitForTimeout(150);
  release();
  const after = await a.page.evaluate(async (name) => {
    await window.deleting;
    const session = (await window.auth.getSession()).data.session;
    const state = window.auth.hasLoginState();
    const gone = await window.auth.signIn({ username: name, password: 'abc12345' }).then(() => null, (e) => e.error);
    return { session: session && session.user.id, state: state && state.user.uid, gone };
  }, first);
  const inB = await b.page.evaluate(async () => (await window.auth.getSession()).data.session);
  check('a deletion while another tab signs in another user deletes the user', typeof after.gone === 'string', after);
  check('and the other user\'s session stays in the deleting tab (getSession and hasLoginState)',
    after.session === stays && after.state === stays, { after, stays });
  check('and in the other tab', inB && inB.user.id === stays, inB && inB.user.id);
  check('no page errors in the two tabs', a.errors.length === 0 && b.errors.length === 0, [...a.errors, ...b.errors]);
  await context.close();
}
