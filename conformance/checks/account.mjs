// Checks 10-18: the account. User info, profile edits, identities, codes and their limits,
// password recovery, the v2 login-state helpers, usernames and account deletion. Importing this
// module registers them, in order.
import { assert, eq, errorSummary, ok } from '../assert.mjs';
import {
  EMULATOR_URL, RUN_ID, PASSWORD, getConfig, inbox, latestMessage, randomEmail, randomPhone,
  randomUsername, seedUser, withConfig, wrongCode,
} from '../emulator.mjs';
import {
  assertRevoked, claimsOf, editOutsideSdk, lastBody, passwordSignIn, recordEvents, sent, storedJson,
} from '../helpers.mjs';
import { check } from '../runner.mjs';
import { localStorage, newApp, requests } from '../sdk.mjs';

check('10. getUser and refreshUser read /v1/user/me; refreshUser sees a change made elsewhere', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone(), email: randomEmail() });
  const { session } = await passwordSignIn(auth, { username: seeded.username });
  requests.length = 0;

  const { user } = ok(await auth.getUser(), 'getUser');
  eq(user?.id, seeded.sub, 'getUser user.id');
  eq(user.phone, seeded.phone, 'getUser user.phone');
  eq(user.email, seeded.email, 'getUser user.email');
  eq(user.user_metadata?.username, seeded.username, 'getUser user_metadata.username');
  eq(user.user_metadata?.hasPassword, true, 'getUser user_metadata.hasPassword');
  eq(sent('/auth/v1/user/me').length, 1, 'number of /v1/user/me requests after getUser');

  // A profile change made by another client shows up after refreshUser.
  const name = `Elsewhere ${RUN_ID}`;
  const edited = await editOutsideSdk(session.access_token, { nickname: name });
  assert(!edited.error, 'POST /auth/v1/user/basic/edit outside the SDK failed', edited);
  const refreshed = ok(await auth.refreshUser(), 'refreshUser');
  eq(sent('/auth/v1/user/me').length, 2, 'number of /v1/user/me requests after refreshUser');
  eq(refreshed?.user?.id, seeded.sub, 'refreshUser user.id');
  eq(refreshed.user.user_metadata?.name, name, 'refreshUser user.user_metadata.name');
  eq(refreshed.session?.access_token, session.access_token, 'refreshUser session.access_token');
  eq(storedJson(`user_info_${env}`)?.content?.name, name, `localStorage user_info_${env} content.name`);

  ok(await auth.signOut(), 'signOut');
  const after = await auth.getUser();
  eq(after?.data?.user ?? null, null, 'getUser after signOut: data.user');
});

check('11. updateUser({nickname, gender, avatar_url}) and updateUser({username}) -> /v1/user/basic/edit, USER_UPDATED', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const { session } = await passwordSignIn(auth, { phone: seeded.phone });
  const rec = recordEvents(auth);
  try {
    const nickname = `Nick ${RUN_ID}`;
    const picture = `https://example.com/${RUN_ID}.png`;
    const res = ok(await auth.updateUser({ nickname, gender: 'FEMALE', avatar_url: picture }), 'updateUser');
    const edit = sent('/auth/v1/user/basic/edit');
    eq(edit.length, 1, 'number of /v1/user/basic/edit requests');
    eq(edit[0].auth, `Bearer ${session.access_token}`, 'Authorization of /v1/user/basic/edit');
    const body = JSON.parse(edit[0].body);
    eq(body.nickname, nickname, 'basic/edit body nickname');
    assert(!JSON.parse(edit[0].response || '{}').error, 'the emulator answered /v1/user/basic/edit with an error', edit[0].response);
    eq(res?.user?.user_metadata?.name, nickname, 'updateUser result user.user_metadata.name');
    await rec.waitFor('USER_UPDATED');

    const { user } = ok(await auth.getUser(), 'getUser');
    eq(user?.user_metadata?.name, nickname, 'getUser user_metadata.name');
    eq(user.user_metadata.nickName, nickname, 'getUser user_metadata.nickName');
    eq(user.user_metadata.gender, 'FEMALE', 'getUser user_metadata.gender');
    eq(user.user_metadata.picture, picture, 'getUser user_metadata.picture');
    eq(user.phone, seeded.phone, 'getUser user.phone (unchanged)');

    // A new username: the old one no longer signs in, the new one does.
    const username = randomUsername();
    const renamed = ok(await auth.updateUser({ username }), 'updateUser({username})');
    eq(renamed?.user?.user_metadata?.username, username, 'updateUser({username}) user_metadata.username');
    ok(await auth.signOut(), 'signOut');
    const again = ok(await auth.signInWithPassword({ username, password: PASSWORD }), 'signInWithPassword with the new username');
    eq(again.user?.id, seeded.sub, 'user.id for the new username');
    const old = await auth.signInWithPassword({ username: seeded.username, password: PASSWORD });
    assert(old?.error, 'the old username still signs in', old?.data?.user?.id);
  } finally {
    rec.stop();
  }
});

