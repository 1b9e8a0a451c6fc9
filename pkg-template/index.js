// cloudbase-auth-wasm: the CloudBase auth API (`app.auth`) backed by a small WebAssembly core.
// This entry gives it the JS shape of @cloudbase/js-sdk: a synchronous `cloudbase.init`, an
// `app.auth` that is also callable, v3 methods resolving `{ data, error }` (never rejecting)
// with `error` an `AuthError`. The wasm module is loaded on first use, out of sight.
export const version = '__VERSION__';

const WASM_URL = new URL('./cloudbase_auth_wasm_bg.wasm', import.meta.url);
// Started as soon as this module is imported, side by side: the wasm-bindgen glue and, in a
// page, the compiled module (streamed while it downloads). Hosts without a document (Node)
// hand the module over with `init({ wasm })`.
const glue = import('./cloudbase_auth_wasm.js');
let compiling = null;
function compileEarly() {
  if (!compiling) {
    const streaming = typeof WebAssembly === 'object' && typeof WebAssembly.compileStreaming === 'function'
      && typeof fetch === 'function';
    compiling = streaming ? WebAssembly.compileStreaming(fetch(WASM_URL)).catch(() => null) : Promise.resolve(null);
  }
  return compiling;
}
if (typeof document !== 'undefined') compileEarly();

// The client class, once the module has loaded.
let WasmAuth = null;
let loading = null;
// `source` (the `wasm` option of `init`) may be the module's bytes, a compiled
// `WebAssembly.Module`, a URL or a Response, for hosts where the file next to this one cannot
// be fetched (Node, some bundlers).
function loadWasm(source) {
  if (!loading) {
    loading = Promise.all([glue, source ? null : compileEarly()]).then(async ([g, compiled]) => {
      const exports = await g.default({ module_or_path: source || compiled || WASM_URL });
      WasmAuth = g.WasmAuth;
      return exports;
    });
  }
  return loading;
}

/** The error of every failed call: a real Error with a stable `code`. */
export class AuthError extends Error {
  constructor(e = {}) {
    super(e.message || e.error_description || e.code || 'unknown error');
    this.name = 'AuthError';
    this.code = e.code || 'unknown';
    this.status = e.status || this.code;
    this.errorCode = e.errorCode;
    this.requestId = e.requestId;
    this.category = e.category || 'UNKNOWN';
    this.retryAfter = e.retryAfter;
    Object.defineProperty(this, '__isAuthError', { value: true });
  }
  toJSON() {
    const { code, message, status, errorCode, requestId, category, retryAfter } = this;
    return { name: 'AuthError', code, message, status, errorCode, requestId, category, retryAfter };
  }
}

/** True for errors produced by this SDK. */
export function isAuthError(e) {
  return !!(e && e.__isAuthError);
}

function toAuthError(e) {
  if (isAuthError(e)) return e;
  if (typeof e === 'string') {
    try {
      const parsed = JSON.parse(e);
      if (parsed && parsed.error) return new AuthError(parsed.error);
    } catch (_) { /* not JSON: fall through */ }
    return new AuthError({ code: 'internal', message: e });
  }
  return new AuthError({ code: 'internal', message: (e && e.message) || String(e) });
}

function originOf(url, protocol) {
  const p = String(protocol || 'https').replace(/:$/, '');
  const u = String(url || '');
  if (u.startsWith('//')) return `${p}:${u}`;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) return `${p}://${u}`;
  return u;
}

// What `data` looks like when a call fails, so that destructuring never throws (copied per call).
const EMPTY = {
  getSession: { session: null, user: null },
  getUser: { user: null },
  signOut: {},
  resend: { messageId: null },
  updateUser: { user: null },
  getUserIdentities: { identities: null },
  unlinkIdentity: {},
  deleteUser: {},
  getClaims: { claims: null, header: null, signature: null },
  resetPasswordForEmail: {},
  reauthenticate: {},
  signInWithOAuth: { url: null, provider: null },
  linkIdentity: { provider: null },
  verifyOAuth: { user: null, session: null, redirectUrl: null },
};
const emptyData = (method) => ({ ...(EMPTY[method] || { user: null, session: null }) });

