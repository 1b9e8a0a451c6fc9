// The app of the packaging test: phone-code sign-up, the session after a reload, sign-out,
// typed against the installed package's declarations and bundled by Vite.
import cloudbase, { isAuthError, type OtpChallenge, type Session } from 'cloudbase-auth-wasm';

declare global {
  interface Window {
    EMULATOR_URL: string;
  }
}

const app = cloudbase.init({ env: 'packaging-env', apiOrigin: window.EMULATOR_URL });
const auth = app.auth;

function $<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing`);
  return el as T;
}
let challenge: OtpChallenge | null = null;

function show(session: Session | null): void {
  $('status').textContent = session ? `signed in ${session.user.id}` : 'signed out';
}
function fail(error: unknown): void {
  $('error').textContent = isAuthError(error) ? `AuthError ${error.code}: ${error.message}` : String(error);
}

$<HTMLFormElement>('send').addEventListener('submit', async (e) => {
  e.preventDefault();
  const { data, error } = await auth.signInWithOtp({ phone: $<HTMLInputElement>('phone').value });
  if (error) return fail(error);
  challenge = data as OtpChallenge;
  $('status').textContent = 'code sent';
});
$<HTMLFormElement>('verify').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!challenge) return fail(new Error('no code was sent'));
  const { data, error } = await challenge.verifyOtp({ token: $<HTMLInputElement>('code').value });
  if (error) return fail(error);
  show(data.session);
});
$('signout').addEventListener('click', async () => {
  const { error } = await auth.signOut();
  if (error) return fail(error);
  show(null);
});

const { data, error } = await auth.getSession();
if (error) fail(error);
show(data.session);
