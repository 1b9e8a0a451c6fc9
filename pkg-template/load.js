// Loading the wasm module: started as soon as the entry is imported, side by side, the
// wasm-bindgen glue and, in a page, the compiled module (streamed while it downloads). Hosts
// without a document (Node) hand the module over with `init({ wasm })`.
const WASM_URL = new URL('./cloudbase_auth_wasm_bg.wasm', import.meta.url);
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
export let WasmAuth = null;
let loading = null;
// `source` (the `wasm` option of `init`) may be the module's bytes, a compiled
// `WebAssembly.Module`, a URL or a Response, for hosts where the file next to this one cannot
// be fetched (Node, some bundlers).
export function loadWasm(source) {
  if (!loading) {
    loading = Promise.all([glue, source ? null : compileEarly()]).then(async ([g, compiled]) => {
      const exports = await g.default({ module_or_path: source || compiled || WASM_URL });
      WasmAuth = g.WasmAuth;
      return exports;
    });
  }
  return loading;
}
