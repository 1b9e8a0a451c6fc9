// cloudbase-auth-wasm: the CloudBase auth API (`app.auth`) backed by a small WebAssembly core.
// This entry gives it the JS shape of @cloudbase/js-sdk: a synchronous `cloudbase.init`, an
// `app.auth` that is also callable, v3 methods resolving `{ data, error }` (never rejecting)
// with `error` an `AuthError`. The wasm module is loaded on first use, out of sight (load.js).
import { AuthError, isAuthError } from './errors.js';
import { loadWasm } from './load.js';
import { makeAuth } from './auth.js';

export const version = '__VERSION__';
export { AuthError, isAuthError };

class App {
  constructor(config) {
    this.config = { ...config };
    // `[url, protocol]` of the service registered after init (the core works out the origin).
    this._endpoint = null;
    this._auth = null;
  }
  _wasmConfig(options = {}) {
    const { env, clientId, region, lang, auth, timeout } = this.config;
    const persistence = options.persistence || this.config.persistence;
    const autoRefreshToken = options.autoRefreshToken ?? (auth && auth.autoRefreshToken);
    const apiOrigin = this.config.apiOrigin == null ? undefined : String(this.config.apiOrigin);
    return { env, clientId, region, lang, persistence, autoRefreshToken, apiOrigin, timeout };
  }
  /** The auth API (also callable: `app.auth()`). */
  get auth() {
    if (!this._auth) this._auth = makeAuth(this);
    return this._auth;
  }
  /** Points auth at another service: `{ key: 'GATEWAY', url: '//127.0.0.1:8787/v1', protocol: 'http' }`. */
  registerEndPointWithKey({ key, url, protocol } = {}) {
    if (!key || key === 'GATEWAY') this._endpoint = [String(url ?? ''), protocol == null ? undefined : String(protocol)];
  }
  /** Points auth at `host` (`127.0.0.1:8787`), over `protocol` (default `http`). */
  registerHost(host, protocol = 'http') {
    this._endpoint = [`//${host}`, String(protocol)];
  }
}

/**
 * `cloudbase.init({ env, region?, clientId?, apiOrigin?, lang?, persistence?, storage?, timeout?,
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
