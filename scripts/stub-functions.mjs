// Replaces the bodies of the named functions of a wasm module (read from its name section)
// with a trap, so that wasm-opt can drop whatever only they used.
//   node scripts/stub-functions.mjs <in.wasm> <out.wasm> <name regex>... [!<name regex>]...
// Fails when a pattern matches no function (a renamed function is noticed), and when a `!`
// pattern matches one (a condition that makes the stubbing safe no longer holds).
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output, ...patterns] = process.argv.slice(2);
const bytes = readFileSync(input);
let p = 8;
const uleb = () => {
  let r = 0, s = 0, x;
  do { x = bytes[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
  return r;
};
const encode = (n) => {
  const out = [];
  do { let x = n & 0x7f; n = Math.floor(n / 128); if (n) x |= 0x80; out.push(x); } while (n);
  return Buffer.from(out);
};
const name = () => { const l = uleb(); const s = bytes.toString('utf8', p, p + l); p += l; return s; };

const sections = [];
while (p < bytes.length) {
  const head = p;
  const id = bytes[p++]; const len = uleb();
  sections.push({ id, head, start: p, end: p + len });
  p += len;
}
// Imported functions come first in the function index space.
let imported = 0;
for (const s of sections.filter((s) => s.id === 2)) {
  p = s.start;
  for (let n = uleb(); n > 0; n--) {
    name(); name();
    const kind = bytes[p++];
    if (kind === 0) { uleb(); imported++; }
    else if (kind === 1) { p++; const f = uleb(); uleb(); if (f & 1) uleb(); }
    else if (kind === 2) { const f = uleb(); uleb(); if (f & 1) uleb(); }
    else if (kind === 3) p += 2;
    else if (kind === 4) { p++; uleb(); }
  }
}
const names = new Map();
for (const s of sections.filter((s) => s.id === 0)) {
  p = s.start;
  if (name() !== 'name') continue;
  while (p < s.end) {
    const sub = bytes[p++]; const end = uleb() + p;
    if (sub === 1) for (let n = uleb(); n > 0; n--) { const i = uleb(); names.set(i, name()); }
    p = end;
  }
}
const absent = patterns.filter((r) => r.startsWith('!')).map((r) => new RegExp(r.slice(1)));
const present = [...names.values()].filter((fn) => absent.some((r) => r.test(fn)));
if (present.length) throw new Error(`stub-functions: the module has ${present.join(', ')}`);
const wanted = patterns.filter((r) => !r.startsWith('!'));
const regexes = wanted.map((r) => new RegExp(r));
const stubbed = new Set();
const used = regexes.map(() => 0);
for (const [index, fn] of names) {
  regexes.forEach((r, k) => { if (r.test(fn)) { stubbed.add(index - imported); used[k]++; } });
}
const missing = wanted.filter((_, k) => !used[k]);
if (missing.length) throw new Error(`stub-functions: no function matches ${missing.join(', ')}`);

const code = sections.find((s) => s.id === 10);
p = code.start;
const bodies = [];
for (let n = uleb(), i = 0; i < n; i++) {
  const len = uleb();
  // No locals; `unreachable`; `end`.
  bodies.push(stubbed.has(i) ? Buffer.from([0, 0x00, 0x0b]) : bytes.subarray(p, p + len));
  p += len;
}
const payload = Buffer.concat([encode(bodies.length), ...bodies.flatMap((b) => [encode(b.length), b])]);
writeFileSync(output, Buffer.concat([
  bytes.subarray(0, code.head),
  Buffer.from([10]), encode(payload.length), payload,
  bytes.subarray(code.end),
]));
console.log(`stub-functions: ${stubbed.size} function(s) now trap`);
