// The demo page: every call below is the public API of the SDK package, the same as
// `app.auth` of @cloudbase/js-sdk v3 (plus `apiOrigin` to point it at the emulator).
import cloudbase from '/pkg/index.js';

const EMULATOR_URL = String(window.EMULATOR_URL || 'http://127.0.0.1:8787').replace(/\/+$/, '');

const app = cloudbase.init({ env: 'demo-env', apiOrigin: EMULATOR_URL });
const auth = app.auth;
// Handy in the browser console: `await demo.auth.getSession()`.
window.demo = { cloudbase, app, auth };

// ------------------------------------------------------------------------------------------
// Small DOM helpers

const $ = (id) => document.getElementById(id);

/** Creates an element: h('p', {class: 'x'}, 'text', child, ...). Text is never parsed as HTML. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

const el = {
  form: $('signin-form'),
  channelPhone: $('channel-phone'),
  channelEmail: $('channel-email'),
  id: $('phone-or-email'),
  idLabel: $('phone-or-email-label'),
  idHint: $('phone-or-email-hint'),
  password: $('password'),
  togglePassword: $('toggle-password'),
  forgot: $('forgot-password'),
  sendCode: $('send-code'),
  signinPassword: $('signin-password'),
  verifyForm: $('verify-form'),
  verifyTitle: $('verify-title'),
  codeSentTo: $('code-sent-to'),
  code: $('code'),
  codeExpiry: $('code-expiry'),
  verify: $('verify'),
  newPasswordField: $('new-password-field'),
  newPassword: $('new-password'),
  resetSubmit: $('reset-submit'),
  cancelCode: $('cancel-code'),
  signinAnon: $('signin-anon'),
  signinHint: $('signin-hint'),
  notice: $('notice'),
  error: $('error'),
  inbox: $('inbox'),
  session: $('session'),
  sessionError: $('session-error'),
  refresh: $('refresh'),
  signout: $('signout'),
  profileCard: $('profile-card'),
  profileForm: $('profile-form'),
  nickname: $('profile-nickname'),
  username: $('profile-username'),
  profileSave: $('profile-save'),
  profileStatus: $('profile-status'),
  profileError: $('profile-error'),
  events: $('events'),
  eventsEmpty: $('events-empty'),
  clearEvents: $('clear-events'),
  emulatorStatus: $('emulator-status'),
  emulatorStatusText: $('emulator-status-text'),
};

$('emulator-url').textContent = EMULATOR_URL;
const SIGNED_OUT_HINT = el.signinHint.textContent.replace(/\s+/g, ' ').trim();

// ------------------------------------------------------------------------------------------
// Page state

/** Seconds before another code may be asked for the same phone or email. */
const RESEND_SECONDS = 60;

let session = null; // the current session, as last reported by the SDK
/**
 * The code waiting to be typed: { kind: 'code' | 'reset', key, target, channel, messageId,
 * verifyOtp | updateUser, sentAt, wrong }. `key` is the address in the form the service keeps.
 */
let pending = null;
let busy = false; // an SDK call started from the page is running
/** The emulator's limits (GET /emulator/v1/config), for the words around codes. */
const limits = { max_attempts: 5, code_ttl_secs: 600 };

// ------------------------------------------------------------------------------------------
// Phone numbers and emails

const TWO_DIGIT_CC = new Set([
  20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56,
  57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
]);

/**
 * The "+CC NNNN" form the service stores phones in, as the SDK normalises them: "+86 138…" is
 * kept, "+86138…" is split at its country code, a bare national number gets "+86". Only used to
 * look codes up in the dev inbox and to key the resend countdown; the SDK gets what the user typed.
 */
function canonicalPhone(raw) {
  const text = raw.trim();
  const digits = (s) => (/^[\d\s()\-\u00a0]+$/.test(s) ? s.replace(/[^\d]/g, '') : null);
  if (text.startsWith('+')) {
    const m = /^\+(\d{1,3})[\s\u00a0]+(.+)$/.exec(text);
    if (m) {
      const national = digits(m[2]);
      return national ? `+${m[1]} ${national}` : null;
    }
    const all = digits(text.slice(1));
    if (!all || all.length < 6 || all[0] === '0') return null;
    const ccLen = all[0] === '1' || all[0] === '7' ? 1 : TWO_DIGIT_CC.has(Number(all.slice(0, 2))) ? 2 : 3;
    return `+${all.slice(0, ccLen)} ${all.slice(ccLen)}`;
  }
  const national = digits(text);
  return national && national.length >= 5 ? `+86 ${national}` : null;
}

const looksLikeEmail = (s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s.trim());
const looksLikePhone = (s) => /^\+?[\d\s()\-\u00a0]{5,}$/.test(s.trim());

/** One key per address, whatever way it was typed. */
function addressKey(raw) {
  const text = String(raw || '').trim();
  if (!text) return '';
  if (text.includes('@')) return text.toLowerCase();
  return canonicalPhone(text) || text;
}

function channel() {
  return el.channelEmail.checked ? 'email' : 'phone';
}

function applyChannel() {
  const email = channel() === 'email';
  el.idLabel.textContent = email ? 'Email' : 'Phone number';
  el.id.inputMode = email ? 'email' : 'tel';
  el.id.autocomplete = email ? 'email' : 'tel';
  el.id.placeholder = email ? 'you@example.com' : '+86 13800000000';
  el.idHint.replaceChildren(
    ...(email
      ? ['The code is sent to this address.']
      : ['With country code, e.g. ', h('code', {}, '+86 13800000000'), '; numbers without one are taken as +86.']),
  );
  pollInboxSoon();
  updateUi();
}

