#!/usr/bin/env node
// What the JS heap of each benchmark page holds (a bench tool, not a test): each page loaded
// three times in a fresh context, as the memory row measures it (the warm page, its wasm
// module instantiated; LOADS=1: the first load), two forced GCs, then a heap snapshot (CDP).
// Prints, per page, the JS heap in use, and the snapshot's objects grouped by kind, largest
// first, against the empty page's; then the page's largest single objects with what holds them. Off-heap data the
// snapshot shows (wasm code, array buffer contents, external strings, Blink's objects) is left
// out: `Runtime.getHeapUsage` does not count it either.
// Run it through `bench/browser.sh heap`, which starts the emulator.
//   EMULATOR_URL  the emulator (default http://127.0.0.1:8787)
//   PAGES         pages to compare with the empty page (default ours,cloudbase)
//   TOP           rows per table (default 25)
//   LOADS         loads per context before the snapshot (default 3: the warm page; 1: the first load)
import path from 'node:path';
import { ROOT, servePages } from './pages.mjs';
import { EMULATOR_URL, benchSession, launchBrowser, load, memory, newPage } from './session.mjs';

const WWW = path.join(ROOT, 'target', 'bench-browser', 'heap-www');
const PAGES = (process.env.PAGES || 'ours,cloudbase').split(',');
const TOP = Number(process.env.TOP || 25);
const LOADS = Number(process.env.LOADS || 3);
const OFF_HEAP = /CppGCManaged|JSArrayBufferData|ExternalStringData|^blink::|^JS[A-Z]|^[A-Z][A-Za-z]+$/;

/** The snapshot of `page`'s heap (CDP HeapProfiler.takeHeapSnapshot), parsed. */
async function snapshot(page) {
  const cdp = await page.context().newCDPSession(page);
  const chunks = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  return JSON.parse(chunks.join(''));
}

/**
 * The snapshot's on-heap nodes: `{ kind, name, size, holder }` each, `kind` the grouping key
 * (an object's constructor, a code object's type, "string", "closure", ...) and `holder` the
 * first edge that retains it ("smi_string_cache", "source", a property name, ...).
 */
function nodes(s) {
  const m = s.snapshot.meta;
  const nf = m.node_fields.length; const ef = m.edge_fields.length;
  const [types, etypes] = [m.node_types[0], m.edge_types[0]];
  const count = s.nodes.length / nf;
  const holder = new Array(count).fill('');
  for (let i = 0, e = 0; i < count; i++) {
    for (let k = s.nodes[i * nf + 4]; k > 0; k--, e += ef) {
      const to = s.edges[e + 2] / nf;
      const et = etypes[s.edges[e]];
      if (holder[to] || et === 'weak') continue;
      const from = s.strings[s.nodes[i * nf + 1]].slice(0, 40);
      const name = et === 'element' || et === 'hidden' ? `[${s.edges[e + 1]}]` : s.strings[s.edges[e + 1]];
      holder[to] = `${from}.${name}`;
    }
  }
  const out = [];
  for (let i = 0; i < count; i++) {
    const type = types[s.nodes[i * nf]];
    const name = s.strings[s.nodes[i * nf + 1]];
    if (type === 'native' && OFF_HEAP.test(name)) continue;
    if (type === 'synthetic') continue;
    let kind;
    if (type === 'object' || type === 'native') kind = name.split(' / ')[0] === 'system' ? name.replace(/ @\d+$/, '') : name;
    else if (type === 'closure' || type.includes('string') || type === 'number') kind = `(${type})`;
    else kind = `(${type}) ${name.replace(/\d+/g, '#').slice(0, 50)}`.trim();
    out.push({ kind, name, size: s.nodes[i * nf + 3], holder: holder[i] });
  }
  return out;
}

function byKind(list) {
  const m = new Map();
  for (const n of list) {
    const a = m.get(n.kind) || { count: 0, size: 0 };
    a.count += 1; a.size += n.size;
    m.set(n.kind, a);
  }
  return m;
}

const kb = (b) => (b / 1024).toFixed(1);
const { server, origin: ORIGIN } = await servePages(WWW);
const { env, stored } = await benchSession(EMULATOR_URL);
const browser = await launchBrowser();
const seen = {};
try {
  for (const name of ['empty', ...PAGES]) {
    const { context, page } = await newPage(browser, stored);
    const url = `${ORIGIN}/${name}.html?env=${env}&emulator=${encodeURIComponent(EMULATOR_URL)}`;
    for (let i = 0; i < LOADS; i++) await load(page, url, name);
    const mem = await memory(page);
    const list = nodes(await snapshot(page));
    seen[name] = { mem, list, kinds: byKind(list) };
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}

const empty = seen.empty;
const total = (list) => list.reduce((n, x) => n + x.size, 0);
console.log(`empty page: JS heap in use ${kb(empty.mem.heap)} KiB (snapshot, on-heap: ${kb(total(empty.list))} KiB)`);
for (const name of PAGES) {
  const p = seen[name];
  console.log(`\n## ${name}: JS heap in use ${kb(p.mem.heap)} KiB, +${kb(p.mem.heap - empty.mem.heap)} over the empty page `
    + `(snapshot: +${kb(total(p.list) - total(empty.list))}); wasm memory ${kb(p.mem.wasm)} KiB\n`);
  console.log('| kind | KiB over the empty page | count over it |\n|---|---:|---:|');
  const rows = [...new Set([...p.kinds.keys(), ...empty.kinds.keys()])].map((k) => {
    const a = p.kinds.get(k) || { count: 0, size: 0 }; const b = empty.kinds.get(k) || { count: 0, size: 0 };
    return [k, a.size - b.size, a.count - b.count];
  }).sort((x, y) => y[1] - x[1]);
  for (const [k, size, count] of rows.slice(0, TOP)) console.log(`| ${k} | ${kb(size)} | ${count} |`);
  console.log(`\nlargest objects (≥ 2 KiB; * also in the empty page, same kind, size and holder):\n`);
  const inEmpty = new Set(empty.list.filter((n) => n.size >= 2048).map((n) => `${n.kind}|${n.size}|${n.holder}`));
  for (const n of p.list.filter((x) => x.size >= 2048).sort((x, y) => y.size - x.size).slice(0, TOP)) {
    const mark = inEmpty.has(`${n.kind}|${n.size}|${n.holder}`) ? '*' : ' ';
    console.log(`${mark} ${kb(n.size).padStart(7)} KiB  ${n.kind}  ${JSON.stringify(n.name.slice(0, 50))}  held by ${n.holder}`);
  }
}
