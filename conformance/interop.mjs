// Interop: the real @cloudbase/js-sdk 3.7.0 and this SDK (pkg/, run in Node) on one shared
// localStorage, against the emulator. A session either SDK stores must be usable by the other,
// so that an app can switch SDKs without signing anyone out.
//   EMULATOR_URL=http://127.0.0.1:8787 node conformance/interop.mjs   (after scripts/build-pkg.sh)
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCloudbase, localStorage, newApp } from './sdk.mjs';
import { EMULATOR_URL, PASSWORD, health, latestMessage, newEnv, randomPhone } from './emulator.mjs';

const pkg = new URL('../pkg/', import.meta.url);
if (!existsSync(fileURLToPath(new URL('index.js', pkg)))) {
  console.error('pkg/ is missing: run scripts/build-pkg.sh first');
  process.exit(1);
}
await health();
const { cloudbase: original } = loadCloudbase();
const { default: ours } = await import(new URL('index.js', pkg).href);
const wasm = readFileSync(fileURLToPath(new URL('cloudbase_auth_wasm_bg.wasm', pkg)));

let failed = 0;
async function check(name, fn) {
  localStorage.clear();
  try {
    await fn();
    console.log(`PASS  ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL  ${name}\n      ${e && e.stack ? e.stack.split('\n').slice(0, 3).join('\n      ') : e}`);
  }
}
const expect = (cond, msg) => { if (!cond) throw new Error(msg); };
const oursFor = (env) => ours.init({ env, apiOrigin: EMULATOR_URL, wasm, auth: { autoRefreshToken: false } }).auth;

await check('a session stored by the JS SDK is used by this SDK', async () => {
  const env = newEnv('interop-a');
  const { auth } = newApp(original, env, EMULATOR_URL);
  const phone = randomPhone();
  const { data } = await auth.signUp({ phone, password: PASSWORD });
  const { code } = await latestMessage(phone);
  const signed = await data.verifyOtp({ token: code });
  expect(!signed.error, `JS SDK sign-up: ${signed.error && signed.error.message}`);
  const mine = oursFor(env);
  const { data: got, error } = await mine.getSession();
  expect(!error && got.session, `no session: ${error && error.message}`);
  expect(got.session.access_token === signed.data.session.access_token, 'same access token');
  expect(got.user.id === signed.data.user.id && got.user.phone === phone, 'same user');
  const user = await mine.getUser();
  expect(!user.error && user.data.user.id === signed.data.user.id, 'getUser with the JS SDK token');
  const refreshed = await mine.refreshSession();
  expect(!refreshed.error, `refresh with the JS SDK refresh token: ${refreshed.error && refreshed.error.message}`);
});

await check('a session stored by this SDK is used by the JS SDK', async () => {
  const env = newEnv('interop-b');
  const mine = oursFor(env);
  const phone = randomPhone();
  const { data } = await mine.signUp({ phone, password: PASSWORD });
  const { code } = await latestMessage(phone);
  const signed = await data.verifyOtp({ token: code });
  expect(!signed.error, `sign-up: ${signed.error && signed.error.message}`);
  const { auth } = newApp(original, env, EMULATOR_URL);
  const { data: got, error } = await auth.getSession();
  expect(!error && got.session, `JS SDK sees no session: ${error && error.message}`);
  expect(got.session.access_token === signed.data.session.access_token, 'same access token');
  expect(got.user && got.user.id === signed.data.user.id, 'same user');
  const user = await auth.getUser();
  expect(!user.error && user.data.user.id === signed.data.user.id, 'JS SDK getUser with our token');
  expect(auth.hasLoginState(), 'JS SDK v2 hasLoginState');
});

await check('a sign-out by either SDK is seen by the other on its next start', async () => {
  const env = newEnv('interop-c');
  const mine = oursFor(env);
  const r = await mine.signInAnonymously();
  expect(!r.error, `anonymous: ${r.error && r.error.message}`);
  await mine.signOut();
  // The JS SDK keeps credentials in memory once read, so it is started after the sign-out,
  // as it would be on the next page load of an app that switched SDKs.
  const later = newApp(original, env, EMULATOR_URL).auth;
  const after = await later.getSession();
  expect(!after.data || !after.data.session, 'JS SDK is signed out');

  // And the other way: the JS SDK signs in, then out; this SDK, which answers getSession from
  // the session it knows once it has read storage, sees each on its next start.
  const phone = randomPhone();
  const { data } = await later.signUp({ phone, password: PASSWORD });
  const { code } = await latestMessage(phone);
  expect(!(await data.verifyOtp({ token: code })).error, 'JS SDK sign-up');
  expect((await oursFor(env).getSession()).data.session, 'this SDK sees the JS SDK session');
  await later.signOut();
  expect((await oursFor(env).getSession()).data.session === null, 'this SDK sees the JS SDK sign-out');
});

console.log(`interop: ${failed ? `${failed} failed` : 'all passed'}`);
// Timers and the tab channel of this SDK's client would keep Node running.
process.exit(failed ? 1 : 0);
