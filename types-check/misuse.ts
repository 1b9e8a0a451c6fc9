// Misuse that must not compile. Each `@ts-expect-error` fails the check if the line below it
// compiles, so these prove the declarations reject it.
import cloudbase, { type AuthChangeEvent, type V2User } from 'cloudbase-auth-wasm';

// @ts-expect-error `env` is required
cloudbase.init({});
// @ts-expect-error `env` is a string
cloudbase.init({ env: 42 });
// @ts-expect-error `timeout` is a number of ms
cloudbase.init({ env: 'e', timeout: '5s' });

const auth = cloudbase.init({ env: 'your-env-id' }).auth;

export async function wrongCalls() {
  // @ts-expect-error the password is required
  await auth.signInWithPassword({ username: 'test_user' });
  // @ts-expect-error the code (`token`) is required
  await auth.verifyOtp({ email: 'someone@example.com', messageId: 'id' });
  // @ts-expect-error `shouldCreateUser` goes inside `options`
  await auth.signInWithOtp({ email: 'someone@example.com', shouldCreateUser: false });
  // @ts-expect-error `shouldCreateUser` is a boolean
  await auth.signInWithOtp({ phone: '13800000000', options: { shouldCreateUser: 'no' } });
  // @ts-expect-error the password reset needs the code as `nonce`
  await (await auth.resetPasswordForEmail('someone@example.com')).data.updateUser?.({ password: 'x' });
  // @ts-expect-error deleteUser needs the password
  await auth.deleteUser();
  // @ts-expect-error setSession needs the refresh token
  await auth.setSession({ access_token: 'at' });
  // @ts-expect-error passwords are not changed through updateUser
  await auth.updateUser({ password: 'NewPassw0rd1' });
  // @ts-expect-error v2 verify needs the code
  await auth.verify({ verification_id: 'id' });
}

export async function unnarrowed() {
  const { data } = await auth.signUp({ email: 'someone@example.com' });
  // @ts-expect-error `verifyOtp` is missing when the call failed: check `error` first
  await data.verifyOtp({ token: '123456' });

  const { data: signedIn } = await auth.signInWithPassword({ username: 'u', password: 'p' });
  // @ts-expect-error `user` is null when the call failed: check `error` first
  console.log(signedIn.user.id);

  const r = await auth.getUser();
  if (r.error) {
    // @ts-expect-error the failed branch holds no user
    console.log(r.data.user.id);
  }
}

auth.onAuthStateChange((event) => {
  // @ts-expect-error there is no such event
  if (event === 'SIGNED_UP') console.log(event);
  // @ts-expect-error events are upper case
  const lower: AuthChangeEvent = 'signed_in';
  console.log(lower);
});

// @ts-expect-error the listener's first argument is an event name, not a session
auth.onAuthStateChange((session: { user: unknown }) => console.log(session));

export function errorFields(e: unknown) {
  if (cloudbase.isAuthError(e)) {
    // @ts-expect-error `retryAfter` is a number of seconds, maybe undefined
    const wait: number = e.retryAfter;
    // @ts-expect-error `category` is one of the known categories
    const category: typeof e.category = 'NETWORK';
    console.log(wait, category);
  }
}

export async function v2Misuse(user: V2User) {
  // @ts-expect-error the v2 direct sign-up resolves a LoginState, not `{ data, error }`
  const { data } = await auth.signUp({ phone_number: '13800000000', verification_token: 'token' });
  // @ts-expect-error the v2 `user.update` changes profile fields only
  await user.update({ email: 'someone@example.com' });
  // @ts-expect-error signInWithSms needs the code
  await auth.signInWithSms({ verificationInfo: { verification_id: 'id' }, phoneNum: '13800000000' });
  return data;
}
