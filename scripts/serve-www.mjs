#!/usr/bin/env node
// A tiny static file server for the demo, with no dependencies.
//   node scripts/serve-www.mjs [port]     (default 8080)
// Serves www/ at /, pkg/ at /pkg/, and /config.js, which tells the page where the emulator is
// (env EMULATOR_URL, default http://127.0.0.1:8787). Binds 127.0.0.1 only. Nothing is cached,
// so a rebuilt pkg/ shows up on the next reload.
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WWW = path.join(ROOT, 'www');
const PKG = path.join(ROOT, 'pkg');
const HOST = '127.0.0.1';
const EMULATOR_URL = process.env.EMULATOR_URL || 'http://127.0.0.1:8787';

const portArg = process.argv[2] ?? '8080';
const PORT = Number(portArg);
if (!/^\d+$/.test(portArg) || PORT < 1 || PORT > 65535) {
  console.error(`usage: node scripts/serve-www.mjs <port>   (got ${JSON.stringify(portArg)})`);
  process.exit(2);
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

const CONFIG_JS = `window.EMULATOR_URL = ${JSON.stringify(EMULATOR_URL)};\n`;

function send(res, status, body, type = 'text/plain; charset=utf-8', head = false) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(head ? undefined : body);
}

// Maps a URL path to [root directory, relative path], or null if it is outside www/ and pkg/.
function route(urlPath) {
  if (urlPath === '/pkg') return null;
  if (urlPath.startsWith('/pkg/')) return [PKG, urlPath.slice('/pkg/'.length)];
  return [WWW, urlPath.slice(1)];
}

// Resolves a file under `root`, refusing anything that escapes it (.., symlinks, NUL bytes).
async function resolveFile(root, rel) {
  if (rel.includes('\0') || rel.split('/').some((seg) => seg === '..')) return null;
  let realRoot;
  try {
    realRoot = await realpath(root);
  } catch {
    return null;
  }
  let file = path.resolve(realRoot, rel);
  if (file !== realRoot && !file.startsWith(realRoot + path.sep)) return null;
  try {
    file = await realpath(file);
    if (file !== realRoot && !file.startsWith(realRoot + path.sep)) return null;
    let st = await stat(file);
    if (st.isDirectory()) {
      file = path.join(file, 'index.html');
      st = await stat(file);
    }
    return st.isFile() ? { file, size: st.size } : null;
  } catch {
    return null;
  }
}

const server = http.createServer(async (req, res) => {
  const head = req.method === 'HEAD';
  try {
    if (req.method !== 'GET' && !head) {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'method not allowed\n', undefined, head);
    }
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(res, 400, 'bad request\n', undefined, head);
    }
    if (urlPath === '/config.js') return send(res, 200, CONFIG_JS, MIME['.js'], head);
    const target = route(urlPath.replace(/\\/g, '/'));
    const found = target && (await resolveFile(...target));
    if (!found) return send(res, 404, 'not found\n', undefined, head);
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(found.file).toLowerCase()] || 'application/octet-stream',
      'Content-Length': found.size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    if (head) return res.end();
    const stream = createReadStream(found.file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  } catch (e) {
    console.error(`error serving ${req.url}:`, e);
    if (!res.headersSent) send(res, 500, 'internal error\n', undefined, head);
    else res.destroy();
  }
});

server.on('error', (e) => {
  const why = e.code === 'EADDRINUSE' ? `port ${PORT} is already in use` : e.message;
  console.error(`serve-www: cannot listen on http://${HOST}:${PORT}/: ${why}`);
  process.exit(1);
});

server.listen(PORT, HOST, () => {
  console.log(`serving http://${HOST}:${PORT}/`);
});

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  });
}
