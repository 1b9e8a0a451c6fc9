// The v2 login-state API in headless Chromium against the emulator, as the original gives it:
// `onLoginStateChanged` calls back with the login state at once, then on each sign-in and
// sign-out with `{ name: 'loginStateChanged', data: { eventType }, ...loginState }`; and
// `getUserInfo()` is `getCurrentUser()`.
//   WWW_URL=http://127.0.0.1:8798 EMULATOR_URL=http://127.0.0.1:8797 node e2e/v2.mjs
import { check, createUser, finish, launch, openAuth } from './checks.mjs';

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
} finally {
  await browser.close();
}
finish('v2');
