// Checks 1-9: v3 sign-up and sign-in (phone, email, OTP, password, anonymous), wrong password
// and wrong code, refreshSession, the v2 code sign-in, both sign-out forms and the single refresh
// shared by concurrent callers. Importing this module registers them, in order.
import { assert, eq, errorSummary, ok } from '../assert.mjs';
import { EMULATOR_URL, PASSWORD, latestMessage, randomEmail, randomPhone, seedUser, wrongCode } from '../emulator.mjs';
import {
  assertRevoked, claimsOf, passwordSignIn, refreshWith, sent, signUpAndVerify, storedJson,
} from '../helpers.mjs';
import { check } from '../runner.mjs';
import { localStorage, newApp, requests } from '../sdk.mjs';

check('1. phone signUp + verifyOtp, getSession, storage, signOut, signInWithPassword', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const phone = randomPhone();
  const { user, session } = await signUpAndVerify(auth, { phone, password: PASSWORD }, phone);
  eq(user.phone, phone, 'user.phone');
  eq(user.is_anonymous, false, 'user.is_anonymous');
  eq(sent('/auth/v1/signup').length, 1, 'number of /v1/signup requests');

  const got = ok(await auth.getSession(), 'getSession');
  eq(got?.session?.user?.id, user.id, 'getSession session.user.id');
  eq(got?.user?.id, user.id, 'getSession user.id');
  eq(got.session.access_token, session.access_token, 'getSession access_token');

  const creds = storedJson(`credentials_${env}`);
  assert(creds?.access_token && creds?.refresh_token && creds?.expires_at, `localStorage credentials_${env} is incomplete`, creds);
  const info = storedJson(`user_info_${env}`);
  eq(info?.content?.sub, user.id, `localStorage user_info_${env} content.sub`);

  const out = await auth.signOut();
  assert(!out?.error, 'signOut failed', errorSummary(out?.error));
  eq(sent('/auth/v1/revoke').length, 1, 'number of /v1/revoke requests');
  eq(localStorage.getItem(`credentials_${env}`), null, 'credentials after signOut');
  eq(localStorage.getItem(`user_info_${env}`), null, 'user_info after signOut');
  await assertRevoked(session.access_token, 'after signOut()');
  const none = await auth.getSession();
  eq(none?.data?.session ?? null, null, 'getSession after signOut: data.session');

  const again = await passwordSignIn(auth, { phone });
  eq(again.user.id, user.id, 'signInWithPassword user.id');
  eq(again.user.user_metadata?.hasPassword, true, 'user_metadata.hasPassword');
});

check('2. email signUp + verifyOtp', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const email = randomEmail();
  const { user } = await signUpAndVerify(auth, { email, password: PASSWORD }, email);
  eq(user.email, email, 'user.email');
  const msg = await latestMessage(email);
  eq(msg.channel, 'email', 'inbox channel');
  const verification = sent('/auth/v1/verification')[0];
  eq(JSON.parse(verification.body).usage, 'email', 'usage sent with the email code request');

  ok(await auth.signOut(), 'signOut');
  const again = await passwordSignIn(auth, { email });
  eq(again.user.id, user.id, 'signInWithPassword({email}) user.id');
});

check('3a. signInWithOtp({phone}, shouldCreateUser:false) for an existing user -> data.verifyOtp', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const started = ok(await auth.signInWithOtp({ phone: seeded.phone, options: { shouldCreateUser: false } }), 'signInWithOtp');
  assert(typeof started?.verifyOtp === 'function', 'signInWithOtp data has no verifyOtp function', started);
  eq(JSON.parse(sent('/auth/v1/verification')[0].body).target, 'USER', 'target of the code request');
  const { code } = await latestMessage(seeded.phone);
  const { user, session } = ok(await started.verifyOtp({ token: code }), 'verifyOtp');
  eq(user?.id, seeded.sub, 'user.id');
  assert(session?.access_token, 'no session.access_token', session);
  eq(sent('/auth/v1/signup').length, 0, 'number of /v1/signup requests');
});

check('3b. auth.verifyOtp({phone, token, messageId}) called directly', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  ok(await auth.signInWithOtp({ phone: seeded.phone, options: { shouldCreateUser: false } }), 'signInWithOtp');
  const msg = await latestMessage(seeded.phone);
  const { user } = ok(await auth.verifyOtp({ phone: seeded.phone, token: msg.code, messageId: msg.verification_id }), 'verifyOtp');
  eq(user?.id, seeded.sub, 'user.id');
});

