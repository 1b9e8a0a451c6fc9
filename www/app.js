// The demo page: every call is the public API of the SDK package, the same as `app.auth` of
// @cloudbase/js-sdk v3 (plus `apiOrigin` to point it at the emulator). This entry wires the
// panels (js/) to the SDK's auth events and starts the clocks; each panel keeps to its module,
// the state they share is in js/state.js and the error messages are in js/messages.js.
import { anyCooldown } from './js/cooldown.js';
import { el } from './js/dom.js';
import { initEvents, logEvent } from './js/events.js';
import { relative } from './js/format.js';
import { forgetOtherInbox, pollInboxSoon } from './js/inbox.js';
import { showError } from './js/messages.js';
import { initProfile } from './js/profile.js';
import { auth, EMULATOR_URL } from './js/sdk.js';
import { initSessionCard, renderSession } from './js/session-card.js';
import { applyChannel, initSignIn } from './js/signin.js';
import { state } from './js/state.js';
import { checkHealth, loadLimits } from './js/status.js';
import { updateUi } from './js/ui.js';

el.emulatorUrl.textContent = EMULATOR_URL;

/** Redraws every relative time on the page, and the countdowns. */
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
  if (anyCooldown() || el.sendCode.dataset.wait !== '0' || state.pending) updateUi();
}

initSignIn();
initProfile();
initSessionCard();
initEvents();

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
