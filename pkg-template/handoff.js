// The session handed from one page to the next. When a page goes away or is hidden
// (`pagehide`, `visibilitychange`), the core's `handoff()` (the session, or `null` when signed
// out, and the stored texts it was read from) and the stored user info are kept beside the
// session, in the same storage (`localStorage` by default: the next page of the tab, another
// tab, the next visit). The next page's first getSession() answers with that session before
// the wasm module has loaded, but only if the storage still holds exactly those texts (the core
// made the session from them; signed out, no credentials at all) and the session has not
// expired; its v2 `hasLoginState()` answers with the user info while those texts are
// unchanged. Anything else (another tab or SDK changed or ended the session, an app's own
// storage object, `persistence: 'none'`) leaves the first call to the core, which reads
// storage; a hand-off found stale is removed.
const PREFIX = 'cloudbase_auth_wasm_handoff:';
const STORAGE_OF = { local: 'localStorage', session: 'sessionStorage' };

// A storage of the page by name, or null where it is missing or refused.
function pageStorage(name) {
  try {
    return globalThis[name] || null;
  } catch {
    return null;
  }
}

// Whether `store` still holds each of `values`' texts.
const unchanged = (store, values) => values.every(({ key, text }) => store.getItem(key) === text);

// Where the hand-off of `auth`'s configuration is kept: `{ key, store, name }` (`name`: the
// storage's global name), or null for an app's own storage object and `persistence: 'none'`.
function placeOf(auth) {
  const { config } = auth._app;
  if (auth._options.storage || config.storage) return null;
  const persistence = auth._options.persistence || config.persistence || 'local';
  const store = STORAGE_OF[persistence] && pageStorage(STORAGE_OF[persistence]);
  if (!store) return null;
  return { key: `${PREFIX}${config.env}:${config.clientId || config.env}:${persistence}`, store, name: STORAGE_OF[persistence] };
}

/** True when the page's storages hold a hand-off (of any configuration). */
export function handoffWaiting() {
  for (const name of Object.values(STORAGE_OF)) {
    try {
      const store = pageStorage(name);
      for (let i = 0; store && i < store.length; i++) if (String(store.key(i)).startsWith(PREFIX)) return true;
    } catch {
      // No storage to read.
    }
  }
  return false;
}

/** Keeps `client`'s session for the next page whenever this page goes away or is hidden. */
export function keepHandoff(auth, client) {
  const place = placeOf(auth);
  if (!place || typeof globalThis.addEventListener !== 'function') return;
  const keep = () => {
    try {
      const handoff = client.handoff();
      // With the stored user info, for the next page's v2 login state.
      const text = handoff && handoff.storage === place.name
        ? JSON.stringify({ ...handoff, info: client.currentUserInfo() }) : null;
      // Written only when it changed: each write is a `storage` event in every other tab.
      if (text === null) place.store.removeItem(place.key);
      else if (place.store.getItem(place.key) !== text) place.store.setItem(place.key, text);
    } catch {
      // A full or refused storage: the next page reads the session itself.
    }
  };
  globalThis.addEventListener('pagehide', keep);
  if (typeof document !== 'undefined' && typeof document.addEventListener === 'function') {
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') keep();
    });
  }
}

/** Forgets the hand-off of `auth` (signed out). */
export function dropHandoff(auth) {
  const place = placeOf(auth);
  try {
    if (place) place.store.removeItem(place.key);
  } catch {
    // Nothing kept.
  }
}

// The hand-off kept at `place`, if the storage still holds exactly the texts it was made from:
// `{ session, info, values, store }`; otherwise undefined. Throws what the storage throws.
function readHandoff(place) {
  const text = place && place.store.getItem(place.key);
  const handoff = text && JSON.parse(text);
  const { storage, values } = handoff || {};
  if (storage === place.name && Array.isArray(values) && values.length && unchanged(place.store, values)) {
    return { ...handoff, store: place.store };
  }
  return undefined;
}

/**
 * The hand-off kept for `auth`, if the storage still holds exactly the texts it was made from
 * and its session has not expired: `{ session, values, store }` (`values`: its texts and keys);
 * otherwise undefined, and a hand-off that does not count (stale, expired, unreadable) is
 * removed.
 */
export function takeHandoff(auth) {
  const place = placeOf(auth);
  try {
    const handoff = readHandoff(place);
    const { session } = handoff || {};
    // `session: null` is a signed-out page's: no credentials stored, which `values` checks.
    if (handoff && (session === null || (session && Date.now() < Date.parse(session.expires_at)))) return handoff;
  } catch {
    // An unreadable hand-off: the core reads storage.
  }
  try {
    if (place) place.store.removeItem(place.key);
  } catch {
    // A refused storage: nothing to remove.
  }
  return undefined;
}

/**
 * The stored user info a previous page handed over with its session, while the storage still
 * holds the texts it came from (the token may have expired since: the credentials are still
 * there, as the v2 login state asks), else null.
 */
export function handedInfo(auth) {
  try {
    const handoff = readHandoff(placeOf(auth));
    return (handoff && handoff.info) || null;
  } catch {
    return null;
  }
}

/**
 * Calls `changed()` once when another page changes or removes one of the texts of a hand-off
 * (`{ values, store }` from takeHandoff), until `stop()` returns true. The watch starts after
 * the current task (a page's first `storage` listener costs 0.2-3 ms); a change before that is
 * found by reading the texts again then.
 */
export function watchHandoff({ values, store }, changed, stop) {
  if (typeof globalThis.addEventListener !== 'function') return;
  const keys = values.map((v) => v.key);
  const onStorage = (e) => {
    if (stop()) {
      globalThis.removeEventListener('storage', onStorage);
    } else if (e.storageArea === store && (e.key === null || keys.includes(e.key))) {
      globalThis.removeEventListener('storage', onStorage);
      changed();
    }
  };
  setTimeout(() => {
    if (stop()) return;
    let same = false;
    try {
      same = unchanged(store, values);
    } catch {
      // A storage that can no longer be read: as changed.
    }
    if (same) globalThis.addEventListener('storage', onStorage);
    else changed();
  }, 0);
}
