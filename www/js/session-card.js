// Session card: who is signed in, with the token's expiry, and the refresh and sign-out buttons.
import { el, h } from './dom.js';
import { relative } from './format.js';
import { showError } from './messages.js';
import { renderProfile } from './profile.js';
import { auth } from './sdk.js';
import { state } from './state.js';
import { run, updateUi } from './ui.js';
import { displayName, initial, profileOf } from './user.js';

const SIGNED_OUT_HINT = el.signinHint.textContent.replace(/\s+/g, ' ').trim();

/** A row of the facts list: a label and its value. */
function row(label, ...value) {
  return [h('dt', {}, label), h('dd', {}, ...value)];
}

/** A button that copies `text` to the clipboard. */
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

/** The avatar of a user with no initial: a person's outline. */
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

/** Makes `s` the current session (null: signed out) and redraws the card and the profile. */
export function renderSession(s) {
  state.session = s || null;
  const { session } = state;
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

/** Signs out with `auth.signOut`. */
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

/** Refreshes the session with `auth.refreshSession`. */
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


/** Wires the refresh and sign-out buttons. */
export function initSessionCard() {
  el.signout.addEventListener('click', signOut);
  el.refresh.addEventListener('click', refreshSession);
}