// Runs the WasmAuth method `name` through its one async entry (unused arguments are empty).
const run = (c, name, a = '', b = '', d = '') => new Promise((done) => c.call(name, a, b, d, done));

function json(value) {
  return JSON.stringify(value === undefined ? {} : value);
}

const authMethods = {
  async _client() {
    await loadWasm(this._app.config.wasm);
    this._made();
    const origin = this._app._origin;
    if (origin && origin !== this._origin) {
      this._wasm.sync('setApiOrigin', origin);
      this._origin = origin;
    }
    if (this._detected) await this._detected;
    return this._wasm;
  },
  // The client once the module has loaded (made on first use), else null.
  _made() {
    if (!this._wasm && WasmAuth) {
      const storage = this._options.storage || this._app.config.storage;
      this._wasm = new WasmAuth(JSON.stringify(this._app._wasmConfig(this._options)), storage);
      // Every change of the session (and the session at start) keeps getSession()'s answer.
      this._wasm.onAuthStateChange((event, session) => this._remember(session ? JSON.parse(session) : null));
      // `auth.detectSessionInUrl`: once, when the client is made; calls wait until it is done.
      const { auth } = this._app.config;
      if (auth && auth.detectSessionInUrl) {
        this._detected = this._detect(this._wasm).then(() => { this._detected = null; });
      }
    }
    return this._wasm || null;
  },

  // Runs a WasmAuth method and turns its JSON reply into `{ data, error }`.
  async _call(method, build) {
    try {
      const client = await this._client();
      const answer = await build(client);
      const reply = typeof answer === 'string' ? JSON.parse(answer) : answer;
      if (reply.error) return { data: emptyData(method), error: new AuthError(reply.error) };
      this._track(method, reply.data);
      return { data: reply.data, error: null };
    } catch (e) {
      return { data: emptyData(method), error: toAuthError(e) };
    }
  },

  // signUp / signInWithOtp: the code is sent; `data.verifyOtp({ token })` finishes.
  async _challenge(method, params) {
    const r = await this._call(method, (c) => run(c, method, json(params)));
    if (r.error) return r;
    // `messageId` (from `resend`) names the code that was sent again; by default, the first one.
    const verifyOtp = (p = {}) => {
      const challenge = { ...r.data.challenge };
      if (p.messageId) challenge.verification_id = String(p.messageId);
      return this._call('verifyOtp', (c) => run(c, 'verifyChallenge', json(challenge), String(p.token ?? '')));
    };
    return {
      data: { user: null, session: null, messageId: r.data.challenge.verification_id, verifyOtp },
      error: null,
    };
  },

  /**
   * Sends a code to `email` or `phone`; `data.verifyOtp({ token })` creates the account.
   * The v2 direct form (`{ phone_number | email, verification_token, ... }`) signs up at once
   * and resolves the login state.
   */
  signUp(params) {
    const p = params || {};
    if (p.phone_number || p.verification_token || p.verification_code || p.provider_token) {
      return this._loginState('signUp', (c) => run(c, 'signUpDirect', json(p)));
    }
    return this._challenge('signUp', params);
  },
  /** Sends a sign-in code; `data.verifyOtp({ token })` signs in. */
  signInWithOtp(params) {
    return this._challenge('signInWithOtp', params);
  },
  /** Signs in with a code sent earlier: `{ email | phone, token, messageId }`. */
  verifyOtp(params) {
    return this._call('verifyOtp', (c) => run(c, 'verifyOtp', json(params)));
  },
  /** Signs in with `{ username | email | phone, password }`. */
  signInWithPassword(params) {
    return this._call('signInWithPassword', (c) => run(c, 'signInWithPassword', json(params)));
  },
  /** Signs in as a new anonymous user. */
  signInAnonymously() {
    return this._call('signInAnonymously', (c) => run(c, 'signInAnonymously'));
  },
  /**
   * The current session (refreshed first if its access token expired), or `null`. Once the
   * session is known (the first call reads storage), it is answered from memory until it
   * expires: every event that changes it, here or in another tab, replaces it.
   */
  getSession() {
    const known = this._known;
    if (known && (known.session === null || Date.now() < known.expiresAt)) {
      return Promise.resolve({ data: { session: known.session, user: known.session && known.session.user }, error: null });
    }
    return this._call('getSession', (c) => run(c, 'getSession'));
  },
  // What a call's answer says of the session: `{session}` replaces it, `{user}` updates its
  // user, a sign-out or deletion ends it.
  _track(method, data) {
    if (method === 'signOut' || method === 'deleteUser') this._remember(null);
    else if (data && typeof data === 'object' && 'session' in data) this._remember(data.session);
    else if (data && data.user && this._known && this._known.session) {
      this._remember({ ...this._known.session, user: data.user });
    }
  },
  // The session getSession() answers with (`null`: signed out).
  _remember(session) {
    const expiresAt = session ? Date.parse(session.expires_at) : 0;
    this._known = { session: session || null, expiresAt: Number.isFinite(expiresAt) ? expiresAt : 0 };
  },
  /** Refreshes the access token now. */
  refreshSession() {
    return this._call('refreshSession', (c) => run(c, 'refreshSession'));
  },
  /** The signed-in user, fresh from the service. */
  getUser() {
    return this._call('getUser', (c) => run(c, 'getUser'));
  },
  /** Signs out (revoking the token; with params, through the user sign-out endpoint). */
  signOut(params) {
    return this._call('signOut', (c) => run(c, 'signOut', params === undefined ? '' : json(params)));
  },
  /** Sends another code: `{ email | phone, type? }` (`type: 'signup'` for new addresses). */
  async resend(params) {
    const r = await this._call('resend', (c) => run(c, 'resend', json(params)));
    if (r.error) return r;
    return { data: { messageId: r.data.challenge.verification_id }, error: null };
  },
  /**
   * Changes profile fields (`nickname`, `username`, `avatar_url`, `gender`, `description`), or
   * starts an email or phone change: a code goes to the new address and
   * `data.verifyOtp({ token })` sets it.
   */
  updateUser(params = {}) {
    if (params && (params.email || params.phone)) return this._changeContact(params);
    return this._call('updateUser', (c) => run(c, 'updateUser', json(params)));
  },
  async _changeContact(params) {
    const others = Object.keys(params).filter((k) => k !== 'email' && k !== 'phone' && params[k] != null);
    if (others.length) {
      return { data: emptyData('updateUser'), error: new AuthError({ code: 'invalid_argument', message: 'change the email or phone on its own, without other fields' }) };
    }
    // The code goes to the new address as for a sign-up; `data.verifyOtp` checks it and sets
    // the address (both in the core).
    const r = await this._call('updateUser', (c) => run(c, 'changeContact', json(params)));
    if (r.error) return r;
    const challenge = JSON.stringify(r.data.challenge);
    const { verification_id } = r.data.challenge;
    const verifyOtp = (p = {}) =>
      this._call('updateUser', (c) => run(c, 'completeContactChange', challenge, String(p.token ?? '')));
    const session = JSON.parse(this._wasm.sync('currentSession', ''));
    return {
      data: { user: session && session.user, messageId: verification_id, verifyOtp },
      error: null,
    };
  },
  /** The identities linked to the user. */
  getUserIdentities() {
    return this._call('getUserIdentities', (c) => run(c, 'getUserIdentities'));
  },
  /** Unlinks the identity of `{ provider }`. */
  unlinkIdentity(params) {
    return this._call('unlinkIdentity', (c) => run(c, 'unlinkIdentity', json(params)));
  },
  /** Sends a recovery code; `data.updateUser({ nonce, password })` sets the new password. */
  async resetPasswordForEmail(emailOrPhone) {
    const r = await this._call('resetPasswordForEmail', (c) =>
      run(c, 'resetPasswordForEmail', String(emailOrPhone ?? '')));
    if (r.error) return r;
    const challenge = JSON.stringify(r.data.challenge);
    const updateUser = (p = {}) =>
      this._call('signInWithPassword', (c) =>
        run(c, 'completePasswordReset', challenge, String(p.nonce ?? ''), String(p.password ?? '')));
    return { data: { messageId: r.data.challenge.verification_id, updateUser }, error: null };
  },
  /** Sends a code to the user's own phone or email; `data.updateUser({ nonce, password? })`. */
  async reauthenticate() {
    const r = await this._call('reauthenticate', (c) => run(c, 'reauthenticate'));
    if (r.error) return r;
    const challenge = JSON.stringify(r.data.challenge);
    const updateUser = (p = {}) =>
      this._call('updateUser', (c) =>
        run(c, 'completeReauthentication', challenge, String(p.nonce ?? ''), String(p.password ?? '')));
    return { data: { messageId: r.data.challenge.verification_id, updateUser }, error: null };
  },
  /** Changes the password given the current one: `{ old_password, new_password }` → `{ user, session }`. */
  async resetPasswordForOld({ old_password, new_password } = {}) {
    const r = await this._call('resetPasswordForOld', (c) =>
      run(c, 'updatePassword', String(new_password ?? ''), String(old_password ?? '')));
    return r.error ? r : this.refreshUser();
  },
  /** Deletes the user after checking `{ password }`; signs out. */
  deleteUser(params) {
    return this._call('deleteUser', (c) => run(c, 'deleteUser', json(params)));
  },
  /** The current access token's claims, decoded locally (no request, no signature check). */
  getClaims() {
    return this._call('getClaims', (c) => run(c, 'getClaims'));
  },
  /** The user fresh from the service, with the session. */
  refreshUser() {
    return this._call('refreshUser', (c) => run(c, 'refreshUser'));
  },
  /** Starts a session from `{ access_token, refresh_token }` (refreshed at once). */
  setSession(params) {
    return this._call('setSession', (c) => run(c, 'setSession', json(params)));
  },
  /** Signs in with a custom-login ticket: a string, or a function returning one. */
  async signInWithCustomTicket(getTicket) {
    let ticket;
    try {
      ticket = typeof getTicket === 'function' ? await getTicket() : getTicket;
    } catch (e) {
      return { data: emptyData('signInWithCustomTicket'), error: toAuthError(e) };
    }
    return this._call('signInWithCustomTicket', (c) => run(c, 'signInWithCustomTicket', String(ticket ?? '')));
  },
  /** Signs in with a provider token: `{ token, provider? }`. */
  signInWithIdToken(params) {
    return this._call('signInWithIdToken', (c) => run(c, 'signInWithIdToken', json(params)));
  },
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
    const state = options.state || c.sync('oauthState', String(provider ?? ''));
    const r = JSON.parse(await run(c, 'oauthUri', String(provider ?? ''), back.origin + back.pathname, state));
    if (r.error) return r;
    const { uri } = r.data;
    const url = new URL(/^https?%3a/i.test(uri) ? decodeURIComponent(uri) : uri); // the original decodes it
    for (const [k, v] of Object.entries(options.queryParams || {})) url.searchParams.set(k, v);
    // What the callback needs: the provider, the flow, and the page to return to.
    storeState('setItem', state, JSON.stringify({ provider, search: back.search, hash: back.hash, type: options.type || SIGN_IN }));
    if (!options.skipBrowserRedirect) location.assign(url.href);
    return { data: { url: url.href, provider } };
  },
  /**
   * Finishes an OAuth redirect: `{ code?, state?, provider? }`, read from the page's URL by
   * default; the state must be one this tab started. Signs in (`{ user, session }`) or links
   * the identity (`BIND_IDENTITY`); `redirectUrl` is the page the flow started from.
   */
  verifyOAuth(params) {
    return this._call('verifyOAuth', (c) => this._oauthFinish(c, params));
  },
  // `known`: the flow saved under the state, when the caller has read it already.
  async _oauthFinish(c, params = {}, known = null) {
    const url = new URL(location.href);
    const q = url.searchParams;
    const state = params.state || q.get('state');
    const saved = known || savedState(state);
    if (!saved) return fail('invalid_argument', state ? 'this OAuth state was not started in this tab' : 'state is required');
    storeState('removeItem', state); // single use
    const { type, search = '', hash = '' } = saved; // `type` checked by savedState
    const provider = params.provider || saved.provider;
    const code = params.code || q.get('code');
    const denied = !params.code && q.get('error');
    let r;
    if (denied) r = fail(denied, q.get('error_description') || denied);
    else if (!code) r = fail('invalid_argument', 'code is required');
    else {
      r = JSON.parse(await run(c, type === BIND ? 'bindOAuth' : 'verifyOAuth', String(provider ?? ''), code, url.origin + url.pathname));
    }
    // BIND_IDENTITY carries the outcome; this entry delivers it, success or not.
    if (type === BIND) {
      this._fire('BIND_IDENTITY', r.error ? { data: { type }, error: new AuthError(r.error) } : { data: { type, provider }, error: null });
    }
    const redirectUrl = url.origin + url.pathname + search + hash;
    r.data = type === BIND ? { type, provider, redirectUrl } : { ...r.data, type, redirectUrl };
    return r;
  },
  /** Links the identity of `{ provider, options? }` to the signed-in user, through an OAuth redirect. */
  linkIdentity(params = {}) {
    return this._call('linkIdentity', async (c) => {
      if (c.sync('currentSession', '') === 'null') return fail('unauthenticated', 'not signed in');
      const r = await this._oauthStart(c, { ...params, options: { ...params.options, type: BIND } });
      return r.error ? r : { data: { provider: r.data.provider } };
    });
  },
  // `auth.detectSessionInUrl`: the OAuth callback in this page's URL (one this tab started)
  // is finished before any other call, and the URL put back as it was before the redirect.
  async _detect(c) {
    try {
      const q = new URLSearchParams(location.search);
      const saved = (q.get('code') || q.get('error')) && savedState(q.get('state'));
      if (!saved) return;
      const r = await this._oauthFinish(c, {}, saved);
      if (r.data && r.data.redirectUrl) history.replaceState(history.state, '', r.data.redirectUrl);
      // Listeners subscribed at load hear the outcome of the sign-in callback.
      if (r.data && r.data.type === SIGN_IN) {
        this._fire('SIGNED_IN', { data: { type: SIGN_IN }, error: r.error ? new AuthError(r.error) : null });
      }
    } catch (e) {
      report(e);
    }
  },
  // Delivers an OAuth outcome (BIND_IDENTITY, or the callback's SIGNED_IN with `info`) to this
  // page's listeners, each in its own task.
  _fire(event, info) {
    const session = this._wasm ? JSON.parse(this._wasm.sync('currentSession', '')) : null;
    for (const listener of this._listeners) setTimeout(() => listener(event, session, info));
  },
  /** WeChat mini-program only. */
  signInWithOpenId() {
    return miniProgramOnly('signInWithOpenId');
  },
  /** WeChat mini-program only. */
  signInWithPhoneAuth() {
    return miniProgramOnly('signInWithPhoneAuth');
  },
  /** Kept for compatibility: does nothing, as in the original. */
  async exchangeCodeForSession() {
    return { data: {}, error: null };
  },

  // ---- v2 API: resolves the data, rejects with the raw error `{ error, error_description, ... }`.

  async _v2(method, build) {
    const r = await this._call(method, build);
    if (r.error) throw rawError(r.error);
    return r.data;
  },
  async _loginState(method, build) {
    await this._v2(method, build);
    return this.hasLoginState();
  },
  /** v2: sends a code; resolves `{ verification_id, is_user, expires_in }`. */
  getVerification(params) {
    return this._v2('getVerification', (c) => run(c, 'getVerification', json(params)));
  },
  /** v2: checks a code; resolves `{ verification_token, expires_in }`. */
  verify(params) {
    return this._v2('verify', (c) => run(c, 'verify', json(params)));
  },
  /** v2: `{ username, password | verification_token }`; resolves the login state. */
  signIn(params) {
    return this._loginState('signIn', (c) => run(c, 'signIn', json(params)));
  },
  /** v2: sign in (or up, for a new phone) with an SMS code. */
  signInWithSms({ verificationInfo = {}, verificationCode, phoneNum } = {}) {
    return this._codeLogin('phone_number', phoneNum, verificationInfo, verificationCode);
  },
  /** v2: sign in (or up, for a new email) with an email code. */
  signInWithEmail({ verificationInfo = {}, verificationCode, email } = {}) {
    return this._codeLogin('email', email, verificationInfo, verificationCode);
  },
  async _codeLogin(field, address, info, code) {
    const { verification_token } = await this.verify({
      verification_id: info.verification_id,
      verification_code: code,
    });
    if (info.is_user) return this.signIn({ username: address, verification_token });
    return this._loginState('signUp', (c) =>
      run(c, 'signUpDirect', json({ [field]: address, verification_token })));
  },
  /**
   * v2: the login state from the session's storage, synchronously (`null` when signed out, and
   * until the SDK has loaded: await any call, e.g. `getLoginState()`, first).
   */
  hasLoginState() {
    const c = this._made();
    const info = c && JSON.parse(c.sync('currentUserInfo', ''));
    return info ? loginState(this, info) : null;
  },
  /** v2: the login state (`null` when signed out). */
  async getLoginState() {
    const r = await this.getSession();
    if (r.error) throw rawError(r.error);
    return r.data.session ? this.hasLoginState() : null;
  },
  /** v2: the user info merged with the user's helpers, or `null`. */
  async getCurrentUser() {
    const state = await this.getLoginState();
    return state ? state.user : null;
  },
  /** v2: the user, synchronously (`null` when signed out or not loaded yet). */
  get currentUser() {
    const state = this.hasLoginState();
    return state ? state.user : null;
  },
  /** v2: whether `username` is taken. */
  async isUsernameRegistered(username) {
    const data = await this._v2('isUsernameRegistered', (c) => run(c, 'isUsernameRegistered', String(username ?? '')));
    return data.exist;
  },
  /** v2: `callback(loginState)` now and on every sign-in and sign-out. */
  onLoginStateChanged(callback) {
    const { data } = this.onAuthStateChange((event) => {
      if (event === 'SIGNED_IN' || event === 'SIGNED_OUT' || event === 'INITIAL_SESSION') {
        callback(this.hasLoginState());
      }
    });
    return data.subscription;
  },

  /**
   * Calls `callback(event, session, info?)` on every auth change, starting with
   * INITIAL_SESSION (`info` for BIND_IDENTITY and OAuth failures: `{ data, error }`).
   */
  onAuthStateChange(callback) {
    let id = null;
    const listener = (event, session, info) => {
      try {
        const r = callback(event, session, info);
        if (r && typeof r.catch === 'function') r.catch(report);
      } catch (e) {
        report(e);
      }
    };
    this._listeners.add(listener);
    const subscription = {
      id: null,
      callback,
      unsubscribe: () => {
        this._listeners.delete(listener);
        if (id !== null && this._wasm) this._wasm.sync('offAuthStateChange', String(id));
      },
    };
    this._client()
      .then((client) => {
        if (!this._listeners.has(listener)) return;
        id = client.onAuthStateChange((event, session) => {
          // BIND_IDENTITY comes from `_fire`, with its outcome.
          if (event !== 'BIND_IDENTITY') listener(event, session ? JSON.parse(session) : null);
        });
        subscription.id = id;
      })
      .catch(report);
    return { data: { subscription } };
  },
};

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

