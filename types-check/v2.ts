// v2 API samples, written as in the CloudBase docs (old version): these resolve the data and
// reject with a raw error object `{ error, error_description, ... }`.
import cloudbase, { type LoginState, type RawError, type V2User } from 'cloudbase-auth-wasm';
import { assert, type Equal } from './expect';

const app = cloudbase.init({ env: 'xxxx-yyy', clientId: 'xxxx', region: 'ap-shanghai' });
const auth = app.auth();

// ---- sign up with an SMS code ----------------------------------------------------------------

export async function signUpWithPhone(phoneNumber: string, codeFromUser: string) {
  // Step 1: send the code; keep `verificationInfo` for the next steps.
  const verificationInfo = await auth.getVerification({ phone_number: phoneNumber });
  console.log(verificationInfo.verification_id, verificationInfo.is_user, verificationInfo.expires_in);

  // Step 2: check the code the user typed in.
  const { verification_token } = await auth.verify({
    verification_id: verificationInfo.verification_id,
    verification_code: codeFromUser,
  });

  // Step 3: sign up (or sign in, for an existing user).
  if (verificationInfo.is_user) {
    return auth.signIn({ username: phoneNumber, verification_token });
  }
  const state = await auth.signUp({
    phone_number: phoneNumber,
    verification_token,
    password: 'Passw0rd123',
    name: 'New User',
    username: 'new_user',
  });
  assert<Equal<typeof state, LoginState>>();
  return state;
}

export async function signUpWithEmail(email: string) {
  const verificationInfo = await auth.getVerification({ email, target: 'ANY' });
  const { verification_token } = await auth.verify({ verification_id: verificationInfo.verification_id, verification_code: '123456' });
  const state = await auth.signUp({ email, verification_token });
  console.log(state.user.uid, state.isAnonymousAuth);
}

// ---- sign in -----------------------------------------------------------------------------------

export async function signInWithPassword() {
  const state = await auth.signIn({ username: 'test_user', password: 'Passw0rd123' });
  console.log(state.user.username);
}

export async function signInWithCode(phoneNum: string, email: string) {
  const smsInfo = await auth.getVerification({ phone_number: phoneNum });
  const bySms = await auth.signInWithSms({ verificationInfo: smsInfo, verificationCode: '123456', phoneNum });
  const emailInfo = await auth.getVerification({ email });
  const byEmail = await auth.signInWithEmail({ verificationInfo: emailInfo, verificationCode: '654321', email });
  return [bySms.user.phoneNumber, byEmail.user.email];
}

export async function usernameTaken(name: string) {
  const taken: boolean = await auth.isUsernameRegistered(name);
  return taken;
}

// ---- login state and the current user ---------------------------------------------------------

export async function loginState() {
  // Synchronous, from storage.
  const stored = auth.hasLoginState();
  if (stored) console.log('signed in as', stored.user.uid);

  const state = await auth.getLoginState();
  if (state === null) return;
  console.log(state.isAnonymousAuth);

  const user = await auth.getCurrentUser();
  const sync = auth.currentUser;
  assert<Equal<typeof user, V2User | null>>();
  assert<Equal<typeof sync, V2User | null>>();
  assert<Equal<Awaited<ReturnType<typeof auth.getUserInfo>>, V2User | null>>();
  await auth.unbindProvider({ provider_id: 'google' });
  const { accessToken, env } = await auth.getAccessToken();
  console.log(accessToken.length, env.length);
  if (!user) return;
  console.log(user.uid, user.sub, user.name, user.email, user.phoneNumber, user.emailVerified, user.createdFrom);

  // Profile and password.
  const { user: updated } = await user.update({ nickname: 'Neo', gender: 'MALE' });
  console.log(updated.user_metadata.nickName);
  await user.updateUserBasicInfo({ avatar_url: 'https://example.com/a.png' });
  await user.updateUsername('new_name');
  await user.updatePassword('NewPassw0rd1', 'OldPassw0rd1');
  const reloaded = await user.refresh();
  console.log(reloaded?.uid);
}

export function watchLoginState() {
  const subscription = auth.onLoginStateChanged((state) => {
    // At once: the login state or null; then each change, with the state after it.
    if (state && 'name' in state) console.log(state.data.eventType, state.user?.uid);
    else if (state) console.log('signed in', state.user.uid);
    else console.log('signed out');
  });
  subscription.unsubscribe();
}

// ---- credentials and sensitive changes (a sudo token first) -----------------------------------

export async function account(password: string, code: { verification_id: string; verification_code: string }) {
  const credentials = await auth.getCredentials();
  console.log(credentials.access_token, credentials.expires_at.getTime(), credentials.scope);
  const scope: string = await auth.loginScope();
  const groups = await auth.loginGroups();
  const fresh = await auth.refreshTokenForce();
  console.log(scope, groups?.length, fresh.refresh_token);
  await auth.setCredentials(credentials);
  await auth.setCredentials({ access_token: 'at', expires_in: 7200, refresh_token: 'rt' });
  await auth.setCredentials(null);
  // @ts-expect-error: credentials without `expires_in` are refused
  await auth.setCredentials({ access_token: 'at' });

  const { sudo_token } = await auth.sudo({ password });
  await auth.setPassword({ new_password: 'NewPassw0rd1', sudo_token });
  const { verification_token } = await auth.verify(code);
  await auth.bindPhoneNumber({ phone_number: '+86 13800000000', sudo_token, verification_token });
  await auth.bindEmail({ email: 'a@example.com', sudo_token, verification_token });
  const providers = await auth.getProviders();
  console.log(providers.total, providers.data.filter((p) => p.bind).map((p) => p.id));
  await auth.resetPassword({ email: 'a@example.com', new_password: 'NewPassw0rd1', verification_token });
  await auth.deleteMe({ sudo_token });
}

// ---- a provider's sign-in, step by step ------------------------------------------------------

export async function providerSignIn(codeFromCallback: string | null) {
  const back = 'https://app.example.com/callback';
  if (!codeFromCallback) {
    const { uri } = await auth.genProviderRedirectUri({ provider_id: 'wx_open', provider_redirect_uri: back, state: 'xyz' });
    location.href = uri;
    return null;
  }
  const { provider_token } = await auth.grantProviderToken({
    provider_id: 'wx_open', provider_redirect_uri: back, provider_code: codeFromCallback,
  });
  if (auth.hasLoginState()) return auth.bindWithProvider({ provider_token });
  const state = await auth.signInWithProvider({ provider_token });
  assert<Equal<typeof state, LoginState>>();
  return state;
}

// ---- errors -------------------------------------------------------------------------------------

export async function errors() {
  try {
    await auth.signIn({ username: 'test_user', password: 'wrong' });
  } catch (e) {
    // v2 methods reject with the raw error, not an AuthError.
    const raw = e as RawError;
    if (raw.error === 'invalid_password') console.log(raw.error_description, raw.error_code, raw.requestId);
  }
}
