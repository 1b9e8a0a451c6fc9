// Loads the real @cloudbase/js-sdk browser build into Node: browser shims, an HTTP recorder on
// the global fetch, and a helper that makes an app pointed at the emulator.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SDK_VERSION = '3.7.0';

/** A Map-backed Web Storage. */
export class MemoryStorage {
  #m = new Map();
  getItem(k) { return this.#m.has(String(k)) ? this.#m.get(String(k)) : null; }
  setItem(k, v) { this.#m.set(String(k), String(v)); }
  removeItem(k) { this.#m.delete(String(k)); }
  clear() { this.#m.clear(); }
  key(i) { return [...this.#m.keys()][i] ?? null; }
  get length() { return this.#m.size; }
  keys() { return [...this.#m.keys()]; }
}

export const localStorage = new MemoryStorage();
export const sessionStorage = new MemoryStorage();

/** Every HTTP exchange the SDK made (the checks clear it); see `recordFetch`. */
export const requests = [];

const realFetch = globalThis.fetch;
/** The unrecorded fetch, for calls the checks make themselves. */
export const rawFetch = (...args) => realFetch(...args);

function installShims() {
  globalThis.window = globalThis;
  globalThis.localStorage = localStorage;
  globalThis.sessionStorage = sessionStorage;
  globalThis.location = {
    href: 'http://localhost/', protocol: 'http:', host: 'localhost', hostname: 'localhost',
    origin: 'http://localhost', search: '', hash: '', pathname: '/',
    assign() {}, replace() {}, reload() {},
  };
  Object.defineProperty(globalThis, 'navigator', {
    value: { userAgent: 'node' }, configurable: true, writable: true,
  });
  const element = () => ({ style: {}, setAttribute() {}, appendChild() {}, addEventListener() {} });
  globalThis.document = {
    cookie: '', readyState: 'complete', createElement: element,
    addEventListener() {}, removeEventListener() {},
    body: element(), head: element(), documentElement: element(),
    getElementsByTagName: () => [], querySelector: () => null, getElementById: () => null,
  };
  globalThis.addEventListener = () => {};
  globalThis.removeEventListener = () => {};
  globalThis.WebSocket = class {};
  globalThis.XMLHttpRequest = class {};
}

/** Wraps the global fetch so every SDK request and its JSON answer land in `requests`. */
function recordFetch() {
  globalThis.fetch = async (input, init = {}) => {
    const url = new URL(typeof input === 'string' ? input : input.url);
    const entry = {
      method: (init.method || 'GET').toUpperCase(),
      path: url.pathname,
      url: url.href,
      auth: headerOf(init.headers, 'authorization'),
      body: typeof init.body === 'string' ? init.body : undefined,
    };
    requests.push(entry);
    try {
      const res = await realFetch(input, init);
      entry.status = res.status;
      entry.response = await res.clone().text().catch(() => '<unreadable>');
      return res;
    } catch (e) {
      entry.status = 'network error';
      entry.response = String(e?.cause?.message || e?.message || e);
      throw e;
    }
  };
}

function headerOf(headers, name) {
  if (!headers) return undefined;
  if (typeof headers.get === 'function') return headers.get(name) ?? undefined;
  const k = Object.keys(headers).find((h) => h.toLowerCase() === name);
  return k ? headers[k] : undefined;
}

/** Finds node_modules/@cloudbase/js-sdk from this directory upwards. */
function sdkDir() {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', '@cloudbase', 'js-sdk');
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error('node_modules/@cloudbase/js-sdk not found: run `npm ci` first');
    dir = up;
  }
}

/** Installs the shims and the recorder, then loads the SDK's browser CommonJS build. */
export function loadCloudbase() {
  installShims();
  recordFetch();
  const dir = sdkDir();
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (version !== SDK_VERSION) {
    throw new Error(`@cloudbase/js-sdk ${version} is installed; these checks target ${SDK_VERSION}`);
  }
  // The package "exports" map hides dist/, so require the file by its absolute path.
  const mod = createRequire(import.meta.url)(join(dir, 'dist', 'index.cjs.js'));
  return { cloudbase: mod.default || mod, version };
}

/**
 * A fresh app for `env` whose auth requests go to the emulator. `init` resets the env's GATEWAY
 * endpoint to production, so the endpoint is registered again after each init.
 */
export function newApp(cloudbase, env, emulatorUrl) {
  const u = new URL(emulatorUrl);
  const app = cloudbase.init({ env, region: 'ap-shanghai' });
  app.registerEndPointWithKey({
    key: 'GATEWAY',
    url: `//${u.host}/v1`,
    protocol: u.protocol.replace(':', ''),
  });
  return { app, auth: app.auth() };
}