check('12. getUserIdentities -> GET /v1/user/provider, identities is an array', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const { session } = await passwordSignIn(auth, { phone: seeded.phone });
  const { identities } = ok(await auth.getUserIdentities(), 'getUserIdentities');
  const call = sent('/auth/v1/user/provider').at(-1);
  assert(call, 'no GET /auth/v1/user/provider request');
  eq(call.method, 'GET', 'method of /v1/user/provider');
  eq(call.auth, `Bearer ${session.access_token}`, 'Authorization of /v1/user/provider');
  assert(Array.isArray(identities), 'data.identities is not an array (the answer needs data:[...])', call.response);
  eq(identities.length, 0, 'number of bound identities of a password user');
});

check('13a. resend({phone, type:"signup"}) -> messageId; a second code within 30 s -> resource_exhausted with retryAfter', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const phone = randomPhone();
  const first = ok(await auth.resend({ phone, type: 'signup' }), 'resend');
  assert(first?.messageId, 'resend gave no messageId', first);
  const body = lastBody('/auth/v1/verification');
  eq(body.target, 'ANY', 'target of a signup resend');
  eq(body.phone_number, phone, 'phone_number of the resend');
  const msg = await latestMessage(phone, { verificationId: first.messageId });
  const verified = await auth.verify({ verification_id: first.messageId, verification_code: msg.code });
  assert(verified?.verification_token, 'the resent code does not verify', verified);

  const second = await auth.resend({ phone, type: 'signup' });
  assert(second?.error, 'a second code within the resend gap was sent', second?.data);
  eq(second.error.code, 'resource_exhausted', 'error.code');
  eq(second.error.category, 'RATE_LIMITED', 'error.category');
  eq(second.data?.messageId ?? null, null, 'data.messageId');
  const ra = second.error.retryAfter;
  assert(Number.isInteger(ra) && ra >= 1 && ra <= 30, 'error.retryAfter is not a whole number of seconds in 1..30', ra);
  eq((await inbox(phone)).length, 1, 'number of codes in the inbox');
});

check('13b. resend({email, type:"signup"}) sends usage email; resend({phone}) for an unknown phone -> not_found', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const email = randomEmail();
  const res = ok(await auth.resend({ email, type: 'signup' }), 'resend({email})');
  const body = lastBody('/auth/v1/verification');
  eq(body.usage, 'email', 'usage of an email resend');
  eq(body.target, 'ANY', 'target of a signup resend');
  const msg = await latestMessage(email, { verificationId: res.messageId });
  eq(msg.channel, 'email', 'inbox channel');

  const unknown = await auth.resend({ phone: randomPhone() });
  eq(lastBody('/auth/v1/verification').target, 'USER', 'target of a resend without type');
  eq(unknown?.error?.code, 'not_found', 'error.code for an unknown phone');
});

check('13c. daily code limit (codes_per_day=1, resend_gap_secs=0 for one request) -> resource_exhausted', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const phone = randomPhone();
  ok(await auth.resend({ phone, type: 'signup' }), 'first resend');
  const before = await getConfig();
  const res = await withConfig({ resend_gap_secs: 0, codes_per_day: 1 }, () => auth.resend({ phone, type: 'signup' }));
  const after = await getConfig();
  eq(after.codes_per_day, before.codes_per_day, 'codes_per_day restored');
  eq(after.resend_gap_secs, before.resend_gap_secs, 'resend_gap_secs restored');
  assert(res?.error, 'a code over the daily limit was sent', res?.data);
  eq(res.error.code, 'resource_exhausted', 'error.code');
  eq(res.error.category, 'RATE_LIMITED', 'error.category');
  const ra = res.error.retryAfter;
  assert(Number.isInteger(ra) && ra >= 1 && ra <= 86_400, 'error.retryAfter is not a whole number of seconds in 1..86400', ra);
  eq((await inbox(phone)).length, 1, 'number of codes in the inbox');
});

