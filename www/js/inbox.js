// Dev inbox (emulator only: GET /emulator/v1/inbox?to=...): the codes sent to the address
// typed, polled every 2 s while the page is visible.
import { inboxAddresses } from './address.js';
import { el, h } from './dom.js';
import { relative } from './format.js';
import { EMULATOR_URL } from './sdk.js';
import { state } from './state.js';
import { setEmulatorStatus } from './status.js';
import { updateCodeExpiry } from './ui.js';

let inboxTimer = null;
let inboxSignature = '';
let inboxSeq = 0;

async function fetchInbox(address) {
  const res = await fetch(`${EMULATOR_URL}/emulator/v1/inbox?to=${encodeURIComponent(address)}`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = await res.json();
  return Array.isArray(body?.messages) ? body.messages : [];
}

/** Shows the inbox as `view` ('loading', 'idle', 'offline' or 'ok', with `messages`). */
function renderInbox(view, messages = [], addresses = []) {
  const signature = JSON.stringify([view, addresses[0], messages.map((m) => m.verification_id)]);
  if (signature === inboxSignature) return;
  inboxSignature = signature;
  el.inbox.dataset.state = view;
  el.inbox.dataset.address = addresses[0] || '';
  if (view === 'loading') {
    el.inbox.replaceChildren(h('p', { class: 'muted' }, 'Looking for codes sent to ', h('strong', {}, addresses[0]), '…'));
    return;
  }
  if (view === 'idle') {
    el.inbox.replaceChildren(h('p', { class: 'muted' }, 'Type a phone number or an email above to see the codes sent to it.'));
    return;
  }
  if (view === 'offline') {
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
          hidden: !state.pending,
          onclick: () => {
            el.code.value = latest.code;
            if (state.pending?.kind === 'reset') el.newPassword.focus();
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

/** Fetches the codes of the address typed, shows them, and polls again in 2 s. */
export async function pollInbox() {
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
      const { pending } = state;
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
export function forgetOtherInbox() {
  const addresses = inboxAddresses();
  if ((addresses[0] || '') === (el.inbox.dataset.address || '')) return;
  if (addresses.length) renderInbox('loading', [], addresses);
  else renderInbox('idle');
}

/** Polls the inbox in `delay` ms (instead of when it was due). */
export function pollInboxSoon(delay = 250) {
  clearTimeout(inboxTimer);
  inboxTimer = setTimeout(pollInbox, delay);
}
