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
  sendCode: $('send-code'),
  signinPassword: $('signin-password'),
  verifyForm: $('verify-form'),
  codeSentTo: $('code-sent-to'),
  code: $('code'),
  verify: $('verify'),
  cancelCode: $('cancel-code'),
  signinAnon: $('signin-anon'),
  error: $('error'),
  inbox: $('inbox'),
  session: $('session'),
  refresh: $('refresh'),
  signout: $('signout'),
  events: $('events'),
  eventsEmpty: $('events-empty'),
  clearEvents: $('clear-events'),
  emulatorStatus: $('emulator-status'),
  emulatorStatusText: $('emulator-status-text'),
};

$('emulator-url').textContent = EMULATOR_URL;

// ------------------------------------------------------------------------------------------
// Page state

let session = null; // the current session, as last reported by the SDK
let pending = null; // { verifyOtp, channel, target } while a code awaits verification
let busy = false; // an SDK call started from the page is running
let cooldown = null; // { target, until } after a rate-limit answer

// ------------------------------------------------------------------------------------------
// Phone numbers and emails

const TWO_DIGIT_CC = new Set([
  20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56,
  57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
]);

/**
 * The "+CC NNNN" form the service stores phones in, as the SDK normalises them: "+86 138…" is
 * kept, "+86138…" is split at its country code, a bare national number gets "+86". Only used to
 * look codes up in the dev inbox; the SDK gets what the user typed.
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
// Errors in plain words

function formatWait(seconds) {
  const s = Math.max(1, Math.ceil(Number(seconds) || 0));
  if (s < 90) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} minutes`;
  const hours = Math.floor(m / 60);
  return `${hours} h ${m % 60} min`;
}

/**
 * A sentence for an SDK error. `context` is what the user was doing: 'send' (sending a code),
 * 'verify', 'password', 'anonymous', 'refresh', 'signout' or 'session'.
 */
