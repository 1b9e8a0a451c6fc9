// The in-page half of the browser benchmark (the same for both SDKs): init, the first
// getSession() with the session the runner stored, and the timed loops the runner calls.
const params = new URLSearchParams(location.search);
const env = params.get('env');
const emulator = params.get('emulator');
const t0 = globalThis.__t0; // set by the page's first (inline) script
const tEval = performance.now();
const auth = globalThis.benchSdk.init(env, emulator);
const tInit = performance.now();
const first = await auth.getSession();
const tSession = performance.now();
const since = (t) => (t === null ? null : t - t0);
// `signedOut` in the query: the page is expected to find no session (bench/browser/preload.mjs).
const signedOut = params.has('signedOut');
globalThis.__result = {
  ok: !first.error && (signedOut ? first.data?.session === null : !!first.data?.session),
  error: first.error ? String(first.error.message || first.error) : null,
  scriptStartToSession: tSession - t0,
  timeOriginToSession: tSession,
  evalToSession: tSession - tEval,
  initToSession: tSession - tInit,
  // Where the time went (ms after script start): each file's fetch, the wasm calls, this
  // module's start (every import evaluated), init, the first getSession().
  profile: {
    resources: performance.getEntriesByType('resource').map((e) => ({
      path: new URL(e.name).pathname, initiator: e.initiatorType, transfer: e.transferSize,
      start: since(e.startTime), end: since(e.responseEnd),
    })),
    wasm: (globalThis.__wasmCalls || []).map((c) => ({ name: c.name, start: since(c.start), end: since(c.end) })),
    evaluated: since(tEval),
    initialised: since(tInit),
    session: since(tSession),
  },
};

// The runner waits for this message (a polling wait would inject its script into the page
// while it loads: bench/browser/session.mjs, `load`).
console.debug('bench:result');

/**
 * Where a sign-in's time went, from the resource timing of its requests to the emulator (ms):
 * before the first request started, the first request, between the first answer and the
 * second request, the second request, after the last answer until the call resolved.
 */
function phases(t, end) {
  const e = performance.getEntriesByType('resource').filter((x) => x.name.startsWith(`${emulator}/`));
  performance.clearResourceTimings();
  if (e.length !== 2) return { requests: e.length };
  return {
    requests: 2, before: e[0].startTime - t, first: e[0].responseEnd - e[0].startTime,
    between: e[1].startTime - e[0].responseEnd, second: e[1].responseEnd - e[1].startTime, after: end - e[1].responseEnd,
  };
}

/** One sign-in, timed: by the SDK, or the same two requests by bare fetch. */
const signIn = {
  async sdk(username, password) {
    performance.clearResourceTimings();
    const t = performance.now();
    const r = await auth.signInWithPassword({ username, password });
    const end = performance.now();
    if (r.error) throw new Error(`signInWithPassword: ${r.error.message}`);
    return { ms: end - t, phases: phases(t, end) };
  },
  raw(username, password) {
    return bare(username, password, false);
  },
  /** The bare fetch, then the credentials written to localStorage as an SDK stores them. */
  stored(username, password) {
    return bare(username, password, true);
  },
};

/**
 * The sign-in's two requests by bare fetch; with `store`, the credentials (with their expiry
 * time, the text both SDKs keep) written to localStorage after the last answer, under a key of
 * the benchmark's own.
 */
async function bare(username, password, store) {
  performance.clearResourceTimings();
  const t = performance.now();
  const res = await fetch(`${emulator}/auth/v1/signin?client_id=${env}`, {
    method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify({ username, password }),
  });
  const creds = await res.json();
  if (!res.ok) throw new Error(`raw signin: ${JSON.stringify(creds)}`);
  const me = await fetch(`${emulator}/auth/v1/user/me`, { headers: { Authorization: `Bearer ${creds.access_token}` } });
  await me.json();
  if (store) {
    const expiresAt = new Date(Date.now() + creds.expires_in * 1000).toISOString();
    localStorage.setItem('bench_credentials', JSON.stringify({ ...creds, expires_at: expiresAt }));
  }
  const end = performance.now();
  return { ms: end - t, phases: phases(t, end) };
}

