// cloudbase-auth-wasm: the CloudBase auth API (`app.auth`) backed by a small WebAssembly core.
// This entry gives it the JS shape of @cloudbase/js-sdk: a synchronous `cloudbase.init`, an
// `app.auth` that is also callable, v3 methods resolving `{ data, error }` (never rejecting)
// with `error` an `AuthError`. The wasm module is loaded on first use, out of sight.
import initWasm, { WasmAuth } from './cloudbase_auth_wasm.js';

export const version = '__VERSION__';

let loading = null;
function loadWasm() {
  if (!loading) {
    loading = initWasm({ module_or_path: new URL('./cloudbase_auth_wasm_bg.wasm', import.meta.url) });
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

// What `data` looks like when a call fails, so that destructuring never throws.
const EMPTY = {
  signUp: () => ({ user: null, session: null }),
  signInWithOtp: () => ({ user: null, session: null }),
  getSession: () => ({ session: null, user: null }),
  getUser: () => ({ user: null }),
  signOut: () => ({}),
};
const emptyData = (method) => (EMPTY[method] ? EMPTY[method]() : { user: null, session: null });

function json(value) {
  return JSON.stringify(value === undefined ? {} : value);
}

const authMethods = {
  async _client() {
    await loadWasm();
    if (!this._wasm) this._wasm = new WasmAuth(JSON.stringify(this._app._wasmConfig()));
    const origin = this._app._origin;
    if (origin && origin !== this._origin) {
      this._wasm.setApiOrigin(origin);
      this._origin = origin;
    }
    return this._wasm;
  },

  // Runs a WasmAuth method and turns its JSON reply into `{ data, error }`.
  async _call(method, build) {
    try {
      const client = await this._client();
      const reply = JSON.parse(await build(client));
      if (reply.error) return { data: emptyData(method), error: new AuthError(reply.error) };
      return { data: reply.data, error: null };
    } catch (e) {
      return { data: emptyData(method), error: toAuthError(e) };
    }
  },

  // signUp / signInWithOtp: the code is sent; `data.verifyOtp({ token })` finishes.
  async _challenge(method, params) {
    const r = await this._call(method, (c) => c[method](json(params)));
    if (r.error) return r;
    const challenge = JSON.stringify(r.data.challenge);
    const verifyOtp = (p = {}) =>
      this._call('verifyOtp', (c) => c.verifyChallenge(challenge, String(p.token ?? '')));
    return {
      data: { user: null, session: null, messageId: r.data.challenge.verification_id, verifyOtp },
      error: null,
    };
  },

  /** Sends a code to `email` or `phone`; `data.verifyOtp({ token })` creates the account. */
  signUp(params) {
    return this._challenge('signUp', params);
  },
  /** Sends a sign-in code; `data.verifyOtp({ token })` signs in. */
  signInWithOtp(params) {
    return this._challenge('signInWithOtp', params);
  },
  /** Signs in with a code sent earlier: `{ email | phone, token, messageId }`. */
  verifyOtp(params) {
    return this._call('verifyOtp', (c) => c.verifyOtp(json(params)));
  },
  /** Signs in with `{ username | email | phone, password }`. */
  signInWithPassword(params) {
    return this._call('signInWithPassword', (c) => c.signInWithPassword(json(params)));
  },
  /** Signs in as a new anonymous user. */
  signInAnonymously() {
    return this._call('signInAnonymously', (c) => c.signInAnonymously());
  },
  /** The current session (refreshed first if its access token expired), or `null`. */
  getSession() {
    return this._call('getSession', (c) => c.getSession());
  },
  /** Refreshes the access token now. */
  refreshSession() {
    return this._call('refreshSession', (c) => c.refreshSession());
  },
  /** The signed-in user, fresh from the service. */
  getUser() {
    return this._call('getUser', (c) => c.getUser());
  },
  /** Signs out (revoking the token; with params, through the user sign-out endpoint). */
  signOut(params) {
    return this._call('signOut', (c) => c.signOut(params === undefined ? '' : json(params)));
  },
  /** Calls `callback(event, session)` on every auth change, starting with INITIAL_SESSION. */
  onAuthStateChange(callback) {
    let id = null;
    let cancelled = false;
    const subscription = {
      id: null,
      callback,
      unsubscribe: () => {
        cancelled = true;
        if (id !== null && this._wasm) this._wasm.offAuthStateChange(id);
      },
    };
    this._client()
      .then((client) => {
        if (cancelled) return;
        id = client.onAuthStateChange((event, session) => {
          try {
            const r = callback(event, session ? JSON.parse(session) : null);
            if (r && typeof r.catch === 'function') r.catch(report);
          } catch (e) {
            report(e);
          }
        });
        subscription.id = id;
      })
      .catch(report);
    return { data: { subscription } };
  },
};

function report(e) {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(e);
  else console.error(e);
}

function makeAuth(app) {
  // `app.auth` and `app.auth()` are the same object, as in the v2 docs.
  const auth = function auth() {
    return auth;
  };
  for (const [name, fn] of Object.entries(authMethods)) {
    Object.defineProperty(auth, name, { value: fn, writable: true, configurable: true });
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
  _wasmConfig() {
    const { env, clientId, region, lang } = this.config;
    return { env, clientId, region, lang, apiOrigin: this._origin || undefined };
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

/** `cloudbase.init({ env, region?, clientId?, apiOrigin?, lang? })`, synchronous. */
function init(config) {
  if (!config || typeof config.env !== 'string' || !config.env) {
    throw new TypeError('cloudbase.init: `env` is required');
  }
  loadWasm().catch(() => {}); // start loading now; failures surface on the first call
  return new App(config);
}

const cloudbase = { init, AuthError, isAuthError, version };
export default cloudbase;
export { init };