function plainWords(error, context) {
  const code = String(error?.code || 'unknown');
  const category = error?.category;
  const verifying = context === 'verify';
  switch (code) {
    case 'invalid_password':
      if (context === 'password') {
        return /not set/i.test(error.message || '')
          ? 'This account has no password yet. Sign in with a code instead.'
          : 'That password is not right. Check it and try again, or sign in with a code.';
      }
      return verifying
        ? 'That password can’t be used. Choose 8 to 32 characters with at least one letter and one digit, then send a new code.'
        : 'That password can’t be used. Choose 8 to 32 characters with at least one letter and one digit.';
    case 'password_not_set':
      return 'This account has no password yet. Sign in with a code instead.';
    case 'wrong_password':
    case 'invalid_username_or_password':
    case 'invalid_credentials':
      return 'That password is not right. Check it and try again, or sign in with a code.';
    case 'invalid_verification_code':
      return 'That code doesn’t match or has expired. Check the dev inbox, or send a new code.';
    case 'invalid_argument':
      if (verifying && (category === 'VERIFICATION_FAILED' || /code|verification/i.test(error.message || ''))) {
        return 'That code doesn’t match or has expired. Check the dev inbox, or send a new code.';
      }
      if (/phone/i.test(error.message || '')) return 'That phone number doesn’t look right. Include the country code, e.g. +86 13800000000.';
      if (/email/i.test(error.message || '')) return 'That email address doesn’t look right.';
      if (/password/i.test(error.message || '')) {
        return /required|missing|empty/i.test(error.message || '')
          ? 'Please type your password.'
          : 'That password can’t be used. Choose 8 to 32 characters with at least one letter and one digit.';
      }
      return 'Something you entered isn’t valid. Check it and try again.';
    case 'resource_exhausted':
      return error.retryAfter
        ? `Too many attempts. Please wait ${formatWait(error.retryAfter)} and try again.`
        : 'Too many attempts. Please wait a little and try again.';
    case 'not_found':
    case 'user_not_found':
      if (context === 'password') return 'No account uses that phone number, email or username. To create one, press “Send code”.';
      if (verifying) return 'That code is no longer known to the service. Send a new code.';
      return 'No account was found for that.';
    case 'already_exists':
      return 'An account already uses that phone number or email. Sign in instead.';
    case 'unreachable':
      return `Can’t reach the auth service at ${EMULATOR_URL}. Is the emulator running? (scripts/emulator.sh start)`;
    case 'unauthenticated':
    case 'invalid_grant':
      return context === 'refresh' && !session
        ? 'You are signed out, so there is no session to refresh.'
        : 'Your session has ended. Please sign in again.';
    case 'user_blocked':
    case 'user_pending':
    case 'invalid_status':
    case 'under_review':
      return 'This account is blocked or waiting for review.';
    case 'provider_not_enabled':
    case 'login_method_disabled':
    case 'login_type_disabled':
      return 'This way of signing in is turned off for the environment.';
    case 'captcha_required':
    case 'captcha_invalid':
      return 'The service asks for a captcha, which this demo does not support. Try again later.';
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

function showError(error, context) {
  const sentence = typeof error === 'string' ? error : plainWords(error, context);
  const detail =
    typeof error === 'string' ? null : `${error?.message || 'no details'} · code ${error?.code || 'unknown'}`;
  el.error.replaceChildren(h('strong', { class: 'error-title' }, sentence));
  if (detail) el.error.append(h('span', { class: 'error-detail' }, detail));
  el.error.dataset.code = typeof error === 'string' ? 'input' : String(error?.code || 'unknown');
  el.error.hidden = false;
}

function clearError() {
  el.error.hidden = true;
  el.error.replaceChildren();
  delete el.error.dataset.code;
}

// ------------------------------------------------------------------------------------------
// Buttons and busy state

const actionButtons = [el.sendCode, el.signinPassword, el.verify, el.signinAnon, el.refresh, el.signout];

function cooldownLeft() {
  if (!cooldown) return 0;
  const left = Math.ceil((cooldown.until - Date.now()) / 1000);
  if (left <= 0) cooldown = null;
  if (left <= 0 || cooldown.target !== el.id.value.trim()) return 0;
  return left;
}

function updateUi() {
  for (const b of actionButtons) b.disabled = busy;
  if (!session) {
    el.refresh.disabled = true;
    el.signout.disabled = true;
  }
  const wait = cooldownLeft();
  if (!busy && !el.sendCode.dataset.busyLabel) {
    const waitText = wait > 90 ? `${Math.ceil(wait / 60)} min` : `${wait} s`;
    el.sendCode.textContent = wait ? `Send again in ${waitText}` : pending ? 'Send a new code' : 'Send code';
  }
  if (wait) el.sendCode.disabled = true;
  el.verifyForm.hidden = !pending;
  for (const b of el.inbox.querySelectorAll('.use-code')) b.hidden = !pending;
}

/** Runs an SDK call with the page marked busy and `button` showing `label`. */
async function run(button, label, fn) {
  if (busy) return;
  busy = true;
  clearError();
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
    showError(`Unexpected failure: ${e?.message || e}`);
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

function readIdentifier() {
  const value = el.id.value.trim();
  if (!value) {
    showError(channel() === 'email' ? 'Type an email address first.' : 'Type a phone number first.');
    el.id.focus();
    return null;
  }
  return value;
}

async function sendCode() {
  const target = readIdentifier();
  if (!target) return;
  const ch = channel();
  const password = el.password.value;
  await run(el.sendCode, 'Sending…', async () => {
    // With a password: signUp sets it on the new account. Without: signInWithOtp, which signs in
    // an existing account and (shouldCreateUser) creates one for a new phone or email.
    const { data, error } = password
      ? await auth.signUp({ [ch]: target, password })
      : await auth.signInWithOtp({ [ch]: target, options: { shouldCreateUser: true } });
    if (error) {
      showError(error, 'send');
      if (error.code === 'resource_exhausted' && error.retryAfter) {
        cooldown = { target, until: Date.now() + Number(error.retryAfter) * 1000 };
      }
      return;
    }
    pending = { verifyOtp: data.verifyOtp, channel: ch, target };
    el.codeSentTo.replaceChildren(
      `We sent a code to `,
      h('strong', {}, target),
      `. It is waiting in the dev inbox.`,
    );
    el.code.value = '';
    pollInboxSoon(300);
  });
  if (pending && pending.target === target) el.code.focus();
}

async function verifyCode() {
  if (!pending) return;
  const token = el.code.value.trim();
  if (!/^\d{4,8}$/.test(token)) {
    showError('Type the 6-digit code from the dev inbox.');
    el.code.focus();
    return;
  }
  let ok = false;
  await run(el.verify, 'Verifying…', async () => {
    const { error } = await pending.verifyOtp({ token });
    if (error) {
      showError(error, 'verify');
      return;
    }
    ok = true;
    pending = null;
    el.code.value = '';
    el.password.value = '';
  });
  if (!ok) el.code.select();
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
  const key = channel() === 'email' || value.includes('@') ? 'email' : looksLikePhone(value) ? 'phone' : 'username';
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
  await run(el.signout, 'Signing out…', async () => {
    const { error } = await auth.signOut();
    if (error) showError(error, 'signout');
  });
}

async function refreshSession() {
  await run(el.refresh, 'Refreshing…', async () => {
    const { error } = await auth.refreshSession();
    if (error) showError(error, 'refresh');
  });
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

function renderSession(s) {
  session = s || null;
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
  const name = anonymous ? 'Guest' : user.phone || user.email || user.user_metadata?.username || 'User';
  const kind = anonymous ? 'Anonymous' : user.phone ? 'Phone' : user.email ? 'Email' : 'Account';
  const expiresAt = session.expires_at ? new Date(session.expires_at) : null;
  const validExpiry = expiresAt && !Number.isNaN(expiresAt.getTime());
  const token = String(session.access_token || '');
  card.dataset.state = 'signed-in';
  card.replaceChildren(
    h(
      'div',
      { class: 'identity' },
      h('div', { class: `avatar${anonymous ? ' avatar-guest' : ''}`, 'aria-hidden': 'true' }, user.email && !anonymous ? user.email.slice(0, 1).toUpperCase() : personIcon()),
      h(
        'div',
        {},
        h('p', { class: 'state-title' }, 'Signed in ', h('span', { class: `badge badge-${kind.toLowerCase()}` }, kind)),
        h('p', { class: 'identity-name' }, name),
      ),
    ),
    h(
      'dl',
      { class: 'facts' },
      row('User id', h('code', { id: 'session-user-id' }, user.id || '—'), user.id && copyButton(user.id, 'user id')),
      row('Phone', user.phone || h('span', { class: 'muted' }, 'none')),
      row('Email', user.email || h('span', { class: 'muted' }, 'none')),
      row(
        'Access token expires',
        validExpiry
          ? [
              h('time', { datetime: expiresAt.toISOString() }, expiresAt.toLocaleString()),
              ' ',
              h('span', { class: 'muted', 'data-expires-at': String(expiresAt.getTime()) }, `(${relative(expiresAt - Date.now())})`),
            ]
          : h('span', { class: 'muted' }, 'unknown'),
      ),
      row('Access token', h('code', { class: 'token', title: 'The start of the access token' }, token ? `${token.slice(0, 24)}…` : '—')),
    ),
  );
  updateUi();
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
  if (cooldown || el.sendCode.disabled) updateUi();
}

// ------------------------------------------------------------------------------------------
// Event log

const EVENT_LIMIT = 50;

function logEvent(event, s) {
  const user = s?.user;
  const who = user ? (user.is_anonymous ? `guest ${user.id}` : user.phone || user.email || user.id) : 'no session';
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
    h('span', { 'data-sent-at': String(m.sent_at) }, `sent ${relative(m.sent_at - Date.now())}`),
    h('span', { 'data-code-expires-at': String(m.expires_at) }, m.expires_at > Date.now() ? `expires ${relative(m.expires_at - Date.now())}` : 'expired'),
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
            el.verify.focus();
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

async function checkHealth() {
  try {
    const res = await fetch(`${EMULATOR_URL}/emulator/v1/health`, { cache: 'no-store' });
    setEmulatorStatus(res.ok && (await res.json())?.ok === true);
  } catch {
    setEmulatorStatus(false);
  }
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
  pollInboxSoon(400);
  updateUi();
});

el.form.addEventListener('submit', (e) => {
  e.preventDefault();
  sendCode();
});

el.signinPassword.addEventListener('click', signInWithPassword);

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
  clearError();
  updateUi();
  el.id.focus();
  el.id.select();
});

el.signinAnon.addEventListener('click', signInAnonymously);
el.signout.addEventListener('click', signOut);
el.refresh.addEventListener('click', refreshSession);
el.clearEvents.addEventListener('click', () => {
  el.events.replaceChildren();
  el.eventsEmpty.hidden = false;
});

document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && pending && document.activeElement === el.code) el.cancelCode.click();
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
  renderSession(s ?? null);
});

applyChannel();
setInterval(tickClocks, 1000);
setInterval(() => document.hidden || checkHealth(), 5000);
checkHealth();

{
  const { data, error } = await auth.getSession();
  if (error) showError(error, 'session');
  // The INITIAL_SESSION event may already have drawn the card.
  if (el.session.dataset.state === 'loading') renderSession(data?.session ?? null);
}
