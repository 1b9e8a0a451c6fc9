// Sign-in panel: a code by SMS or email (sign-up or sign-in), a password, a guest session, and
// the password reset; the code step under the form.
import { addressKey, channel, looksLikePhone } from './address.js';
import { cooldownLeft, startCooldown } from './cooldown.js';
import { el, h } from './dom.js';
import { formatWait } from './format.js';
import { forgetOtherInbox, pollInboxSoon } from './inbox.js';
import { clearError, isCodeError, showError, showNotice } from './messages.js';
import { auth } from './sdk.js';
import { RESEND_SECONDS, state } from './state.js';
import { run, updateUi } from './ui.js';

/** Words the form for the channel chosen (phone or email). */
export function applyChannel() {
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
  state.pending = { ...p, sentAt: Date.now(), wrong: 0, expiresAt: null };
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
    if (state.pending?.key === key) el.code.focus();
    else showError(`A code was sent to ${target} a moment ago. You can ask for another in ${formatWait(wait)}.`);
    return;
  }
  if (state.pending?.kind === 'reset' && state.pending.key === key) {
    await sendResetCode(el.sendCode);
    return;
  }
  const ch = target.includes('@') ? 'email' : channel();
  const password = el.password.value;
  const resend = state.pending?.key === key;
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
  if (state.pending && isCodeError(error) && /does not match|incorrect|wrong|mismatch/i.test(error.message || '')) state.pending.wrong += 1;
}

async function verifyCode() {
  if (!state.pending) return;
  if (state.pending.kind === 'reset') return completeReset();
  const token = readCode();
  if (!token) return;
  let ok = false;
  await run(el.verify, 'Verifying…', async () => {
    const { error } = await state.pending.verifyOtp({ token });
    if (error) {
      countTry(error);
      showError(error, 'verify');
      return;
    }
    ok = true;
    state.pending = null;
    el.code.value = '';
    el.password.value = '';
  });
  if (!ok && state.pending) el.code.select();
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
    const { error } = await state.pending.updateUser({ nonce: token, password });
    if (error) {
      countTry(error);
      showError(error, 'reset-verify');
      if (!isCodeError(error) && /password/i.test(error.message || '')) focus = el.newPassword;
      return;
    }
    ok = true;
    state.pending = null;
    el.code.value = '';
    el.newPassword.value = '';
    el.password.value = '';
  });
  if (ok) showNotice('Your password was changed, and you are signed in with it.');
  else if (state.pending) focus.select();
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
    state.pending = null;
    el.password.value = '';
  });
}

async function signInAnonymously() {
  await run(el.signinAnon, 'Signing in…', async () => {
    const { error } = await auth.signInAnonymously();
    if (error) showError(error, 'anonymous');
    else state.pending = null;
  });
}

/** Wires the sign-in form, the code step and the guest button. */
export function initSignIn() {
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
    state.pending = null;
    el.code.value = '';
    el.newPassword.value = '';
    clearError();
    updateUi();
    el.id.focus();
    el.id.select();
  });

  el.signinAnon.addEventListener('click', signInAnonymously);

  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && state.pending && el.verifyForm.contains(document.activeElement)) el.cancelCode.click();
  });
}
