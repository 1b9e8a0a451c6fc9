// Loading the wasm module: started as soon as the entry is imported, side by side, the
// wasm-bindgen glue and, in a page, the compiled module (streamed while it downloads). Hosts
// without a document (Node) hand the module over with `init({ wasm })`.
import { toAuthError } from './errors.js';
import { handoffWaiting } from './handoff.js';

const WASM_URL = new URL('./cloudbase_auth_wasm_bg.wasm', import.meta.url);
let glue = null;
let compiling = null;
function importGlue() {
  if (!glue) glue = import('./cloudbase_auth_wasm.js');
  return glue;
}
function compileEarly() {
  if (!compiling) {
    const streaming = typeof WebAssembly === 'object' && typeof WebAssembly.compileStreaming === 'function'
      && typeof fetch === 'function';
    compiling = streaming ? WebAssembly.compileStreaming(fetch(WASM_URL)).catch(() => null) : Promise.resolve(null);
  }
  return compiling;
}
// The `.wasm` first: it is the longer download.
function start() {
  compileEarly();
  importGlue();
}
// In a page, at once; but when a previous page handed its session over (handoff.js), the
// first getSession() is answered without the module, so the module starts loading after this
// task instead of adding to it (a page's first `fetch` costs 1-7 ms of its own).
let startedLater = null;
if (typeof document !== 'undefined') {
  if (handoffWaiting()) startedLater = new Promise((resolve) => setTimeout(resolve, 0)).then(start);
  else start();
}

// The client class, once the module has loaded.
export let WasmAuth = null;
let loading = null;
// What waits for a load that has not failed (listeners added while the module could not be
// downloaded): run once the module has loaded.
export const afterLoad = [];
// Runs `f` once the browser says the network is back (where there is such an event).
export function whenOnline(f) {
  if (typeof addEventListener === 'function') addEventListener('online', f, { once: true });
}
// `source` (the `wasm` option of `init`) may be the module's bytes, a compiled
// `WebAssembly.Module`, a URL or a Response, for hosts where the file next to this one cannot
// be fetched (Node, some bundlers). A load that failed is tried again by the next call (the
// network may be back): a failed download is `unreachable`, anything else `internal`.
export function loadWasm(source) {
  if (!loading) {
    loading = Promise.resolve(startedLater)
      .then(() => Promise.all([importGlue(), source ? null : compileEarly()]))
      .then(async ([g, compiled]) => {
        const exports = await g.default({ module_or_path: source || compiled || WASM_URL });
        WasmAuth = g.WasmAuth;
        afterLoad.splice(0).forEach((f) => f());
        return exports;
      })
      .catch((e) => {
        loading = glue = compiling = null;
        throw toAuthError(e, e instanceof TypeError ? 'unreachable' : 'internal');
      });
  }
  return loading;
}
