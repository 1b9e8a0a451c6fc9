// The benchmark's printed report: the machine and run header, the table (with each row's ratio
// to the JS SDK and the empty page's figure), and where the start-up time goes.
import os from 'node:os';
import { FILES, sizes } from './pages.mjs';
import { bootstrapMedian, median } from './stats.mjs';

/** The date, CPU model, core count and load average, at the time of the call. */
export function machine() {
  const cpus = os.cpus();
  return { date: new Date().toISOString(), cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, load: os.loadavg() };
}

const f = (x, d = 1) => (Number.isFinite(x)
  ? x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : '—');
const ratio = (a, b) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '—');
const MB = 1024 * 1024;
const loadavg = (l) => l.map((x) => x.toFixed(2)).join(' / ');

/** Medians of the per-pair differences (SDK − bare fetch) of each phase of a sign-in. */
function phaseCosts(signIn) {
  const pairs = signIn.sdkPhases.map((p, i) => [p, signIn.rawPhases[i]]).filter(([a, b]) => a.requests === 2 && b.requests === 2);
  if (!pairs.length) return '—';
  return ['before', 'between', 'after'].map((k) => f(median(pairs.map(([a, b]) => a[k] - b[k])), 2)).join(' / ');
}

function mainTable(run, results, www) {
  const r = results;
  const med = (page, key) => median(r[page][key]);
  const mem = (page, key, row = 'memory') => median(r[page][row].map((m) => m[key]));
  const bytes = { ours: sizes(www, FILES.ours), cloudbase: sizes(www, FILES.cloudbase) };
  const overMB = (page, row = 'memory') => (mem(page, 'total', row) - mem('empty', 'total', row)) / MB;
  const interval = (diff) => {
    const [lo, hi] = bootstrapMedian(diff);
    return `${f(median(diff), 2)} [${f(lo, 2)}, ${f(hi, 2)}]`;
  };
  const cost = (sdk) => interval(r[sdk].signIn.diff);
  const rows = [
    ['shipped bytes, gzip -9 (raw)',
      ...['ours', 'cloudbase'].map((s) => `${bytes[s].gzip.toLocaleString('en-US')} (${bytes[s].raw.toLocaleString('en-US')})`),
      ratio(bytes.ours.gzip, bytes.cloudbase.gzip), '—'],
    ['script start → first getSession() with a stored session, fresh context (ms, median)',
      f(med('ours', 'cold')), f(med('cloudbase', 'cold')), ratio(med('ours', 'cold'), med('cloudbase', 'cold')), f(med('empty', 'cold'))],
    ['same, this SDK finding the session as the JS SDK stores it, no hand-off (ms, median)',
      f(med('ours-js-storage', 'cold')), f(med('cloudbase', 'cold')), ratio(med('ours-js-storage', 'cold'), med('cloudbase', 'cold')), f(med('empty', 'cold'))],
    ['same, page with the preload tags (ms, median)',
      f(med('ours-preload', 'cold')), f(med('cloudbase-preload', 'cold')), ratio(med('ours-preload', 'cold'), med('cloudbase-preload', 'cold')), f(med('empty', 'cold'))],
    ['same, warm HTTP and code cache (ms, median)',
      f(med('ours', 'warm')), f(med('cloudbase', 'warm')), ratio(med('ours', 'warm'), med('cloudbase', 'warm')), f(med('empty', 'warm'))],
    ['same, warm, page with the preload tags (ms, median)',
      f(med('ours-preload', 'warm')), f(med('cloudbase-preload', 'warm')), ratio(med('ours-preload', 'warm'), med('cloudbase-preload', 'warm')), f(med('empty', 'warm'))],
    ['memory after init: JS heap after GC + wasm memory, over the empty page (MB, median)',
      `+${f(overMB('ours'), 2)}`, `+${f(overMB('cloudbase'), 2)}`, ratio(overMB('ours'), overMB('cloudbase')), `${f(mem('empty', 'total') / MB, 2)} in all`],
    ['of which wasm memory (MB, median)',
      f(mem('ours', 'wasm') / MB, 2), f(mem('cloudbase', 'wasm') / MB, 2), '—', f(mem('empty', 'wasm') / MB, 2)],
    ['same, first load of a fresh context (MB, median; of which wasm memory)',
      ...['ours', 'cloudbase'].map((s) => `+${f(overMB(s, 'memoryCold'), 2)} (${f(mem(s, 'wasm', 'memoryCold') / MB, 2)})`),
      ratio(overMB('ours', 'memoryCold'), overMB('cloudbase', 'memoryCold')), `${f(mem('empty', 'total', 'memoryCold') / MB, 2)} in all`],
    ['same, this SDK finding the session as the JS SDK stores it: its client made (MB, median; of which wasm memory)',
      `+${f(overMB('ours-js-storage', 'memoryCold'), 2)} (${f(mem('ours-js-storage', 'wasm', 'memoryCold') / MB, 2)})`,
      `+${f(overMB('cloudbase', 'memoryCold'), 2)} (${f(mem('cloudbase', 'wasm', 'memoryCold') / MB, 2)})`,
      ratio(overMB('ours-js-storage', 'memoryCold'), overMB('cloudbase', 'memoryCold')), `${f(mem('empty', 'total', 'memoryCold') / MB, 2)} in all`],
    ['getSession(), session in memory, per call (µs, median / mean)',
      ...['ours', 'cloudbase'].map((s) => `${f(med(s, 'getSession'))} / ${f(med(s, 'getSessionMean'))}`),
      ratio(med('ours', 'getSession'), med('cloudbase', 'getSession')), '—'],
    ['signInWithPassword, total (ms, median)',
      f(r.ours.signIn.sdk, 2), f(r.cloudbase.signIn.sdk, 2), ratio(r.ours.signIn.sdk, r.cloudbase.signIn.sdk), '—'],
    ['the same requests by bare fetch (ms, median)', f(r.ours.signIn.raw, 2), f(r.cloudbase.signIn.raw, 2), '—', '—'],
    ['signInWithPassword client-side cost: SDK − bare fetch, paired (ms, median [95% interval])',
      cost('ours'), cost('cloudbase'), ratio(median(r.ours.signIn.diff), median(r.cloudbase.signIn.diff)), '—'],
    ['of which before the first request / between the two / after the last answer (ms, median SDK − bare fetch)',
      phaseCosts(r.ours.signIn), phaseCosts(r.cloudbase.signIn), '—', '—'],
    ['HTTP requests per signInWithPassword (as resource timing sees them)',
      f(median(r.ours.signIn.sdkPhases.map((p) => p.requests)), 0), f(median(r.cloudbase.signIn.sdkPhases.map((p) => p.requests)), 0), '—', '—'],
    ['the bare fetch writing the credentials to localStorage after the last answer, as both SDKs store a session: cost over bare fetch, paired (ms, median [95% interval])',
      '—', '—', '—', r.empty.store ? interval(r.empty.store.diff) : '—'],
  ];
  return [
    '| | this SDK (cloudbase-auth-wasm) | @cloudbase/js-sdk 3.7.0 (app + auth) | this SDK ÷ JS SDK | empty page (no SDK) |',
    '|---|---:|---:|---:|---:|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
}

const COLUMNS = [['ours', 'this SDK'], ['ours-preload', 'this SDK + preload tags'],
  ['ours-js-storage', 'this SDK, the JS SDK\'s storage'], ['cloudbase', 'JS SDK'],
  ['cloudbase-preload', 'JS SDK + preload tag'], ['empty', 'empty page']];
const ENTRY = { ours: '/pkg/ours.js', cloudbase: '/cloudbase.js' };
const resource = (p) => (profile) => profile.resources.find((e) => e.path === p) || null;
const wasmCall = (names) => (profile) => profile.wasm.find((c) => names.includes(c.name)) || null;
const PHASES = [
  ['page modules (`harness.js`) fetched', () => resource('/harness.js')],
  ['SDK entry (the app bundle with the SDK JS) fetched', (page) => resource(ENTRY[page.split('-')[0]])],
  ['wasm-bindgen glue fetched', () => resource('/pkg/cloudbase_auth_wasm.js')],
  ['`.wasm` fetched', () => resource('/pkg/cloudbase_auth_wasm_bg.wasm')],
  ['wasm compiled (`compileStreaming`)', () => wasmCall(['compileStreaming', 'compile'])],
  ['wasm instantiated', () => wasmCall(['instantiate', 'instantiateStreaming'])],
  ['every module evaluated (harness starts)', () => (p) => ({ start: null, end: p.evaluated })],
  ['`init` returned', () => (p) => ({ start: null, end: p.initialised })],
  ['first getSession() resolved', () => (p) => ({ start: null, end: p.session })],
];

function profileTable(results, key) {
  const cell = (page, pick) => {
    const marks = results[page][key].map(pick).filter(Boolean);
    if (!marks.length) return '—';
    const end = f(median(marks.map((m) => m.end)));
    return marks[0].start === null ? end : `${f(median(marks.map((m) => m.start)))} → ${end}`;
  };
  const rows = PHASES.map(([label, picker]) => `| ${label} | ${COLUMNS.map(([page]) => cell(page, picker(page))).join(' | ')} |`);
  const fetches = COLUMNS.map(([page]) => f(median(results[page][key]
    .map((p) => p.resources.filter((e) => e.path.endsWith('.wasm')).length)), 0));
  return [
    `| ${key === 'coldProfile' ? 'fresh context' : 'warm'}: ms after script start (median) | ${COLUMNS.map(([, l]) => l).join(' | ')} |`,
    `|---|${COLUMNS.map(() => '---:').join('|')}|`,
    ...rows,
    `| requests for the \`.wasm\` per load | ${fetches.join(' | ')} |`,
  ].join('\n');
}

/** The whole printed report. */
export function report(run, results, www) {
  const { before, after } = run;
  return [
    `Run of ${before.date.slice(0, 16).replace('T', ' ')} UTC; ${before.cpu}, ${before.cores} cores; load average`
      + ` (1 / 5 / 15 min) ${loadavg(before.load)} at the start, ${loadavg(after.load)} at the end; Chromium ${run.chromium} headless.`,
    `Runs per row: start-up and memory ${run.N} fresh contexts per page (a cold load and, in the same context, the`
      + ` third load: warm), and first-load memory ${run.N} more fresh contexts per page; getSession() ${run.CALLS} timed calls × ${run.GET_SESSION_PAGES} pages; sign-in ${run.PAIRS}`
      + ` pairs per SDK; the server's password check: ${run.hashing}.`,
    'Each SDK\'s page finds in localStorage what that SDK left when a page of it was last left (this SDK: the session'
      + ' and its hand-off); the rows "finding the session as the JS SDK stores it" give this SDK the JS SDK\'s keys alone.',
    '',
    mainTable(run, results, www),
    '',
    'Where the start-up time goes (start → end of each step; the wasm rows are this SDK\'s):',
    '',
    profileTable(results, 'coldProfile'),
    '',
    profileTable(results, 'warmProfile'),
  ].join('\n');
}
