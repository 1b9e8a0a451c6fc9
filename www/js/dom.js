// Small DOM helpers and the page's elements by role.

/** The element with id `id`. */
export const $ = (id) => document.getElementById(id);

/** Creates an element: h('p', {class: 'x'}, 'text', child, ...). Text is never parsed as HTML. */
export function h(tag, attrs = {}, ...children) {
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

/** The elements of index.html the page reads or changes. */
export const el = {
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
  emulatorUrl: $('emulator-url'),
  emulatorStatus: $('emulator-status'),
  emulatorStatusText: $('emulator-status-text'),
};
