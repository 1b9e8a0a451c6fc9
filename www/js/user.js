// How a user of the SDK is named on the page.

/** The profile fields of `user` the page edits: { nickname, username }, '' when unset. */
export function profileOf(user) {
  const meta = user?.user_metadata || {};
  return { nickname: String(meta.nickName ?? meta.name ?? ''), username: String(meta.username ?? '') };
}

/** The name to show for a user: the nickname, else the username, else the phone or email. */
export function displayName(user) {
  if (!user) return '';
  const { nickname, username } = profileOf(user);
  return nickname || username || (user.is_anonymous ? 'Guest' : user.phone || user.email || 'User');
}

/** The avatar letter: the first letter of the nickname, username or email. */
export function initial(user) {
  if (!user || user.is_anonymous) return '';
  const { nickname, username } = profileOf(user);
  const source = nickname || username || user.email || '';
  return source ? [...source][0].toUpperCase() : '';
}