function fail(code, message) {
  return { data: null, error: { code, message } };
}

function report(e) {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(e);
  else console.error(e);
}

function unavailable(method, message) {
  return Promise.resolve({ data: emptyData(method), error: new AuthError({ code: 'unimplemented', message }) });
}

function miniProgramOnly(method) {
  return unavailable(method, `${method} is only available in WeChat mini-programs, not in browsers`);
}

function rawError(e) {
  return { error: e.code, error_description: e.message, error_code: e.errorCode, requestId: e.requestId };
}

// The v2 login state: `{ user }`, the user being the stored user info plus helpers.
function loginState(auth, info) {
  const update = (fields) => auth._v2('updateUser', (c) => run(c, 'updateUser', json(fields)));
  const user = {
    ...info,
    uid: info.uid || info.sub,
    phoneNumber: info.phone_number,
    emailVerified: info.email_verified,
    createdFrom: info.created_from,
    refresh: () => auth._v2('getUser', (c) => run(c, 'getUser')).then(() => auth.currentUser),
    update,
    updateUserBasicInfo: update,
    updateUsername: (username) => update({ username }),
    updatePassword: (newPassword, oldPassword) =>
      auth._v2('updatePassword', (c) => run(c, 'updatePassword', String(newPassword ?? ''), String(oldPassword ?? ''))),
  };
  return { user, isAnonymousAuth: info.name === 'anonymous' };
}