/** Addresses to look up in the dev inbox for what is typed: the canonical form and the raw one. */
function inboxAddresses() {
  const raw = el.id.value.trim();
  if (!raw) return [];
  if (channel() === 'email' || raw.includes('@')) return looksLikeEmail(raw) ? [raw.toLowerCase()] : [];
  const canonical = canonicalPhone(raw);
  if (!canonical) return [];
  return [...new Set([canonical, raw])];
}

// ------------------------------------------------------------------------------------------
// Resend countdown: one per address, kept in sessionStorage so that a reload keeps it.

const COOLDOWN_STORE = 'demo.resend-after';
let cooldowns = {};
try {
  const stored = JSON.parse(sessionStorage.getItem(COOLDOWN_STORE) || '{}') || {};
  for (const [key, until] of Object.entries(stored)) if (Number(until) > Date.now()) cooldowns[key] = Number(until);
} catch {
  cooldowns = {};
}

function saveCooldowns() {
  try {
    sessionStorage.setItem(COOLDOWN_STORE, JSON.stringify(cooldowns));
  } catch {
    /* private mode: the countdown lives in memory only */
  }
}

/** Whole seconds before another code may be sent to `key` (the typed address by default). */
function cooldownLeft(key = addressKey(el.id.value)) {
  const until = cooldowns[key];
  if (!until) return 0;
  const left = Math.ceil((until - Date.now()) / 1000);
  if (left > 0) return left;
  delete cooldowns[key];
  saveCooldowns();
  return 0;
}

/** Starts the countdown for `key`, or extends it (never shortens it). */
function startCooldown(key, seconds) {
  if (!key) return;
  cooldowns[key] = Math.max(cooldowns[key] || 0, Date.now() + Math.ceil(seconds) * 1000);
  saveCooldowns();
}

function waitText(seconds) {
  return seconds > 90 ? `${Math.ceil(seconds / 60)} min` : `${seconds} s`;
}

// ------------------------------------------------------------------------------------------
// Errors in plain words