/**
 * `warm` unmeasured runs of `a` then `b`, then `n` pairs `[a's result, b's result]`, which of
 * the two goes first alternating from pair to pair.
 */
async function alternate(a, b, warm, n) {
  for (let i = 0; i < warm; i++) { await a(); await b(); }
  const pairs = [];
  for (let i = 0; i < n; i++) {
    if (i % 2) { const y = await b(); pairs.push([await a(), y]); } else { const x = await a(); pairs.push([x, await b()]); }
  }
  return pairs;
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };

globalThis.bench = {
  /** One timed sign-in, `mode` `sdk` or `raw`: `{ ms, phases }`. */
  signInOnce(mode, username, password) {
    return signIn[mode](username, password);
  },
  /**
   * Whether the page's wasm module is in: instantiated (the probe holds its memory) and no
   * compile or instantiate call pending; always true for an SDK without one.
   */
  wasmSettled() {
    if (!globalThis.benchSdk.wasm) return true;
    const calls = globalThis.__wasmCalls || [];
    return (globalThis.__wasmMemories || []).length > 0 && calls.every((c) => c.end !== null);
  },
  /** Bytes of the WebAssembly memories the page instantiated (0 without wasm). */
  wasmMemoryBytes() {
    return (globalThis.__wasmMemories || []).reduce((n, m) => n + m.buffer.byteLength, 0);
  },
  /** Median and mean of `n` timed getSession() calls after `warm` untimed ones (µs). */
  async getSessionLoop(warm, n) {
    for (let i = 0; i < warm; i++) await auth.getSession();
    const each = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      const r = await auth.getSession();
      each.push((performance.now() - t) * 1000);
      if (!r.data?.session) throw new Error('getSession lost the session');
    }
    const t = performance.now();
    for (let i = 0; i < n; i++) await auth.getSession();
    return { median: median(each), mean: ((performance.now() - t) * 1000) / n };
  },
  /**
   * `n` pairs of (signInWithPassword, the same two requests by bare fetch), alternating which
   * goes first; returns every pair's totals, differences and phases (ms). The difference is
   * what the SDK adds on top of the network and the server: the same HTTP work is in both.
   */
  async signInPairs(warm, n, username, password) {
    const pairs = await alternate(() => signIn.sdk(username, password), () => signIn.raw(username, password), warm, n);
    const sdkMs = pairs.map(([a]) => a.ms); const rawMs = pairs.map(([, b]) => b.ms);
    const diff = pairs.map(([a, b]) => a.ms - b.ms);
    const sdkPhases = pairs.map(([a]) => a.phases); const rawPhases = pairs.map(([, b]) => b.phases);
    return { sdk: median(sdkMs), raw: median(rawMs), overhead: median(diff), sdkMs, rawMs, diff, sdkPhases, rawPhases };
  },
  /**
   * From now on `fetch` answers a sign-in's requests from memory: one sign-in by the SDK
   * through the real `fetch` records each path's answer, then every call gets a new `Response`
   * of it (the page's own work, no network).
   */
  async answerFromMemory(username, password) {
    const real = globalThis.fetch;
    const answers = new Map();
    const pathOf = (input) => new URL(typeof input === 'string' ? input : input.url).pathname;
    globalThis.fetch = async (input, init) => {
      const res = await real(input, init);
      answers.set(pathOf(input), { body: await res.clone().text(), status: res.status, headers: [...res.headers] });
      return res;
    };
    await signIn.sdk(username, password);
    globalThis.fetch = async (input) => {
      const a = answers.get(pathOf(input));
      return new Response(a.body, { status: a.status, headers: a.headers });
    };
  },
  /**
   * `n` pairs of (the bare fetch that then stores the credentials, the bare fetch alone),
   * alternating which goes first: what writing the session to localStorage costs by itself.
   */
  async storePairs(warm, n, username, password) {
    const pairs = await alternate(() => signIn.stored(username, password), () => signIn.raw(username, password), warm, n);
    localStorage.removeItem('bench_credentials');
    return { diff: pairs.map(([a, b]) => a.ms - b.ms) };
  },
};
