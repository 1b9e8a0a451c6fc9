// The session handed from one page of a tab to the next. When a page goes away (`pagehide`)
// the core's `handoff()` (the session, and the stored texts it was read from) goes to the
// tab's sessionStorage; the next page's first getSession() answers with that session before
// the wasm module has loaded, but only if the storage still holds exactly those texts (the
// core made the session from them) and the session has not expired. Anything else (another
// tab or SDK changed or ended the session, a new tab, an app's own storage object,
// `persistence: 'none'`) leaves the first call to the core, which reads storage.
const PREFIX = 'cloudbase_auth_wasm_handoff:';
const PAGE_STORAGES = ['localStorage', 'sessionStorage'];

// A storage of the page by name, or null where it is missing or refused.
function pageStorage(name) {
  try {
    return globalThis[name] || null;
  } catch {
    return null;
  }
}

// The hand-off's key for `auth`'s configuration; null for an app's own storage object.
function keyOf(auth) {
  const { config } = auth._app;
  if (auth._options.storage || config.storage) return null;
  const persistence = auth._options.persistence || config.persistence || 'local';
  return `${PREFIX}${config.env}:${config.clientId || config.env}:${persistence}`;
}

/** True when the tab's sessionStorage holds a hand-off (of any configuration). */
export function handoffWaiting() {
  try {
    const tab = pageStorage('sessionStorage');
    for (let i = 0; tab && i < tab.length; i++) if (String(tab.key(i)).startsWith(PREFIX)) return true;
  } catch {
    // No storage to read.
  }
  return false;
}

/** Keeps `client`'s session for the next page of the tab, when this page goes away. */
export function keepHandoff(auth, client) {
  const key = keyOf(auth);
  const tab = pageStorage('sessionStorage');
  if (!key || !tab || typeof globalThis.addEventListener !== 'function') return;
  globalThis.addEventListener('pagehide', () => {
    try {
      const handoff = client.handoff();
      if (handoff) tab.setItem(key, JSON.stringify(handoff));
      else tab.removeItem(key);
    } catch {
      // A full or refused storage: the next page reads the session itself.
    }
  });
}

/** Forgets the hand-off of `auth` (signed out). */
export function dropHandoff(auth) {
  const key = keyOf(auth);
  try {
    if (key) pageStorage('sessionStorage')?.removeItem(key);
  } catch {
    // Nothing kept.
  }
}

/**
 * The session the previous page of the tab handed over, if the storage still holds exactly
 * the texts it was made from; otherwise undefined.
 */
export function takeHandoff(auth) {
  const key = keyOf(auth);
  try {
    const text = key && pageStorage('sessionStorage')?.getItem(key);
    if (!text) return undefined;
    const { storage, values, session } = JSON.parse(text);
    const store = PAGE_STORAGES.includes(storage) ? pageStorage(storage) : null;
    if (!store || !session || !Array.isArray(values) || !values.length) return undefined;
    for (const { key: k, text: v } of values) if (store.getItem(k) !== v) return undefined;
    return session;
  } catch {
    return undefined;
  }
}
