/**
 * A small static server for the browser bench: one origin for the built app (`/`), the bench
 * fixture pages (`/bench/`) and generated inventories (`/gen/`), so the app's `?data=` loads
 * them as same-origin files. Every path served is logged, which is how the bench counts the
 * JavaScript a page actually fetched (workers included).
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface BenchServer {
  server: Server;
  /** Paths served since the last `reset()`, with the file each came from. */
  served: { path: string; file: string }[];
  reset(): void;
  close(): Promise<void>;
}

/** `mounts`: URL prefix (ending in "/") -> folder; the longest matching prefix wins. */
export function serve(port: number, mounts: Record<string, string>): Promise<BenchServer> {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const served: { path: string; file: string }[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const prefix = prefixes.find((p) => path.startsWith(p));
    let file = prefix ? join(mounts[prefix]!, normalize(path.slice(prefix.length))) : '';
    try {
      if (file && statSync(file).isDirectory()) file = join(file, 'index.html');
      const size = statSync(file).size;
      served.push({ path, file });
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': size,
        'Cache-Control': 'no-store',
      });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve({
        server,
        served,
        reset: () => void (served.length = 0),
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}
