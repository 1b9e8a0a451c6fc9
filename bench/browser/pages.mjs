// The benchmark's pages: the same harness after each SDK's entry (or after none: the empty
// page), each SDK with and without the preload tags an app puts in its head.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { serveStatic } from '../../scripts/static-server.mjs';

/** The repository's root (the tools' output goes under its `target/`). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** This folder: the entries, the harness and the probe the pages are made of. */
const HERE = path.join(ROOT, 'bench', 'browser');

/**
 * The preload recipe, as an app writes it in its page's head (paths relative to the page): this
 * SDK's entry as a module preload (the package README's default: where the session the last
 * page handed over answers, the module is not waited for); for the JS SDK, its bundle.
 */
export const PRELOAD_TAGS = {
  ours: ['<link rel="modulepreload" href="./pkg/ours.js">'],
  cloudbase: ['<link rel="modulepreload" href="./cloudbase.js">'],
  empty: [],
};

/**
 * The package README's tags for a page that first-time visitors land on, where nothing was
 * handed over and the module answers the first getSession(): the glue as a module preload
 * too, and the `.wasm` as a CORS fetch preload, which is the request the entry's `fetch`
 * makes, so the browser hands the preloaded response to it. Written as
 * `ours-preload-module.html` (bench/browser/preload.mjs).
 */
export const MODULE_PRELOAD_TAGS = [
  ...PRELOAD_TAGS.ours,
  '<link rel="modulepreload" href="./pkg/cloudbase_auth_wasm.js">',
  '<link rel="preload" href="./pkg/cloudbase_auth_wasm_bg.wasm" as="fetch" type="application/wasm" crossorigin>',
];

/** The files each SDK's page downloads besides the page and the harness. */
export const FILES = {
  ours: ['pkg/cloudbase_auth_wasm_bg.wasm', 'pkg/cloudbase_auth_wasm.js', 'pkg/index.js'],
  cloudbase: ['cloudbase.js'],
};

/** The pages, by name: `<sdk>` and `<sdk>-preload`, and `empty`. */
export const PAGES = ['ours', 'ours-preload', 'cloudbase', 'cloudbase-preload', 'empty'];

/** Where each page's SDK entry is: both are bundles (see writePages). */
const ENTRIES = { ours: './pkg/ours.js', cloudbase: './cloudbase.js', empty: './empty.js' };

function page(sdk, tags, probe) {
  return `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script>${probe}</script>
${tags.map((t) => `${t}\n`).join('')}<script type="module">import '${ENTRIES[sdk]}'; import './harness.js';</script>\n`;
}

/**
 * Writes the pages and what they load into `www` (emptied first); this SDK's package from
 * `pkg` (the tree's `pkg/` unless given: `ab.mjs` passes an earlier build).
 */
export async function writePages(www, pkg = path.join(ROOT, 'pkg')) {
  rmSync(www, { recursive: true, force: true });
  mkdirSync(www, { recursive: true });
  cpSync(pkg, path.join(www, 'pkg'), { recursive: true });
  cpSync(path.join(HERE, 'empty-entry.js'), path.join(www, 'empty.js'));
  cpSync(path.join(HERE, 'harness.js'), path.join(www, 'harness.js'));
  // Each SDK as a web app's bundler ships it: the app's entry and the SDK's JS in one minified
  // ESM file. This SDK's bundle sits next to the package's glue and `.wasm` (its dynamic
  // import of the glue and its URL of the `.wasm` are relative to it).
  const fromPkg = {
    name: 'pkg',
    setup(b) { b.onResolve({ filter: /\/pkg\/index\.js$/ }, () => ({ path: path.join(path.resolve(pkg), 'index.js') })); },
  };
  const bundle = (entry, outfile, external = [], plugins = []) => build({
    entryPoints: [path.join(HERE, entry)], bundle: true, minify: true, format: 'esm', platform: 'browser',
    outfile, external, logLevel: 'error', absWorkingDir: ROOT, plugins,
  });
  await bundle('ours-entry.js', path.join(www, 'pkg', 'ours.js'), ['./cloudbase_auth_wasm.js'], [fromPkg]);
  await bundle('cloudbase-entry.js', path.join(www, 'cloudbase.js'));
  const probe = readFileSync(path.join(HERE, 'probe.js'), 'utf8');
  for (const sdk of ['ours', 'cloudbase', 'empty']) {
    writeFileSync(path.join(www, `${sdk}.html`), page(sdk, [], probe));
    if (PRELOAD_TAGS[sdk].length) writeFileSync(path.join(www, `${sdk}-preload.html`), page(sdk, PRELOAD_TAGS[sdk], probe));
  }
  writeFileSync(path.join(www, 'ours-preload-module.html'), page('ours', MODULE_PRELOAD_TAGS, probe));
}

/**
 * Writes the pages into `www` (`writePages`, this SDK's package from `pkg`) and serves them
 * from 127.0.0.1: files cacheable for an hour, pages cross-origin isolated (so that
 * `performance.now()` resolves to 5 µs). Resolves to `{ server, origin }`.
 */
export async function servePages(www, pkg) {
  await writePages(www, pkg);
  const server = await serveStatic(www, {
    'Cache-Control': 'max-age=3600',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  });
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/** Bytes of `files` under `www`: gzip -9 (Node's zlib) and raw. */
export function sizes(www, files) {
  const read = files.map((f) => readFileSync(path.join(www, f)));
  return {
    gzip: read.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0),
    raw: read.reduce((n, b) => n + b.length, 0),
  };
}
