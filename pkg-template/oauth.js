// OAuth in the browser: going to the provider, and finishing on return (the callback URL read
// and cleaned, `detectSessionInUrl`, BIND_IDENTITY). The wasm module asks the service for the
// authorize URI and exchanges the callback code; this file keeps the state in sessionStorage
// (the original's key and value shape) and handles the page's URL.
import { authError, toAuthError, report } from './errors.js';

const SIGN_IN = 'sign_in';
const BIND = 'bind_identity';

// sessionStorage, where OAuth states are kept; a storage that is missing or refuses is empty.
function storeState(op, key, value) {
  try {
    return sessionStorage[op](key, value);
  } catch (_) {
    return null;
  }
}

// The OAuth flow this tab saved under `state`, or null. Only a value of that shape counts, so a
// crafted callback URL naming another sessionStorage key (a session, say) neither reads nor
// removes it.
function savedState(state) {
  try {
    const saved = state && JSON.parse(storeState('getItem', state));
    const ok = saved && typeof saved.provider === 'string' && [SIGN_IN, BIND].includes(saved.type);
    return ok ? saved : null;
  } catch (_) {
    return null;
  }
}

export const oauthMethods = {
  /**
   * Starts an OAuth sign-in: `{ provider, options?: { redirectTo, skipBrowserRedirect, state,
   * queryParams, type } }` → `{ url, provider }`. The page goes to `url` unless
   * `skipBrowserRedirect`; `verifyOAuth` (or `detectSessionInUrl`) finishes on return.
   */
  signInWithOAuth(params) {
    return this._call('signInWithOAuth', (c) => this._oauthStart(c, params));
  },
  async _oauthStart(c, { provider, options = {} } = {}) {
    const back = new URL(options.redirectTo || location.href, location.href);
    const name = String(provider ?? '');
    const state = options.state || c.oauthState(name);
    const uri = await c.oauthUri(name, back.origin + back.pathname, state);
    const url = new URL(/^https?%3a/i.test(uri) ? decodeURIComponent(uri) : uri); // the original decodes it
    for (const [k, v] of Object.entries(options.queryParams || {})) url.searchParams.set(k, v);
    // What the callback needs: the provider, the flow, and the page to return to.
    storeState('setItem', state, JSON.stringify({ provider, search: back.search, hash: back.hash, type: options.type || SIGN_IN }));
    if (!options.skipBrowserRedirect) location.assign(url.href);
    return { url: url.href, provider };
  },
  /**
   * Finishes an OAuth redirect: `{ code?, state?, provider? }`, read from the page's URL by
   * default; the state must be one this tab started. Signs in (`{ user, session }`) or links
   * the identity (`BIND_IDENTITY`); `redirectUrl` is the page the flow started from.
   */
  verifyOAuth(params) {
    return this._call('verifyOAuth', async (c) => {
      const r = await this._oauthFinish(c, params);
      if (r.error) throw r.error;
      return r.data;
    });
  },
  // `{ data, error }` of the callback (`data` also on failure: the flow and the page to go
  // back to). `known`: the flow saved under the state, when the caller has read it already.
  async _oauthFinish(c, params = {}, known = null) {
    const url = new URL(location.href);
    const q = url.searchParams;
    const state = params.state || q.get('state');
    const saved = known || savedState(state);
    if (!saved) throw authError('invalid_argument', state ? 'this OAuth state was not started in this tab' : 'state is required');
    storeState('removeItem', state); // single use
    const { type, search = '', hash = '' } = saved; // `type` checked by savedState
    const provider = params.provider || saved.provider;
    const code = params.code || q.get('code');
    const denied = !params.code && q.get('error');
    const back = url.origin + url.pathname;
    let data = null;
    let error = null;
    try {
      if (denied) throw authError(denied, q.get('error_description') || denied);
      if (!code) throw authError('invalid_argument', 'code is required');
      const name = String(provider ?? '');
      data = await (type === BIND ? c.bindOAuth(name, code, back) : c.verifyOAuth(name, code, back));
    } catch (e) {
      error = toAuthError(e);
    }
    // BIND_IDENTITY carries the outcome; this entry delivers it, success or not.
    if (type === BIND) {
      this._fire('BIND_IDENTITY', error ? { data: { type }, error } : { data: { type, provider }, error: null });
    }
    const redirectUrl = back + search + hash;
    // After a link the user stays signed in: the session kept is the outcome's.
    const kept = type === BIND && c.currentSession();
    data = type === BIND ? { user: kept ? kept.user : null, session: kept || null, type, provider, redirectUrl } : { ...data, type, redirectUrl };
    return { data, error };
  },
  /** Links the identity of `{ provider, options? }` to the signed-in user, through an OAuth redirect. */
  linkIdentity(params = {}) {
    return this._call('linkIdentity', async (c) => {
      if (!c.currentSession()) throw authError('unauthenticated', 'not signed in');
      return this._oauthStart(c, { ...params, options: { ...params.options, type: BIND } });
    });
  },
  // `auth.detectSessionInUrl`: the OAuth callback in this page's URL (one this tab started)
  // is finished before any other call, and the URL put back as it was before the redirect.
  async _detect(c) {
    try {
      const saved = this._callbackInUrl();
      if (!saved) return;
      const r = await this._oauthFinish(c, {}, saved);
      if (r.data.redirectUrl) history.replaceState(history.state, '', r.data.redirectUrl);
      // Listeners subscribed at load hear the outcome of the sign-in callback.
      if (r.data.type === SIGN_IN) this._fire('SIGNED_IN', { data: { type: SIGN_IN }, error: r.error });
    } catch (e) {
      report(e);
    }
  },
  // The flow this tab saved for the OAuth callback in the page's URL, when
  // `auth.detectSessionInUrl` is on and the URL is one (else null): what `_detect` finishes.
  _callbackInUrl() {
    const { auth } = this._app.config;
    if (!auth || !auth.detectSessionInUrl || typeof location === 'undefined') return null;
    const q = new URLSearchParams(location.search);
    return (q.get('code') || q.get('error')) ? savedState(q.get('state')) : null;
  },
  // Delivers an OAuth outcome (BIND_IDENTITY, or the callback's SIGNED_IN with `info`) to this
  // page's listeners, each in its own task.
  _fire(event, info) {
    const session = this._wasm ? this._wasm.currentSession() : null;
    for (const listener of this._listeners) {
      setTimeout(() => { if (this._listeners.has(listener)) listener(event, session, info); });
    }
  },
};