check('14a. resetPasswordForEmail(email) -> updateUser({nonce, password}) -> PASSWORD_RECOVERY; new password signs in', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { email: randomEmail() });
  const rec = recordEvents(auth);
  try {
    const started = ok(await auth.resetPasswordForEmail(seeded.email), 'resetPasswordForEmail');
    assert(typeof started?.updateUser === 'function', 'resetPasswordForEmail data has no updateUser function', started);
    const vbody = lastBody('/auth/v1/verification');
    eq(vbody.email, seeded.email, 'verification email');
    eq(vbody.target, 'USER', 'verification target');
    eq(vbody.usage, 'recovery', 'verification usage');
    const { code } = await latestMessage(seeded.email);
    const fresh = 'newpass99';
    const done = ok(await started.updateUser({ nonce: code, password: fresh }), 'updateUser({nonce, password})');
    const reset = lastBody('/auth/v1/reset');
    eq(reset.email, seeded.email, '/v1/reset email');
    eq(reset.new_password, fresh, '/v1/reset new_password');
    assert(reset.verification_token, '/v1/reset has no verification_token', reset);
    eq(done?.user?.id, seeded.sub, 'updateUser result user.id');
    assert(done.session?.access_token, 'updateUser result has no session', done);
    await rec.waitFor('PASSWORD_RECOVERY');

    ok(await auth.signOut(), 'signOut');
    const again = ok(await auth.signInWithPassword({ email: seeded.email, password: fresh }), 'signInWithPassword with the new password');
    eq(again.user?.id, seeded.sub, 'user.id');
    const old = await auth.signInWithPassword({ email: seeded.email, password: PASSWORD });
    eq(old?.error?.code, 'invalid_password', 'error.code for the old password');
  } finally {
    rec.stop();
  }
});

check('14b. resetPasswordForEmail(phone): a wrong nonce fails and keeps the password, the right one resets it', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const started = ok(await auth.resetPasswordForEmail(seeded.phone), 'resetPasswordForEmail(phone)');
  const vbody = lastBody('/auth/v1/verification');
  eq(vbody.phone_number, seeded.phone, 'verification phone_number');
  eq(vbody.target, 'USER', 'verification target');
  const { code } = await latestMessage(seeded.phone);
  const fresh = 'newpass77';
  const bad = await started.updateUser({ nonce: wrongCode(code), password: fresh });
  assert(bad?.error, 'a wrong nonce gave no error', bad?.data);
  eq(sent('/auth/v1/reset').length, 0, 'number of /v1/reset requests after a wrong nonce');
  ok(await auth.signInWithPassword({ phone: seeded.phone, password: PASSWORD }), 'signInWithPassword with the old password after a wrong nonce');
  ok(await auth.signOut(), 'signOut');
  const done = ok(await started.updateUser({ nonce: code, password: fresh }), 'updateUser with the right nonce');
  eq(done?.user?.id, seeded.sub, 'user.id');
  eq(lastBody('/auth/v1/reset').phone_number, seeded.phone, '/v1/reset phone_number');
  ok(await auth.signOut(), 'signOut');
  ok(await auth.signInWithPassword({ phone: seeded.phone, password: fresh }), 'signInWithPassword with the new password');
});

