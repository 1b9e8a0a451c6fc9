// The page's first script, the same in every benchmark page: the start mark, and timing of the
// WebAssembly compile and instantiate calls (with the instances' memories, for the memory row).
// Inlined into each page's head by pages.mjs.
globalThis.__t0 = performance.now();
(() => {
  const W = globalThis.WebAssembly;
  const calls = (globalThis.__wasmCalls = []);
  const memories = (globalThis.__wasmMemories = []);
  if (typeof W !== 'object') return;
  for (const name of ['compileStreaming', 'compile', 'instantiateStreaming', 'instantiate']) {
    const original = W[name];
    if (typeof original !== 'function') continue;
    W[name] = function timed(...args) {
      const call = { name, start: performance.now(), end: null };
      calls.push(call);
      const promise = original.apply(this, args);
      promise.then((r) => {
        call.end = performance.now();
        const instance = r instanceof W.Instance ? r : r && r.instance;
        if (instance && instance.exports.memory instanceof W.Memory) memories.push(instance.exports.memory);
      }, () => { call.end = performance.now(); call.failed = true; });
      return promise;
    };
  }
})();