function makeAuth(app) {
  // `app.auth` and `app.auth()` are the same object, as in the v2 docs.
  // Options given to `app.auth({ storage, persistence })` count until the first call.
  const auth = function auth(options) {
    if (options && typeof options === 'object' && !auth._wasm) Object.assign(auth._options, options);
    return auth;
  };
  Object.defineProperty(auth, '_options', { value: {} });
  Object.defineProperty(auth, '_listeners', { value: new Set() });
  for (const [name, desc] of Object.entries(Object.getOwnPropertyDescriptors(authMethods))) {
    Object.defineProperty(auth, name, { ...desc, enumerable: false });
  }
  Object.defineProperty(auth, '_app', { value: app });
  return auth;
}

class App {
  constructor(config) {
    this.config = { ...config };
    this._origin = config.apiOrigin ? originOf(config.apiOrigin, 'https') : null;
    this._auth = null;
  }
  _wasmConfig(options = {}) {
    const { env, clientId, region, lang, auth } = this.config;
    const persistence = options.persistence || this.config.persistence;
    const autoRefreshToken = options.autoRefreshToken ?? (auth && auth.autoRefreshToken);
    return { env, clientId, region, lang, persistence, autoRefreshToken, apiOrigin: this._origin || undefined };
  }
  /** The auth API (also callable: `app.auth()`). */
  get auth() {
    if (!this._auth) this._auth = makeAuth(this);
    return this._auth;
  }
  /** Points auth at another service: `{ key: 'GATEWAY', url: '//127.0.0.1:8787/v1', protocol: 'http' }`. */
  registerEndPointWithKey({ key, url, protocol } = {}) {
    if (!key || key === 'GATEWAY') this._origin = originOf(url, protocol);
  }
  /** Points auth at `host` (`127.0.0.1:8787`), over `protocol` (default `http`). */
  registerHost(host, protocol = 'http') {
    this._origin = originOf(`//${host}`, protocol);
  }
}

/**
 * `cloudbase.init({ env, region?, clientId?, apiOrigin?, lang?, persistence?, storage?,
 * auth?: { autoRefreshToken? }, wasm? })`, synchronous.
 */
function init(config) {
  if (!config || typeof config.env !== 'string' || !config.env) {
    throw new TypeError('cloudbase.init: `env` is required');
  }
  loadWasm(config.wasm).catch(() => {}); // start loading now; failures surface on the first call
  return new App(config);
}

const cloudbase = { init, AuthError, isAuthError, version };
export default cloudbase;
export { init };
