// Buttons and busy state: what is enabled, what the buttons say, and running an SDK call with
// the page marked busy.
import { addressKey } from './address.js';
import { cooldownLeft } from './cooldown.js';
import { el } from './dom.js';
import { relative, waitText } from './format.js';
import { clearError, showError } from './messages.js';
import { limits, state } from './state.js';

const actionButtons = [
  el.sendCode, el.signinPassword, el.forgot, el.verify, el.resetSubmit, el.signinAnon, el.refresh, el.signout, el.profileSave,
];

/** Parts of `updateUi` that panels add (each called after the sign-in part, in order). */
const updaters = [];

/** Adds `fn` to what `updateUi` does. */
export function onUpdate(fn) {
  updaters.push(fn);
}

/** Brings every button, label and step of the page in line with the state. */
export function updateUi() {
  const { busy, pending, session } = state;
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

  for (const fn of updaters) fn();
  updateCodeExpiry();
}

/** The code step: says when the code expires. */
export function updateCodeExpiry() {
  const { pending } = state;
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

/**
 * Runs an SDK call with the page marked busy and `button` showing `label` (with a spinner);
 * `box` is the error box cleared first.
 */
export async function run(button, label, fn, box = el.error) {
  if (state.busy) return;
  state.busy = true;
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
    state.busy = false;
    button.textContent = original;
    delete button.dataset.busyLabel;
    button.removeAttribute('aria-busy');
    document.body.classList.remove('busy');
    updateUi();
  }
}