function formatWait(seconds) {
  const s = Math.max(1, Math.ceil(Number(seconds) || 0));
  if (s < 90) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} minutes`;
  const hours = Math.floor(m / 60);
  return `${hours} h ${m % 60} min`;
}

/** The SDK's own message as the end of a sentence: "password must be 8 to 32 characters long." */
function sdkWords(error) {
  const text = String(error?.message || '').trim().replace(/[.\s]+$/, '');
  return text ? `${text}.` : '';
}

const capitalize = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The SDK's reason why `subject` was refused, worded to follow "That password can’t be used:":
 * "password must be 8 to 32 characters long" becomes "it must be 8 to 32 characters long.".
 */
function sdkReason(error, subject) {
  const text = sdkWords(error)
    .replace(new RegExp(`^invalid ${subject}\\s*:\\s*`, 'i'), '')
    .replace(new RegExp(`^${subject}\\s+`, 'i'), 'it ')
    .replace(/^(must|may|should|is)\b/i, 'it $1');
  return text || 'it is not allowed.';
}

/**
 * What went wrong with a code that was typed: 'wrong', 'last-try', 'too-many', 'expired' or
 * 'used'. The service answers `invalid_argument` "does not match" for a wrong code,
 * `invalid_verification_code` for an expired one and `failed_precondition` for one that was
 * used or whose attempts are spent; the page also counts the wrong tries and knows when the
 * code was sent.
 */
function codeProblem(error) {
  const message = String(error?.message || '');
  const wrong = pending?.wrong ?? 0;
  if (/does not match|incorrect|wrong|mismatch/i.test(message)) {
    return wrong >= limits.max_attempts ? 'last-try' : 'wrong';
  }
  if (/too many|attempt/i.test(message) || wrong >= limits.max_attempts) return 'too-many';
  const expiresAt = pending?.expiresAt ?? (pending ? pending.sentAt + limits.code_ttl_secs * 1000 : 0);
  if ((expiresAt && Date.now() >= expiresAt) || /expired/i.test(message) && !/no longer/i.test(message)) return 'expired';
  return 'used';
}

function isCodeError(error) {
  if (error?.category === 'VERIFICATION_FAILED') return true;
  return /verification|code/i.test(String(error?.message || '')) && !/password|username/i.test(String(error?.message || ''));
}

function codeSentence(error) {
  const tries = Math.max(0, limits.max_attempts - (pending?.wrong ?? 0));
  switch (codeProblem(error)) {
    case 'wrong':
      return `That code is not right. Check the dev inbox and type it again (${tries} ${tries === 1 ? 'try' : 'tries'} left).`;
    case 'last-try':
      return 'That code is not right, and that was the last try. Press “Resend code” for a new one.';
    case 'too-many':
      return 'Too many wrong tries: this code no longer works. Press “Resend code” for a new one.';
    case 'expired':
      return `This code has expired (codes are valid for ${formatWait(limits.code_ttl_secs)}). Press “Resend code” for a new one.`;
    default:
      return 'This code can’t be used any more: it was already used or a newer one was sent. Use the newest code, or press “Resend code”.';
  }
}

/**
 * A sentence for an SDK error. `context` is what the user was doing: 'send' (sending a code),
 * 'verify', 'reset' (asking for a reset code), 'reset-verify' (setting the new password),
 * 'password', 'anonymous', 'refresh', 'signout', 'profile' or 'session'.
 */
function plainWords(error, context) {
  const code = String(error?.code || 'unknown');
  const message = String(error?.message || '');
  const verifying = context === 'verify' || context === 'reset-verify';
  switch (code) {
    case 'invalid_argument':
    case 'invalid_verification_code':
    case 'verification_code_expired':
    case 'failed_precondition':
      if (verifying && (code !== 'invalid_argument' || isCodeError(error))) return codeSentence(error);
      if (/required|missing|empty/i.test(message)) {
        if (/^password/i.test(message)) return 'Please type the password.';
        if (/username|phone|email/i.test(message)) return 'Type a phone number, an email or a username first.';
        return `Something is missing: ${sdkWords(error)}`;
      }
      if (/username/i.test(message)) return `That username can’t be used: ${sdkReason(error, 'username')}`;
      if (/phone/i.test(message)) return 'That phone number doesn’t look right. Include the country code, e.g. +86 13800000000.';
      if (/email/i.test(message)) return 'That email address doesn’t look right. Check it, e.g. you@example.com.';
      if (/password/i.test(message)) return `That password can’t be used: ${sdkReason(error, 'password')}`;
      if (/name/i.test(message)) return `That nickname can’t be used: ${sdkReason(error, 'name')}`;
      return message ? capitalize(sdkWords(error)) : 'Something you entered isn’t valid. Check it and try again.';
    case 'resource_exhausted': {
      const wait = error.retryAfter ? formatWait(error.retryAfter) : null;
      if (context === 'send' || context === 'reset') {
        return wait
          ? `A code was sent to this address a moment ago. You can ask for another in ${wait}.`
          : 'Too many codes were asked for this address. Please wait a little and try again.';
      }
      return wait ? `Too many attempts. Please wait ${wait} and try again.` : 'Too many attempts. Please wait a little and try again.';
    }
    case 'not_found':
    case 'user_not_found':
      if (context === 'password') return 'No account uses that phone number, email or username. To create one, press “Send code”.';
      if (context === 'reset') return 'No account uses that phone number or email, so there is no password to reset. To create one, press “Send code”.';
      if (verifying) {
        return /verification/i.test(message)
          ? 'That code is no longer known to the service. Press “Resend code” for a new one.'
          : 'No account uses that phone number or email any more. Send a new code to create one.';
      }
      return 'No account was found for that.';
    case 'invalid_password':
      if (/not set/i.test(message)) return 'This account has no password yet. Sign in with a code, or use “Forgot password?” to set one.';
      if (context === 'password') return 'That password is not right. Check it and try again, sign in with a code, or use “Forgot password?”.';
      return `That password can’t be used: ${sdkReason(error, 'password')}`;
    case 'password_not_set':
      return 'This account has no password yet. Sign in with a code, or use “Forgot password?” to set one.';
    case 'wrong_password':
    case 'invalid_username_or_password':
    case 'invalid_credentials':
      return 'That password is not right. Check it and try again, sign in with a code, or use “Forgot password?”.';
    case 'already_exists':
      if (context === 'profile' || /username/i.test(message)) return 'That username is taken. Choose another one.';
      return 'An account already uses that phone number or email. Sign in instead.';
    case 'unreachable':
      return `Can’t reach the auth service at ${EMULATOR_URL}: the network is down or the emulator is not running (scripts/emulator.sh start).`;
    case 'unauthenticated':
    case 'invalid_grant':
      return (context === 'refresh' || context === 'profile') && !session
        ? 'You are signed out, so there is nothing to do here. Sign in first.'
        : 'Your session has ended. Please sign in again.';
    case 'user_blocked':
    case 'user_pending':
    case 'invalid_status':
    case 'under_review':
      return 'This account is blocked or waiting for review.';
    case 'provider_not_enabled':
    case 'login_method_disabled':
    case 'login_type_disabled':
      if (context === 'anonymous') return 'Guest sign-in is turned off for this environment.';
      if (context === 'password') return 'Password sign-in is turned off for this environment.';
      if (context === 'send' || context === 'reset') {
        return /sms|phone/i.test(message) || channel() === 'phone'
          ? 'Codes by SMS are turned off for this environment. Try an email address.'
          : 'Codes by email are turned off for this environment. Try a phone number.';
      }
      return 'This way of signing in is turned off for this environment.';
    case 'captcha_required':
    case 'captcha_invalid':
      return 'The service asks for a captcha, which this demo does not support. Try again later.';
    case 'unimplemented':
      return 'This SDK does not support that yet.';
    case 'internal':
    case 'unavailable':
    case 'server_error':
    case 'temporarily_unavailable':
    case 'deadline_exceeded':
      return 'The auth service had a problem. Please try again.';
    default:
      return 'Something went wrong. Please try again.';
  }
}

/** Shows `error` (an AuthError, or a sentence of the page's own) in `box`. */
function showError(error, context, box = el.error) {
  const sentence = typeof error === 'string' ? error : plainWords(error, context);
  const detail =
    typeof error === 'string' ? null : `${error?.message || 'no details'} · code ${error?.code || 'unknown'}`;
  box.replaceChildren(h('strong', { class: 'error-title' }, sentence));
  if (detail) box.append(h('span', { class: 'error-detail' }, detail));
  box.dataset.code = typeof error === 'string' ? 'input' : String(error?.code || 'unknown');
  if (typeof error !== 'string' && isCodeError(error) && (context === 'verify' || context === 'reset-verify')) {
    box.dataset.problem = codeProblem(error);
  } else {
    delete box.dataset.problem;
  }
  box.hidden = false;
  if (box === el.error) el.notice.hidden = true;
}

function clearError(box = el.error) {
  box.hidden = true;
  box.replaceChildren();
  delete box.dataset.code;
  delete box.dataset.problem;
}

function showNotice(text) {
  el.notice.textContent = text;
  el.notice.hidden = false;
}

// ------------------------------------------------------------------------------------------
// Buttons and busy state

const actionButtons = [
  el.sendCode, el.signinPassword, el.forgot, el.verify, el.resetSubmit, el.signinAnon, el.refresh, el.signout, el.profileSave,
];

function updateUi() {
  for (const b of actionButtons) b.disabled = busy;
  if (!session) {
    el.refresh.disabled = true;
    el.signout.disabled = true;
  }
  const key = addressKey(el.id.value);
  const wait = cooldownLeft(key);
  const resend = !!pending && pending.key === key;
  if (!el.sendCode.dataset.busyLabel) {
    el.sendCode.textContent = wait ? `Resend in ${waitText(wait)}` : resend ? 'Resend code' : 'Send code';
  }
  if (wait) el.sendCode.disabled = true;
  el.sendCode.dataset.wait = String(wait);
  if (wait) el.sendCode.setAttribute('aria-describedby', 'code-sent-to');
  else el.sendCode.removeAttribute('aria-describedby');

  const reset = pending?.kind === 'reset';
  el.verifyForm.hidden = !pending;
  el.verifyForm.dataset.kind = pending?.kind || '';
  el.verify.hidden = reset;
  el.newPasswordField.hidden = !reset;
  el.resetSubmit.hidden = !reset;
  el.verifyTitle.textContent = reset ? 'Reset your password' : 'Enter the code';
  for (const b of el.inbox.querySelectorAll('.use-code')) b.hidden = !pending;

  if (session && !el.profileSave.dataset.busyLabel) el.profileSave.disabled = busy || !profileChanged();
  updateCodeExpiry();
}

/**
 * Runs an SDK call with the page marked busy and `button` showing `label` (with a spinner);
 * `box` is the error box cleared first.
 */
async function run(button, label, fn, box = el.error) {
  if (busy) return;
  busy = true;
  clearError(box);
  if (box === el.error) el.notice.hidden = true;
  const original = button.textContent;
  button.dataset.busyLabel = '1';
  button.textContent = label;
  button.setAttribute('aria-busy', 'true');
  document.body.classList.add('busy');
  updateUi();
  try {
    await fn();
  } catch (e) {
    // The SDK resolves `{data, error}` and never rejects; anything thrown here is a page bug
    // or an SDK promise that rejected, which is worth seeing.
    console.error(e);
    showError(`Unexpected failure: ${e?.message || e}`, 'page', box);
  } finally {
    busy = false;
    button.textContent = original;
    delete button.dataset.busyLabel;
    button.removeAttribute('aria-busy');
    document.body.classList.remove('busy');
    updateUi();
  }
}

// ------------------------------------------------------------------------------------------
// Sign-in flows

function readIdentifier(missing) {
  const value = el.id.value.trim();
  if (!value) {
    showError(missing || (channel() === 'email' ? 'Type an email address first.' : 'Type a phone number first.'));
    el.id.focus();
    return null;
  }
  return value;
}

/** A code went out: remember what verifies it, start the countdown, show the code step. */
function codeSent(p) {
  pending = { ...p, sentAt: Date.now(), wrong: 0, expiresAt: null };
  startCooldown(p.key, RESEND_SECONDS);
  const where = p.channel === 'email' ? 'email' : 'SMS';
  el.codeSentTo.replaceChildren(
    p.kind === 'reset' ? 'We sent a password reset code by ' : 'We sent a code by ',
    where,
    ' to ',
    h('strong', {}, p.target),
    p.kind === 'reset' ? '. Type it with a new password.' : '. It is waiting in the dev inbox.',
  );
  el.code.value = '';
  el.newPassword.value = '';
  pollInboxSoon(300);
}

function onSendError(error, key, context) {
  showError(error, context);
  if (error.code === 'resource_exhausted') startCooldown(key, Number(error.retryAfter) || 30);
}

async function sendCode() {
  const target = readIdentifier();
  if (!target) return;
  const key = addressKey(target);
  const wait = cooldownLeft(key);
  if (wait) {
    // Enter in the field while the button counts down.
    if (pending?.key === key) el.code.focus();
    else showError(`A code was sent to ${target} a moment ago. You can ask for another in ${formatWait(wait)}.`);
    return;
  }
  if (pending?.kind === 'reset' && pending.key === key) {
    await sendResetCode(el.sendCode);
    return;
  }
  const ch = target.includes('@') ? 'email' : channel();
  const password = el.password.value;
  const resend = pending?.key === key;
  let sent = false;
  await run(el.sendCode, resend ? 'Resending…' : 'Sending…', async () => {
    // With a password: signUp sets it on the new account. Without: signInWithOtp, which signs in
    // an existing account and (shouldCreateUser) creates one for a new phone or email. A resend
    // makes the same call again: the challenge it answers verifies the new code.
    const { data, error } = password
      ? await auth.signUp({ [ch]: target, password })
      : await auth.signInWithOtp({ [ch]: target, options: { shouldCreateUser: true } });
    if (error) {
      onSendError(error, key, 'send');
      return;
    }
    codeSent({ kind: 'code', key, target, channel: ch, messageId: data.messageId, verifyOtp: data.verifyOtp });
    sent = true;
  });
  if (sent) el.code.focus();
  else if (el.error.dataset.code === 'invalid_argument') el.id.focus();
}

async function forgotPassword() {
  const target = readIdentifier('Type the phone number or email of your account first, then press “Forgot password?”.');
  if (!target) return;
  const key = addressKey(target);
  const wait = cooldownLeft(key);
  if (wait) {
    showError(`A code was sent to ${target} a moment ago. You can ask for a reset code in ${formatWait(wait)}.`);
    return;
  }
  await sendResetCode(el.forgot);
}

async function sendResetCode(button) {
  const target = el.id.value.trim();
  const key = addressKey(target);
  const ch = target.includes('@') ? 'email' : 'phone';
  let sent = false;
  await run(button, 'Sending…', async () => {
    const { data, error } = await auth.resetPasswordForEmail(target);
    if (error) {
      onSendError(error, key, 'reset');
      return;
    }
    codeSent({ kind: 'reset', key, target, channel: ch, messageId: data.messageId, updateUser: data.updateUser });
    sent = true;
  });
  if (sent) el.code.focus();
}

function readCode() {
  const token = el.code.value.trim();
  if (!/^\d{4,8}$/.test(token)) {
    showError('Type the 6-digit code from the dev inbox.');
    el.code.focus();
    return null;
  }
  return token;
}

/** Counts a wrong code against the tries the service allows. */
function countTry(error) {
  if (pending && isCodeError(error) && /does not match|incorrect|wrong|mismatch/i.test(error.message || '')) pending.wrong += 1;
}

async function verifyCode() {
  if (!pending) return;
  if (pending.kind === 'reset') return completeReset();
  const token = readCode();
  if (!token) return;
  let ok = false;
  await run(el.verify, 'Verifying…', async () => {
    const { error } = await pending.verifyOtp({ token });
    if (error) {
      countTry(error);
      showError(error, 'verify');
      return;
    }
    ok = true;
    pending = null;
    el.code.value = '';
    el.password.value = '';
  });
  if (!ok && pending) el.code.select();
}

async function completeReset() {
  const token = readCode();
  if (!token) return;
  const password = el.newPassword.value;
  if (!password) {
    showError('Type the new password.');
    el.newPassword.focus();
    return;
  }
  let ok = false;
  let focus = el.code;
  await run(el.resetSubmit, 'Saving…', async () => {
    const { error } = await pending.updateUser({ nonce: token, password });
    if (error) {
      countTry(error);
      showError(error, 'reset-verify');
      if (!isCodeError(error) && /password/i.test(error.message || '')) focus = el.newPassword;
      return;
    }
    ok = true;
    pending = null;
    el.code.value = '';
    el.newPassword.value = '';
    el.password.value = '';
  });
  if (ok) showNotice('Your password was changed, and you are signed in with it.');
  else if (pending) focus.select();
}

async function signInWithPassword() {
  const value = readIdentifier();
  if (!value) return;
  const password = el.password.value;
  if (!password) {
    showError('Type your password first.');
    el.password.focus();
    return;
  }
  // A phone, an email, or else a username.
  const key = value.includes('@') ? 'email' : looksLikePhone(value) ? 'phone' : 'username';
  await run(el.signinPassword, 'Signing in…', async () => {
    const { error } = await auth.signInWithPassword({ [key]: value, password });
    if (error) {
      showError(error, 'password');
      el.password.select();
      return;
    }
    pending = null;
    el.password.value = '';
  });
}

async function signInAnonymously() {
  await run(el.signinAnon, 'Signing in…', async () => {
    const { error } = await auth.signInAnonymously();
    if (error) showError(error, 'anonymous');
    else pending = null;
  });
}

async function signOut() {
  await run(
    el.signout,
    'Signing out…',
    async () => {
      const { error } = await auth.signOut();
      if (error) showError(error, 'signout', el.sessionError);
    },
    el.sessionError,
  );
}

async function refreshSession() {
  await run(
    el.refresh,
    'Refreshing…',
    async () => {
      const { error } = await auth.refreshSession();
      if (error) showError(error, 'refresh', el.sessionError);
    },
    el.sessionError,
  );
}

// ------------------------------------------------------------------------------------------
// Profile: auth.updateUser({ nickname, username })

function profileOf(user) {
  const meta = user?.user_metadata || {};
  return { nickname: String(meta.nickName ?? meta.name ?? ''), username: String(meta.username ?? '') };
}

let profileUser = null; // the user id the fields were filled for
let statusTimer = null;

function profileChanged() {
  if (!session) return false;
  const now = profileOf(session.user);
  return el.nickname.value.trim() !== now.nickname || el.username.value.trim() !== now.username;
}

/** Fills the profile fields from the session, keeping what is being typed for the same user. */
function renderProfile() {
  el.profileCard.hidden = !session;
  if (!session) {
    profileUser = null;
    return;
  }
  const id = session.user?.id;
  const typing = document.activeElement === el.nickname || document.activeElement === el.username;
  if (profileUser !== id || !typing) {
    const now = profileOf(session.user);
    el.nickname.value = now.nickname;
    el.username.value = now.username;
    if (profileUser !== id) {
      clearError(el.profileError);
      el.profileStatus.textContent = '';
    }
    profileUser = id;
  }
}

async function saveProfile() {
  if (!session) return;
  const nickname = el.nickname.value.trim();
  const username = el.username.value.trim();
  if (!profileChanged()) {
    el.profileStatus.textContent = 'Nothing changed.';
    return;
  }
  if (!username && profileOf(session.user).username) {
    showError('A username can be changed but not removed.', 'profile', el.profileError);
    el.username.focus();
    return;
  }
  const params = { nickname };
  if (username) params.username = username;
  let focus = null;
  clearTimeout(statusTimer);
  el.profileStatus.textContent = '';
  await run(
    el.profileSave,
    'Saving…',
    async () => {
      // Resolves the fresh user; the SDK also delivers USER_UPDATED, which redraws the card.
      const { error } = await auth.updateUser(params);
      if (error) {
        showError(error, 'profile', el.profileError);
        focus = /username|already/i.test(`${error.message} ${error.code}`) ? el.username : el.nickname;
        return;
      }
      el.profileStatus.textContent = 'Saved.';
      statusTimer = setTimeout(() => (el.profileStatus.textContent = ''), 4000);
    },
    el.profileError,
  );
  focus?.select();
}

// ------------------------------------------------------------------------------------------
// Session card

function relative(ms) {
  const s = Math.round(Math.abs(ms) / 1000);
  let text;
  if (s < 60) text = `${s} s`;
  else if (s < 3600) text = `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  else text = `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

function row(label, ...value) {
  return [h('dt', {}, label), h('dd', {}, ...value)];
}

function copyButton(text, what) {
  return h(
    'button',
    {
      type: 'button',
      class: 'ghost small copy',
      'aria-label': `Copy ${what}`,
      onclick: async (e) => {
        try {
          await navigator.clipboard.writeText(text);
          e.currentTarget.textContent = 'Copied';
        } catch {
          e.currentTarget.textContent = 'Copy failed';
        }
        const b = e.currentTarget;
        setTimeout(() => (b.textContent = 'Copy'), 1500);
      },
    },
    'Copy',
  );
}

function personIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '26');
  svg.setAttribute('height', '26');
  svg.setAttribute('fill', 'currentColor');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zm0 2c-4.4 0-8 2.3-8 5.2V21h16v-1.8c0-2.9-3.6-5.2-8-5.2z');
  svg.append(path);
  return svg;
}

/** The name to show for a user: the nickname, else the username, else the phone or email. */
function displayName(user) {
  if (!user) return '';
  const { nickname, username } = profileOf(user);
  return nickname || username || (user.is_anonymous ? 'Guest' : user.phone || user.email || 'User');
}

function renderSession(s) {
  session = s || null;
  renderProfile();
  el.signinHint.textContent = session
    ? 'You are signed in. Signing in here, with a code, a password or as a guest, switches to another account.'
    : SIGNED_OUT_HINT;
  const card = el.session;
  if (!session) {
    card.dataset.state = 'signed-out';
    card.replaceChildren(
      h(
        'div',
        { class: 'identity' },
        h('div', { class: 'avatar avatar-empty', 'aria-hidden': 'true' }, '?'),
        h(
          'div',
          {},
          h('p', { class: 'state-title' }, 'Signed out'),
          h('p', { class: 'muted' }, 'Sign in with a code, a password, or as a guest.'),
        ),
      ),
    );
    updateUi();
    return;
  }
  const user = session.user || {};
  const anonymous = !!user.is_anonymous;
  const name = displayName(user);
  const { username } = profileOf(user);
  const contact = anonymous ? 'anonymous account' : user.phone || user.email || (username ? `@${username}` : '');
  const kind = anonymous ? 'Anonymous' : user.phone ? 'Phone' : user.email ? 'Email' : 'Account';
  const expiresAt = session.expires_at ? new Date(session.expires_at) : null;
  const validExpiry = expiresAt && !Number.isNaN(expiresAt.getTime());
  const token = String(session.access_token || '');
  card.dataset.state = 'signed-in';
  card.replaceChildren(
    h(
      'div',
      { class: 'identity' },
      h('div', { class: `avatar${anonymous ? ' avatar-guest' : ''}`, 'aria-hidden': 'true' }, initial(user) || personIcon()),
      h(
        'div',
        { class: 'identity-text' },
        h('p', { class: 'state-title' }, 'Signed in ', h('span', { class: `badge badge-${kind.toLowerCase()}` }, kind)),
        h('p', { class: 'identity-name', id: 'session-name' }, name),
        contact && contact !== name ? h('p', { class: 'identity-contact muted' }, contact) : null,
      ),
    ),
    h(
      'dl',
      { class: 'facts' },
      row('User id', h('code', { id: 'session-user-id' }, user.id || '—'), user.id && copyButton(user.id, 'user id')),
      row('Phone', user.phone || h('span', { class: 'muted' }, 'none')),
      row('Email', user.email || h('span', { class: 'muted' }, 'none')),
      row('Username', username ? h('span', { id: 'session-username' }, username) : h('span', { class: 'muted' }, 'none')),
      row(
        'Access token expires',
        validExpiry
          ? [
              h('time', { datetime: expiresAt.toISOString() }, expiresAt.toLocaleString()),
              ' ',
              h('span', { class: 'muted', 'aria-live': 'off', 'data-expires-at': String(expiresAt.getTime()) }, `(${relative(expiresAt - Date.now())})`),
            ]
          : h('span', { class: 'muted' }, 'unknown'),
      ),
      row('Access token', h('code', { class: 'token', title: 'The start of the access token' }, token ? `${token.slice(0, 24)}…` : '—')),
    ),
  );
  updateUi();
}

/** The avatar letter: the first letter of the nickname, username or email. */
function initial(user) {
  if (!user || user.is_anonymous) return '';
  const { nickname, username } = profileOf(user);
  const source = nickname || username || user.email || '';
  return source ? [...source][0].toUpperCase() : '';
}

function tickClocks() {
  for (const span of document.querySelectorAll('[data-expires-at]')) {
    const left = Number(span.dataset.expiresAt) - Date.now();
    span.textContent = left > 0 ? `(${relative(left)})` : '(expired: refreshed on next use)';
  }
  for (const span of document.querySelectorAll('[data-sent-at]')) {
    span.textContent = `sent ${relative(Number(span.dataset.sentAt) - Date.now())}`;
  }
  for (const span of document.querySelectorAll('[data-code-expires-at]')) {
    const left = Number(span.dataset.codeExpiresAt) - Date.now();
    span.textContent = left > 0 ? `expires ${relative(left)}` : 'expired';
    span.closest('.inbox-message')?.classList.toggle('expired', left <= 0);
  }
  if (Object.keys(cooldowns).length || el.sendCode.dataset.wait !== '0' || pending) updateUi();
}

// ------------------------------------------------------------------------------------------
// Event log

const EVENT_LIMIT = 50;

function logEvent(event, s) {
  const user = s?.user;
  const who = user ? (user.is_anonymous && !profileOf(user).nickname ? `guest ${user.id}` : displayName(user)) : 'no session';
  const li = h(
    'li',
    { dataset: { event: String(event) } },
    h('span', { class: 'event-name' }, String(event)),
    h('span', { class: 'event-who' }, who),
    h('time', { datetime: new Date().toISOString() }, new Date().toLocaleTimeString()),
  );
  el.events.prepend(li);
  while (el.events.children.length > EVENT_LIMIT) el.events.lastElementChild.remove();
  el.eventsEmpty.hidden = true;
}

// ------------------------------------------------------------------------------------------
// Dev inbox (emulator only: GET /emulator/v1/inbox?to=...)

let inboxTimer = null;
let inboxSignature = '';
let inboxSeq = 0;

async function fetchInbox(address) {
  const res = await fetch(`${EMULATOR_URL}/emulator/v1/inbox?to=${encodeURIComponent(address)}`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = await res.json();
  return Array.isArray(body?.messages) ? body.messages : [];
}

function renderInbox(state, messages = [], addresses = []) {
  const signature = JSON.stringify([state, addresses[0], messages.map((m) => m.verification_id)]);
  if (signature === inboxSignature) return;
  inboxSignature = signature;
  el.inbox.dataset.state = state;
  el.inbox.dataset.address = addresses[0] || '';
  if (state === 'loading') {
    el.inbox.replaceChildren(h('p', { class: 'muted' }, 'Looking for codes sent to ', h('strong', {}, addresses[0]), '…'));
    return;
  }
  if (state === 'idle') {
    el.inbox.replaceChildren(h('p', { class: 'muted' }, 'Type a phone number or an email above to see the codes sent to it.'));
    return;
  }
  if (state === 'offline') {
    el.inbox.replaceChildren(h('p', { class: 'muted' }, `The emulator at ${EMULATOR_URL} does not answer.`));
    return;
  }
  if (!messages.length) {
    el.inbox.replaceChildren(h('p', { class: 'muted' }, 'No codes sent to ', h('strong', {}, addresses[0]), ' yet.'));
    return;
  }
  const [latest, ...older] = messages.slice(0, 6);
  const meta = (m) => [
    h('span', {}, m.channel === 'email' ? 'Email' : 'SMS', ' to ', m.to),
    h('span', { 'aria-live': 'off', 'data-sent-at': String(m.sent_at) }, `sent ${relative(m.sent_at - Date.now())}`),
    h('span', { 'aria-live': 'off', 'data-code-expires-at': String(m.expires_at) }, m.expires_at > Date.now() ? `expires ${relative(m.expires_at - Date.now())}` : 'expired'),
  ];
  const expired = (m) => m.expires_at <= Date.now();
  el.inbox.replaceChildren(
    ...[h(
      'div',
      { class: `inbox-message inbox-latest${expired(latest) ? ' expired' : ''}`, dataset: { code: latest.code } },
      h('div', { class: 'inbox-code-row' },
        h('span', { class: 'inbox-code', id: 'inbox-latest-code', 'aria-label': `Latest code ${latest.code.split('').join(' ')}` }, latest.code),
        h('button', {
          type: 'button',
          class: 'secondary small use-code',
          hidden: !pending,
          onclick: () => {
            el.code.value = latest.code;
            if (pending?.kind === 'reset') el.newPassword.focus();
            else el.verify.focus();
          },
        }, 'Use this code'),
      ),
      h('div', { class: 'inbox-meta' }, meta(latest)),
    ),
    older.length
      ? h('ul', { class: 'inbox-older', 'aria-label': 'Earlier codes' },
          older.map((m) => h('li', { class: `inbox-message${expired(m) ? ' expired' : ''}` },
            h('code', {}, m.code), h('span', { class: 'inbox-meta' }, meta(m)))))
      : null].filter(Boolean),
  );
}

async function pollInbox() {
  clearTimeout(inboxTimer);
  inboxTimer = null;
  const seq = ++inboxSeq;
  const addresses = inboxAddresses();
  try {
    if (!addresses.length) {
      renderInbox('idle');
    } else {
      const lists = await Promise.all(addresses.map(fetchInbox));
      if (seq !== inboxSeq) return; // a newer poll started meanwhile
      const byId = new Map();
      for (const m of lists.flat()) if (m && m.verification_id && !byId.has(m.verification_id)) byId.set(m.verification_id, m);
      const messages = [...byId.values()].sort((a, b) => b.sent_at - a.sent_at);
      const mine = pending && messages.find((m) => m.verification_id === pending.messageId);
      if (mine && pending.expiresAt !== mine.expires_at) {
        pending.expiresAt = mine.expires_at;
        updateCodeExpiry();
      }
      renderInbox('ok', messages, addresses);
      setEmulatorStatus(true);
    }
  } catch {
    if (seq !== inboxSeq) return;
    renderInbox('offline');
    setEmulatorStatus(false);
  }
  if (seq === inboxSeq && !document.hidden) inboxTimer = setTimeout(pollInbox, 2000);
}

/** Never shows the codes of another address than the one typed, even for a moment. */
function forgetOtherInbox() {
  const addresses = inboxAddresses();
  if ((addresses[0] || '') === (el.inbox.dataset.address || '')) return;
  if (addresses.length) renderInbox('loading', [], addresses);
  else renderInbox('idle');
}

function pollInboxSoon(delay = 250) {
  clearTimeout(inboxTimer);
  inboxTimer = setTimeout(pollInbox, delay);
}

// ------------------------------------------------------------------------------------------
// Emulator status

function setEmulatorStatus(up) {
  el.emulatorStatus.dataset.state = up ? 'up' : 'down';
  el.emulatorStatusText.textContent = up ? 'online' : 'offline';
}

/** Reads the code limits of the emulator, for the words around codes (defaults otherwise). */
async function loadLimits() {
  try {
    const res = await fetch(`${EMULATOR_URL}/emulator/v1/config`, { cache: 'no-store' });
    if (!res.ok) return;
    const config = await res.json();
    // (`code_ttl_secs` and `max_attempts` only: the page keeps its own 60 s resend countdown.)
    for (const k of Object.keys(limits)) if (Number(config?.[k]) > 0) limits[k] = Number(config[k]);
  } catch {
    /* not the emulator, or down: keep the defaults */
  }
}

async function checkHealth() {
  try {
    const res = await fetch(`${EMULATOR_URL}/emulator/v1/health`, { cache: 'no-store' });
    setEmulatorStatus(res.ok && (await res.json())?.ok === true);
  } catch {
    setEmulatorStatus(false);
  }
}

// ------------------------------------------------------------------------------------------
// The code step: when the code expires

function updateCodeExpiry() {
  if (!pending) {
    el.codeExpiry.textContent = '';
    return;
  }
  const expiresAt = pending.expiresAt ?? pending.sentAt + limits.code_ttl_secs * 1000;
  const left = expiresAt - Date.now();
  const text = left > 0 ? `The code expires ${relative(left)}.` : 'The code has expired: press “Resend code” for a new one.';
  if (el.codeExpiry.textContent !== text) el.codeExpiry.textContent = text;
  el.codeExpiry.classList.toggle('expired', left <= 0);
}

// ------------------------------------------------------------------------------------------
// Wiring

el.channelPhone.addEventListener('change', applyChannel);
el.channelEmail.addEventListener('change', applyChannel);

el.id.addEventListener('input', () => {
  const v = el.id.value.trim();
  // Switch the channel for the user when what they type makes it obvious.
  if (channel() === 'phone' && v.includes('@')) {
    el.channelEmail.checked = true;
    applyChannel();
  } else if (channel() === 'email' && /^\+?\d[\d\s\-]{4,}$/.test(v)) {
    el.channelPhone.checked = true;
    applyChannel();
  }
  forgetOtherInbox();
  pollInboxSoon(400);
  updateUi();
});

el.form.addEventListener('submit', (e) => {
  e.preventDefault();
  sendCode();
});

el.signinPassword.addEventListener('click', signInWithPassword);
el.forgot.addEventListener('click', forgotPassword);

el.password.addEventListener('keydown', (e) => {
  // Enter in the password field signs in with it (an empty one sends a code instead).
  if (e.key === 'Enter' && !e.isComposing && el.password.value) {
    e.preventDefault();
    signInWithPassword();
  }
});

el.togglePassword.addEventListener('click', () => {
  const show = el.password.type === 'password';
  el.password.type = show ? 'text' : 'password';
  el.togglePassword.textContent = show ? 'Hide' : 'Show';
  el.togglePassword.setAttribute('aria-label', show ? 'Hide password' : 'Show password');
  el.togglePassword.setAttribute('aria-pressed', String(show));
  el.password.focus();
});

el.verifyForm.addEventListener('submit', (e) => {
  e.preventDefault();
  verifyCode();
});

el.code.addEventListener('input', () => {
  el.code.value = el.code.value.replace(/\D/g, '').slice(0, 8);
});

el.cancelCode.addEventListener('click', () => {
  pending = null;
  el.code.value = '';
  el.newPassword.value = '';
  clearError();
  updateUi();
  el.id.focus();
  el.id.select();
});

el.profileForm.addEventListener('submit', (e) => {
  e.preventDefault();
  saveProfile();
});
for (const input of [el.nickname, el.username]) {
  input.addEventListener('input', () => {
    el.profileStatus.textContent = '';
    clearError(el.profileError);
    updateUi();
  });
}

el.signinAnon.addEventListener('click', signInAnonymously);
el.signout.addEventListener('click', signOut);
el.refresh.addEventListener('click', refreshSession);
el.clearEvents.addEventListener('click', () => {
  el.events.replaceChildren();
  el.eventsEmpty.hidden = false;
});

document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && pending && el.verifyForm.contains(document.activeElement)) el.cancelCode.click();
});

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) {
    pollInboxSoon(0);
    checkHealth();
  }
});

// Every auth change (including INITIAL_SESSION for the stored session) updates the card.
auth.onAuthStateChange((event, s) => {
  logEvent(event, s);
  renderSession(event === 'SIGNED_OUT' ? null : s ?? null);
});

// Another tab that signs in writes the tokens and then the user's profile: the event reaches
// this tab with the tokens, and the profile may land a moment later. Redraw the card from
// what is stored whenever another tab changes it.
let resyncTimer = null;
window.addEventListener('storage', (e) => {
  if (e.key !== null && !/^(credentials|user_info)_/.test(e.key)) return;
  clearTimeout(resyncTimer);
  resyncTimer = setTimeout(async () => {
    const { data, error } = await auth.getSession();
    if (!error) renderSession(data?.session ?? null);
  }, 50);
});

applyChannel();
forgetOtherInbox();
setInterval(tickClocks, 1000);
setInterval(() => document.hidden || checkHealth(), 5000);
checkHealth();
loadLimits();

{
  const { data, error } = await auth.getSession();
  if (error) showError(error, 'session');
  // The INITIAL_SESSION event may already have drawn the card.
  if (el.session.dataset.state === 'loading') renderSession(data?.session ?? null);
}
