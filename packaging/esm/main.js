// The page of the packaging test: phone-code sign-up, the session after a reload, sign-out,
// written against the installed package as a web developer would, with no bundler.
import cloudbase, { isAuthError } from 'cloudbase-auth-wasm';

const app = cloudbase.init({ env: 'packaging-env', apiOrigin: window.EMULATOR_URL });
const auth = app.auth;
const $ = (id) => document.getElementById(id);
let verifyOtp = null;

function show(session) {
  $('status').textContent = session ? `signed in ${session.user.id}` : 'signed out';
}
function fail(error) {
  $('error').textContent = `${isAuthError(error) ? 'AuthError' : 'Error'} ${error.code}: ${error.message}`;
}

$('send').addEventListener('submit', async (e) => {
  e.preventDefault();
  const { data, error } = await auth.signInWithOtp({ phone: $('phone').value });
  if (error) return fail(error);
  verifyOtp = data.verifyOtp;
  $('status').textContent = 'code sent';
});
$('verify').addEventListener('submit', async (e) => {
  e.preventDefault();
  const { data, error } = await verifyOtp({ token: $('code').value });
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