check('15. signInAnonymously then signOut() -> /v1/revoke, SIGNED_OUT, session revoked', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const { session } = ok(await auth.signInAnonymously(), 'signInAnonymously');
  const rec = recordEvents(auth);
  try {
    const out = await auth.signOut();
    assert(!out?.error, 'signOut failed', errorSummary(out?.error));
    const revoke = sent('/auth/v1/revoke');
    eq(revoke.length, 1, 'number of /v1/revoke requests');
    eq(JSON.parse(revoke[0].body).token, session.access_token, '/v1/revoke body token');
    assert(!JSON.parse(revoke[0].response || '{}').error, 'the emulator answered /v1/revoke with an error', revoke[0].response);
    eq(localStorage.getItem(`credentials_${env}`), null, 'credentials after signOut');
    await rec.waitFor('SIGNED_OUT');
    await assertRevoked(session.access_token, 'anonymous session after signOut()');
    const none = await auth.getSession();
    eq(none?.data?.session ?? null, null, 'getSession after signOut: data.session');
  } finally {
    rec.stop();
  }
});

check('16a. v2 signInWithSms for an existing phone signs in (no signup)', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const info = await auth.getVerification({ phone_number: seeded.phone });
  eq(info?.is_user, true, 'getVerification is_user');
  const { code } = await latestMessage(seeded.phone, { verificationId: info.verification_id });
  const state = await auth.signInWithSms({ verificationInfo: info, verificationCode: code, phoneNum: seeded.phone });
  eq(state?.user?.uid, seeded.sub, 'LoginState user.uid');
  eq(sent('/auth/v1/signup').length, 0, 'number of /v1/signup requests');
  eq(lastBody('/auth/v1/signin').username, seeded.phone, '/v1/signin username');
});

check('16b. v2 signInWithEmail: a new email signs up, an existing email signs in', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const email = randomEmail();
  const info = await auth.getVerification({ email });
  eq(info?.is_user, false, 'getVerification is_user for a new email');
  const first = await latestMessage(email, { verificationId: info.verification_id });
  const state = await auth.signInWithEmail({ verificationInfo: info, verificationCode: first.code, email });
  assert(state?.user?.uid, 'signInWithEmail gave no LoginState user', state);
  eq(sent('/auth/v1/signup').length, 1, 'number of /v1/signup requests');
  eq(lastBody('/auth/v1/signup').email, email, '/v1/signup email');
  const { user } = ok(await auth.getUser(), 'getUser');
  eq(user?.email, email, 'getUser user.email');
  const uid = state.user.uid;

  ok(await auth.signOut(), 'signOut');
  // A second code to the same address would have to wait out the resend gap, so the sign-in
  // half uses another, already registered, email.
  const seeded = await seedUser(env, { email: randomEmail() });
  const info2 = await auth.getVerification({ email: seeded.email });
  eq(info2?.is_user, true, 'getVerification is_user for an existing email');
  const second = await latestMessage(seeded.email, { verificationId: info2.verification_id });
  requests.length = 0;
  const state2 = await auth.signInWithEmail({ verificationInfo: info2, verificationCode: second.code, email: seeded.email });
  eq(state2?.user?.uid, seeded.sub, 'LoginState user.uid for an existing email');
  eq(sent('/auth/v1/signup').length, 0, 'number of /v1/signup requests for an existing email');
  eq(lastBody('/auth/v1/signin').username, seeded.email, '/v1/signin username');
  assert(uid !== seeded.sub, 'two different users got the same uid');
});

check('16c. v2 hasLoginState / getLoginState / getCurrentUser before and after signIn and signOut', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone(), email: randomEmail() });
  eq(auth.hasLoginState(), null, 'hasLoginState() before sign-in');
  eq(await auth.getLoginState(), null, 'getLoginState() before sign-in');
  eq(await auth.getCurrentUser(), null, 'getCurrentUser() before sign-in');

  const state = await auth.signIn({ username: seeded.username, password: PASSWORD });
  eq(state?.user?.uid, seeded.sub, 'signIn LoginState user.uid');
  const sync = auth.hasLoginState();
  assert(sync, 'hasLoginState() is null after signIn');
  eq(sync.user?.uid, seeded.sub, 'hasLoginState() user.uid');
  const async_ = await auth.getLoginState();
  assert(async_, 'getLoginState() is null after signIn');
  eq(async_.user?.uid, seeded.sub, 'getLoginState() user.uid');
  eq(async_.user?.username, seeded.username, 'getLoginState() user.username');
  const current = await auth.getCurrentUser();
  eq(current?.uid, seeded.sub, 'getCurrentUser() uid');
  eq(current.sub, seeded.sub, 'getCurrentUser() sub');
  eq(current.username, seeded.username, 'getCurrentUser() username');
  eq(current.phone_number, seeded.phone, 'getCurrentUser() phone_number');
  eq(current.email, seeded.email, 'getCurrentUser() email');

  // A second app on the same env finds the stored login state.
  const { auth: other } = newApp(cloudbase, env, EMULATOR_URL);
  eq(other.hasLoginState()?.user?.uid, seeded.sub, 'hasLoginState() user.uid in a new app on the same storage');

  ok(await auth.signOut(), 'signOut');
  eq(auth.hasLoginState(), null, 'hasLoginState() after signOut');
  eq(await auth.getLoginState(), null, 'getLoginState() after signOut');
  eq(await auth.getCurrentUser(), null, 'getCurrentUser() after signOut');
});

