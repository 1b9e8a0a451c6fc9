// `app.auth`: the v3 methods, resolving `{ data, error }` and never rejecting, on top of the
// wasm module's typed client (`WasmAuth`), whose promises resolve to the data or reject with
// an `AuthError`. OAuth is in oauth.js, the v2 API in v2.js.
import { AuthError, authError, toAuthError, report } from './errors.js';
import { afterLoad, loadWasm, WasmAuth, whenOnline } from './load.js';
import { oauthMethods } from './oauth.js';
import { v2Methods } from './v2.js';
import { data, text, withUser } from './shapes.js';
import { dropHandoff, keepHandoff, takeHandoff, watchHandoff } from './handoff.js';

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
  linkIdentity: { provider: null, url: null },
  verifyOAuth: { user: null, session: null, type: null, redirectUrl: null },
};
export const emptyData = (method) => ({ ...(EMPTY[method] || { user: null, session: null }) });


const authMethods = {
  async _client() {
    await loadWasm(this._app.config.wasm);
    this._make();
    const endpoint = this._app._endpoint;
    if (endpoint && endpoint !== this._endpoint) {
      this._wasm.setApiOrigin(...endpoint);
      this._endpoint = endpoint;
    }
    if (this._detected) await this._detected;
    return this._wasm;
  },
  // The client once the module has loaded (made on first use), else null, also when the
  // module refuses the configuration (each call that needs the client fails with that).
  _made() {
    try {
      return this._make();
    } catch {
      return null;
    }
  },
  // The same, throwing what the module refuses.
  _make() {
    if (!this._wasm && WasmAuth) {
      const storage = this._options.storage || this._app.config.storage;
      this._wasm = new WasmAuth(data(this._app._wasmConfig(this._options)), storage, AuthError);
      // Every change of the session (and the session at start) keeps getSession()'s answer.
      // No session while credentials are still stored is a refresh that failed for now (the
      // network, say): not known, so the next getSession() asks the module again instead of
      // answering signed out.
      this._wasm.onAuthStateChange((event, session) => {
        if (!session && this._wasm.currentSession()) this._known = null;
        else this._remember(session);
      });
      keepHandoff(this, this._wasm);
      // `auth.detectSessionInUrl`: once, when the client is made; calls wait until it is done.
      const { auth } = this._app.config;
      if (auth && auth.detectSessionInUrl) {
        this._detected = this._detect(this._wasm).then(() => { this._detected = null; });
      }
    }
    return this._wasm || null;
  },

  // Runs `build(client)` (a WasmAuth call) and gives `{ data, error }`.
  async _call(method, build) {
    try {
      const data = await build(await this._client());
      this._track(method, data);
      return { data, error: null };
    } catch (e) {
      return { data: emptyData(method), error: toAuthError(e) };
    }
  },

  // A code was sent (`challenge`): `verifyOtp({ token, messageId? })` finishes with
  // `finish(client, challenge, token)`; `messageId` (from `resend`) names the code that was
  // sent again, by default the first one.
  _otp(challenge, method, finish) {
    return (params) => {
      const p = params || {};
      const c = { ...challenge };
      if (p.messageId) c.verification_id = String(p.messageId);
      return this._call(method, (client) => finish(client, c, text(p.token)));
    };
  },

  // signUp / signInWithOtp: the code is sent; `data.verifyOtp({ token })` finishes.
  async _challenge(method, send) {
    const r = await this._call(method, send);
    if (r.error) return r;
    const challenge = r.data;
    const verifyOtp = this._otp(challenge, 'verifyOtp', (c, ch, token) => c.verifyChallenge(ch, token));
    return { data: { user: null, session: null, messageId: challenge.verification_id, verifyOtp }, error: null };
  },

  /**
   * Sends a code to `email` or `phone`; `data.verifyOtp({ token })` creates the account.
   * The v2 direct form (`{ phone_number | email, verification_token, ... }`) signs up at once
   * and resolves the login state.
   */
  signUp(params) {
    const p = params || {};
    if (p.phone_number || p.verification_token || p.verification_code || p.provider_token) {
      return this._loginState('signUp', (c) => c.signUpDirect(data(p)));
    }
    return this._challenge('signUp', (c) => c.signUp(data(params)));
  },
  /** Sends a sign-in code; `data.verifyOtp({ token })` signs in. */
  signInWithOtp(params) {
    return this._challenge('signInWithOtp', (c) => c.signInWithOtp(data(params)));
  },
  /** Signs in with a code sent earlier: `{ email | phone, token, messageId }`. */
  verifyOtp(params) {
    return this._call('verifyOtp', (c) => c.verifyOtp(data(params)));
  },
  /** Signs in with `{ username | email | phone, password }`. */
  signInWithPassword(params) {
    return this._call('signInWithPassword', (c) => c.signInWithPassword(data(params)));
  },
  /** Signs in as a new anonymous user. */
  signInAnonymously() {
    return this._call('signInAnonymously', (c) => c.signInAnonymously());
  },
  /**
   * The current session (refreshed first if its access token expired), or `null`. Once the
   * session is known (the first call reads storage, or takes the session a previous page
   * handed over), it is answered from memory until it expires: every event that changes it,
   * here or in another tab, replaces it.
   */
  getSession() {
    if (!this._known && !this._handedOff) {
      // The first call of the page: the session a previous page handed over, when the stored
      // texts it came from are unchanged (handoff.js). Until the client is made (it hears of
      // other tabs itself), another page changing those texts sends the next call to it.
      // An OAuth callback that `detectSessionInUrl` finishes waits for the module instead.
      this._handedOff = true;
      const handoff = this._callbackInUrl() ? null : takeHandoff(this);
      if (handoff) {
        this._remember(handoff.session);
        watchHandoff(handoff, () => { this._known = null; }, () => !!this._wasm);
      }
    }
    const known = this._known;
    if (known && (known.session === null || Date.now() < known.expiresAt)) {
      return Promise.resolve({ data: { session: known.session, user: known.session && known.session.user }, error: null });
    }
    return this._call('getSession', (c) => c.getSession());
  },
  // What a call's answer says of the session: `{session}` replaces it, `{user}` updates its
  // user (the same user's: another may have signed in while the call was out), a sign-out
  // (`setCredentials(null)` too) or a deletion ends it unless another user's session was stored
  // meanwhile (the module keeps that one, and getSession() asks the module again).
  _track(method, data) {
    if (method === 'signOut' || method === 'deleteUser' || (method === 'setCredentials' && !data.session)) {
      if (this._wasm.currentSession()) this._known = null;
      else {
        this._remember(null);
        dropHandoff(this);
      }
    }
    else if (data && typeof data === 'object' && 'session' in data) this._remember(data.session);
    else if (data && data.user && this._known && this._known.session
      && data.user.id === this._known.session.user.id) {
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
    return this._call('refreshSession', (c) => c.refreshSession());
  },
  /** The signed-in user, fresh from the service. */
  getUser() {
    return this._call('getUser', (c) => withUser(c.getUser()));
  },
  /** Signs out (revoking the token; with params, through the user sign-out endpoint). */
  signOut(params) {
    return this._call('signOut', (c) => c.signOut(data(params)));
  },
  /** Sends another code: `{ email | phone, type? }` (`type: 'signup'` for new addresses). */
  async resend(params) {
    const r = await this._call('resend', (c) => c.resend(data(params)));
    if (r.error) return r;
    return { data: { messageId: r.data.verification_id }, error: null };
  },
  /**
   * Changes profile fields (`nickname`, `username`, `avatar_url`, `gender`, `description`), or
   * starts an email or phone change: a code goes to the new address and
   * `data.verifyOtp({ token })` sets it.
   */
  updateUser(params = {}) {
    if (params && (params.email || params.phone)) return this._changeContact(params);
    return this._call('updateUser', (c) => withUser(c.updateUser(data(params))));
  },
  async _changeContact(params) {
    const others = Object.keys(params).filter((k) => k !== 'email' && k !== 'phone' && params[k] != null);
    if (others.length) {
      return { data: emptyData('updateUser'), error: authError('invalid_argument', 'change the email or phone on its own, without other fields') };
    }
    // The code goes to the new address as for a sign-up; `data.verifyOtp` checks it and sets
    // the address (both in the core).
    const r = await this._call('updateUser', (c) => c.changeContact(data(params)));
    if (r.error) return r;
    const challenge = r.data;
    const verifyOtp = this._otp(challenge, 'updateUser', (c, ch, token) => withUser(c.completeContactChange(ch, token)));
    const session = this._wasm.currentSession();
    return { data: { user: session && session.user, messageId: challenge.verification_id, verifyOtp }, error: null };
  },
  /** The identities linked to the user. */
  getUserIdentities() {
    return this._call('getUserIdentities', async (c) => ({ identities: await c.getUserIdentities() }));
  },
  /** Unlinks the identity of `{ provider }`. */
  unlinkIdentity(params) {
    return this._call('unlinkIdentity', (c) => c.unlinkIdentity(text(params && params.provider)));
  },
  // A recovery or re-authentication code was sent (`challenge`): `data.updateUser({ nonce,
  // password })` finishes with `finish(client, challenge, nonce, password)`.
  async _coded(method, send, then, finish) {
    const r = await this._call(method, send);
    if (r.error) return r;
    const challenge = r.data;
    const updateUser = (p = {}) =>
      this._call(then, (c) => finish(c, challenge, text(p.nonce), text(p.password)));
    return { data: { messageId: challenge.verification_id, updateUser }, error: null };
  },
  /** Sends a recovery code; `data.updateUser({ nonce, password })` sets the new password. */
  resetPasswordForEmail(emailOrPhone) {
    return this._coded('resetPasswordForEmail', (c) => c.resetPasswordForEmail(text(emailOrPhone)),
      'signInWithPassword', (c, ch, nonce, password) => c.completePasswordReset(ch, nonce, password));
  },
  /** Sends a code to the user's own phone or email; `data.updateUser({ nonce, password? })`. */
  reauthenticate() {
    return this._coded('reauthenticate', (c) => c.reauthenticate(),
      'updateUser', (c, ch, nonce, password) => withUser(c.completeReauthentication(ch, nonce, password)));
  },
  /** Changes the password given the current one: `{ old_password, new_password }` → `{ user, session }`. */
  async resetPasswordForOld(params) {
    const { old_password, new_password } = params || {};
    const r = await this._call('resetPasswordForOld', (c) => c.updatePassword(text(new_password), text(old_password)));
    return r.error ? r : this.refreshUser();
  },
  /** Deletes the user after checking `{ password }`; signs out. */
  deleteUser(params) {
    return this._call('deleteUser', (c) => c.deleteUser(text(params && params.password)));
  },
  /** The current access token's claims, decoded locally (no request, no signature check). */
  getClaims() {
    return this._call('getClaims', (c) => c.getClaims());
  },
  /** The user fresh from the service, with the session. */
  refreshUser() {
    return this._call('refreshUser', (c) => c.refreshUser());
  },
  /** Starts a session from `{ access_token, refresh_token }` (refreshed at once). */
  setSession(params) {
    return this._call('setSession', (c) => c.setSession(text(params && params.refresh_token)));
  },
  /** Signs in with a custom-login ticket: a string, or a function returning one. */
  signInWithCustomTicket(getTicket) {
    return this._call('signInWithCustomTicket', async (c) => {
      const ticket = typeof getTicket === 'function' ? await getTicket() : getTicket;
      return c.signInWithCustomTicket(text(ticket));
    });
  },
  /** Signs in with a provider token: `{ token, provider? }`. */
  signInWithIdToken(params) {
    return this._call('signInWithIdToken', (c) => c.signInWithIdToken(text(params && params.token)));
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
        if (id !== null && this._wasm) this._wasm.offAuthStateChange(id);
      },
    };
    // Added to the module once it has loaded: when it could not be (offline), once a later
    // load has, which the browser's coming back online starts (a page may make no call).
    const retry = () => this._client().catch(() => whenOnline(retry));
    const add = () => this._client().then((client) => {
      if (!this._listeners.has(listener)) return;
      id = client.onAuthStateChange((event, session) => {
        // BIND_IDENTITY comes from `_fire`, with its outcome.
        if (event !== 'BIND_IDENTITY') listener(event, session);
      });
      subscription.id = id;
    }, (e) => {
      if (WasmAuth) report(e);
      else if (afterLoad.push(add) === 1) whenOnline(retry);
    });
    add();
    return { data: { subscription } };
  },
};