check('3c. signInWithOtp(shouldCreateUser:false) for an unknown phone is an error', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const res = await auth.signInWithOtp({ phone: randomPhone(), options: { shouldCreateUser: false } });
  assert(res?.error, 'expected an error, got none', res?.data);
  eq(res.error.code, 'not_found', 'error.code');
});

check('4a. wrong password -> invalid_password', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const res = await auth.signInWithPassword({ phone: seeded.phone, password: 'wrong-pass1' });
  assert(res?.error, 'expected an error, got none', res?.data);
  eq(res.error.code, 'invalid_password', 'error.code');
  eq(res.error.category, 'INVALID_CREDENTIALS', 'error.category');
  eq(res.data?.session ?? null, null, 'data.session');
  eq(localStorage.getItem(`credentials_${env}`), null, 'stored credentials');
  // The username form hits the same check.
  const byName = await auth.signInWithPassword({ username: seeded.username, password: 'wrong-pass1' });
  eq(byName?.error?.code, 'invalid_password', 'error.code for a username');
});

check('4b. wrong OTP code -> error and no session; the right code still works', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const started = ok(await auth.signInWithOtp({ phone: seeded.phone, options: { shouldCreateUser: false } }), 'signInWithOtp');
  const { code } = await latestMessage(seeded.phone);
  const bad = await started.verifyOtp({ token: wrongCode(code) });
  assert(bad?.error, 'a wrong code gave no error', bad?.data);
  eq(bad.data?.session ?? null, null, 'data.session for a wrong code');
  eq(localStorage.getItem(`credentials_${env}`), null, 'stored credentials after a wrong code');
  eq(sent('/auth/v1/signin').length, 0, 'number of /v1/signin requests after a wrong code');
  const good = ok(await started.verifyOtp({ token: code }), 'verifyOtp with the right code');
  eq(good.user?.id, seeded.sub, 'user.id');
});

check('5. refreshSession returns new tokens; getUser returns the user', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const { session } = await passwordSignIn(auth, { phone: seeded.phone });
  const refreshed = ok(await auth.refreshSession(), 'refreshSession');
  eq(sent('/auth/v1/token').length, 1, 'number of /v1/token requests');
  const next = refreshed?.session;
  assert(next?.access_token, 'refreshSession gave no access_token', refreshed);
  assert(next.refresh_token && next.refresh_token !== session.refresh_token, 'refresh_token was not rotated', next.refresh_token);
  assert(
    next.access_token !== session.access_token,
    'refreshSession returned the same access_token as before (a token must be unique per issue)',
    claimsOf(next.access_token),
  );
  eq(refreshed.user?.id, seeded.sub, 'refreshSession user.id');
  eq(storedJson(`credentials_${env}`)?.access_token, next.access_token, 'stored access_token after refresh');

  const { user } = ok(await auth.getUser(), 'getUser');
  eq(user?.id, seeded.sub, 'getUser user.id');
  eq(user?.phone, seeded.phone, 'getUser user.phone');
  eq(user?.user_metadata?.username, seeded.username, 'getUser user_metadata.username');
  const me = sent('/auth/v1/user/me').at(-1);
  eq(me?.auth, `Bearer ${next.access_token}`, 'Authorization of the last /v1/user/me');
});

check('6. signInAnonymously -> is_anonymous user', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const { user, session } = ok(await auth.signInAnonymously(), 'signInAnonymously');
  assert(user?.id, 'no user.id', user);
  eq(user.is_anonymous, true, 'user.is_anonymous');
  eq(session?.scope, 'anonymous', 'session.scope');
  const got = ok(await auth.getSession(), 'getSession');
  eq(got.user?.id, user.id, 'getSession user.id');
});

check('7a. v2 getVerification -> verify -> signIn({username: phone, verification_token})', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const info = await auth.getVerification({ phone_number: seeded.phone });
  assert(info?.verification_id, 'getVerification gave no verification_id', info);
  eq(info.is_user, true, 'getVerification is_user');
  const { code } = await latestMessage(seeded.phone, { verificationId: info.verification_id });
  const verified = await auth.verify({ verification_id: info.verification_id, verification_code: code });
  assert(verified?.verification_token, 'verify gave no verification_token', verified);
  const state = await auth.signIn({ username: seeded.phone, verification_token: verified.verification_token });
  eq(state?.user?.uid, seeded.sub, 'LoginState user.uid');
  assert(auth.hasLoginState(), 'hasLoginState() is empty after signIn');
  const { user } = ok(await auth.getUser(), 'getUser');
  eq(user?.id, seeded.sub, 'getUser user.id');
});