check('17. isUsernameRegistered and signInWithPassword({username}) for a user made via the dev API', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env);
  eq(await auth.isUsernameRegistered(seeded.username), true, 'isUsernameRegistered(existing)');
  const call = sent('/auth/v1/checkIfUserExist').at(-1);
  assert(call, 'no GET /auth/v1/checkIfUserExist request');
  eq(new URL(call.url).searchParams.get('username'), seeded.username, 'checkIfUserExist username query');
  eq(await auth.isUsernameRegistered(randomUsername()), false, 'isUsernameRegistered(unknown)');

  const { user, session } = ok(await auth.signInWithPassword({ username: seeded.username, password: PASSWORD }), 'signInWithPassword({username})');
  eq(lastBody('/auth/v1/signin').username, seeded.username, '/v1/signin username');
  eq(user?.id, seeded.sub, 'user.id');
  eq(user.user_metadata?.username, seeded.username, 'user_metadata.username');
  eq(claimsOf(session.access_token)?.sub, seeded.sub, 'access_token sub claim');
});

check('18. deleteUser({password}) -> sudo + DELETE /v1/user/me?sudo_token=; the user can no longer sign in', async ({ cloudbase, env }) => {
  const { auth } = newApp(cloudbase, env, EMULATOR_URL);
  const seeded = await seedUser(env, { phone: randomPhone() });
  const { session } = await passwordSignIn(auth, { username: seeded.username });

  const bad = await auth.deleteUser({ password: 'wrong-pass1' });
  assert(bad?.error, 'deleteUser with a wrong password gave no error');
  eq(sent('/auth/v1/user/me').filter((r) => r.method === 'DELETE').length, 0, 'DELETE /v1/user/me after a wrong password');
  ok(await auth.getUser(), 'getUser after a failed deleteUser');

  ok(await auth.deleteUser({ password: PASSWORD }), 'deleteUser');
  const sudo = sent('/auth/v1/user/sudo').at(-1);
  eq(JSON.parse(sudo.body).password, PASSWORD, '/v1/user/sudo body password');
  eq(sudo.auth, `Bearer ${session.access_token}`, 'Authorization of /v1/user/sudo');
  const sudoToken = JSON.parse(sudo.response || '{}').sudo_token;
  const del = sent('/auth/v1/user/me').filter((r) => r.method === 'DELETE');
  eq(del.length, 1, 'number of DELETE /v1/user/me requests');
  eq(new URL(del[0].url).searchParams.get('sudo_token'), sudoToken, 'DELETE /v1/user/me sudo_token');
  eq(del[0].auth, `Bearer ${session.access_token}`, 'Authorization of DELETE /v1/user/me');

  await assertRevoked(session.access_token, 'after deleteUser');
  localStorage.clear();
  const { auth: fresh } = newApp(cloudbase, env, EMULATOR_URL);
  const byName = await fresh.signInWithPassword({ username: seeded.username, password: PASSWORD });
  assert(byName?.error, 'the deleted user still signs in with its username', byName?.data?.user?.id);
  const byPhone = await fresh.signInWithPassword({ phone: seeded.phone, password: PASSWORD });
  assert(byPhone?.error, 'the deleted user still signs in with its phone', byPhone?.data?.user?.id);
  eq(await fresh.isUsernameRegistered(seeded.username), false, 'isUsernameRegistered after deleteUser');
});