function miniProgramOnly(method) {
  const message = `${method} is only available in WeChat mini-programs, not in browsers`;
  return Promise.resolve({ data: emptyData(method), error: authError('unimplemented', message) });
}

// What every `app.auth` inherits: the methods (non-enumerable), on top of Function.prototype.
// Made once, on first use, in one `Object.create`: the 56 properties defined one by one on
// each callable `auth` cost 0.2-4 ms on a cold page.
let authPrototype = null;
function authMethodsPrototype() {
  if (!authPrototype) {
    const descriptors = {};
    for (const methods of [authMethods, oauthMethods, v2Methods]) {
      for (const [name, desc] of Object.entries(Object.getOwnPropertyDescriptors(methods))) {
        descriptors[name] = { ...desc, enumerable: false };
      }
    }
    authPrototype = Object.create(Function.prototype, descriptors);
  }
  return authPrototype;
}

// `app.auth` of `app`: an object that is also callable (`app.auth()`, as in the v2 docs).
// Options given to `app.auth({ storage, persistence })` count until the first call.
export function makeAuth(app) {
  const auth = function auth(options) {
    if (options && typeof options === 'object' && !auth._wasm) Object.assign(auth._options, options);
    return auth;
  };
  Object.setPrototypeOf(auth, authMethodsPrototype());
  Object.defineProperty(auth, '_options', { value: {} });
  Object.defineProperty(auth, '_listeners', { value: new Set() });
  Object.defineProperty(auth, '_app', { value: app });
  return auth;
}
