// A static file server for the test and benchmark scripts: serves one directory on 127.0.0.1
// (a free port), with correct types (wasm as application/wasm) and the headers the caller asks for.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const MIME = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.css': 'text/css',
};

/**
 * Serves `dir` (`/` is `index.html`; nothing outside `dir`). Resolves to the listening server;
 * its URL is `http://127.0.0.1:${server.address().port}/`.
 */
export function serveStatic(dir, headers = {}) {
  const root = path.resolve(dir);
  const server = http.createServer(async (req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/\/$/, '/index.html');
    const file = path.join(root, path.normalize(rel));
    const body = file.startsWith(root) ? await readFile(file).catch(() => null) : null;
    if (!body) { res.writeHead(404).end('not found'); return; }
    // The whole file in one write with its length, as a static file server sends it (not a
    // chunked stream of 64 KiB reads).
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(file)] || 'application/octet-stream', 'Content-Length': body.length, ...headers,
    });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