check('7b. v2 signInWithSms for a new phone signs up', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const phone = randomPhone();
  const info = await auth.getVerification({ phone_number: phone });
  eq(info?.is_user, false, 'getVerification is_user');
  const { code } = await latestMessage(phone, { verificationId: info.verification_id });
  const state = await auth.signInWithSms({ verificationInfo: info, verificationCode: code, phoneNum: phone });
  assert(state?.user?.uid, 'signInWithSms gave no LoginState user', state);
  eq(sent('/auth/v1/signup').length, 1, 'number of /v1/signup requests');
  const { user } = ok(await auth.getUser(), 'getUser');
  eq(user?.phone, phone, 'getUser user.phone');
  eq(user?.id, state.user.uid, 'getUser user.id');
});

check('7c. v2 verify with a wrong code rejects with a raw error', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const phone = randomPhone();
  const info = await auth.getVerification({ phone_number: phone });
  const { code } = await latestMessage(phone, { verificationId: info.verification_id });
  let rejected = null;
  try {
    await auth.verify({ verification_id: info.verification_id, verification_code: wrongCode(code) });
  } catch (e) {
    rejected = e;
  }
  assert(rejected, 'verify with a wrong code resolved');
  assert(typeof rejected.error === 'string' && rejected.error, 'the rejection has no `error` string', rejected);
});

check('8. signOut({}) uses the bearer /v1/user/signout and revokes the session', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const { session } = await passwordSignIn(auth, { phone: seeded.phone });
  const out = await auth.signOut({});
  assert(!out?.error, 'signOut({}) failed', errorSummary(out?.error));
  const calls = sent('/auth/v1/user/signout');
  eq(calls.length, 1, 'number of /v1/user/signout requests');
  eq(calls[0].auth, `Bearer ${session.access_token}`, 'Authorization of /v1/user/signout');
  assert(!JSON.parse(calls[0].response || '{}').error, 'the emulator answered /v1/user/signout with an error', calls[0].response);
  eq(sent('/auth/v1/revoke').length, 0, 'number of /v1/revoke requests');
  eq(localStorage.getItem(`credentials_${env}`), null, 'credentials after signOut({})');
  await assertRevoked(session.access_token, 'after signOut({})');
  const { token: refreshAnswer } = await refreshWith(session.refresh_token, env);
  eq(refreshAnswer.error, 'invalid_grant', 'refreshing with the signed-out refresh_token, error');
});


check('9. concurrent getSession/getUser on an expired token make exactly one /v1/token request', async ({ cloudbase, env }) => {
  const first = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const { session } = await passwordSignIn(first.auth, { phone: seeded.phone });

  // Expire the stored copy, then open a second app on the same env: it has no in-memory copy,
  // so it reads storage, finds it expired and must refresh once for all callers.
  const key = `credentials_${env}`;
  const creds = storedJson(key);
  creds.expires_at = new Date(Date.now() - 60_000).toISOString();
  localStorage.setItem(key, JSON.stringify(creds));
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  requests.length = 0;

  const results = await Promise.all([auth.getSession(), auth.getUser(), auth.getSession(), auth.getUser(), auth.getSession()]);
  results.forEach((r, i) => ok(r, `call ${i + 1}`));
  eq(sent('/auth/v1/token').length, 1, 'number of /v1/token requests');
  for (const [i, r] of results.entries()) eq(r.data.user?.id, seeded.sub, `call ${i + 1} user.id`);
  const sessions = results.filter((r) => 'session' in r.data).map((r) => r.data.session);
  const fresh = sessions[0];
  assert(fresh.refresh_token !== session.refresh_token, 'the session still carries the old refresh_token');
  for (const s of sessions) eq(s.access_token, fresh.access_token, 'access_token shared by all callers');
  const stored = storedJson(key);
  eq(stored.access_token, fresh.access_token, 'stored access_token');
  assert(new Date(stored.expires_at) > new Date(), 'stored expires_at is not in the future', stored.expires_at);
});
