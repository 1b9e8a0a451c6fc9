// Profile: auth.updateUser({ nickname, username }) for the signed-in user.
import { el } from './dom.js';
import { clearError, showError } from './messages.js';
import { auth } from './sdk.js';
import { state } from './state.js';
import { onUpdate, run, updateUi } from './ui.js';
import { profileOf } from './user.js';

let profileUser = null; // the user id the fields were filled for
let statusTimer = null;

/** Whether the fields differ from the signed-in user's profile. */
function profileChanged() {
  if (!state.session) return false;
  const now = profileOf(state.session.user);
  return el.nickname.value.trim() !== now.nickname || el.username.value.trim() !== now.username;
}

/** Fills the profile fields from the session, keeping what is being typed for the same user. */
export function renderProfile() {
  el.profileCard.hidden = !state.session;
  if (!state.session) {
    profileUser = null;
    return;
  }
  const id = state.session.user?.id;
  const typing = document.activeElement === el.nickname || document.activeElement === el.username;
  if (profileUser !== id || !typing) {
    const now = profileOf(state.session.user);
    el.nickname.value = now.nickname;
    el.username.value = now.username;
    if (profileUser !== id) {
      clearError(el.profileError);
      el.profileStatus.textContent = '';
    }
    profileUser = id;
  }
}

/** Saves what changed in the fields with `auth.updateUser`. */
async function saveProfile() {
  if (!state.session) return;
  const nickname = el.nickname.value.trim();
  const username = el.username.value.trim();
  if (!profileChanged()) {
    el.profileStatus.textContent = 'Nothing changed.';
    return;
  }
  if (!username && profileOf(state.session.user).username) {
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

/** Wires the profile form and its part of `updateUi`. */
export function initProfile() {
  onUpdate(() => {
    if (state.session && !el.profileSave.dataset.busyLabel) el.profileSave.disabled = state.busy || !profileChanged();
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
}
