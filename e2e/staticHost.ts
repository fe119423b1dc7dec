import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

export interface StaticHost {
  readonly server: Server;
  /** Serve this folder from now on, as a redeploy swaps a site. */
  deploy(dir: string): void;
  /** Starts listening on a free port. */
  listen(): Promise<void>;
  close(): Promise<void>;
  /** The site's address (after listen). */
  url(): string;
}

/**
 * A plain static host, as the studio meets one in the wild: files under
 * `base`, a content type and nothing else (no COOP/COEP, no HTTP caching, so
 * what the browser sees comes from the deployment or its service worker).
 */
export function staticHost(dir: string, base = '/'): StaticHost {
  let deployed = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    if (!path.startsWith(base)) return void res.writeHead(404).end();
    const file = resolve(deployed, normalize(path.slice(base.length) || 'index.html'));
    if (!file.startsWith(deployed) || !existsSync(file) || !statSync(file).isFile())
      return void res.writeHead(404).end();
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  return {
    server,
    deploy: (d) => (deployed = resolve(d)),
    listen: () => new Promise<void>((done) => server.listen(0, 'localhost', done)),
    close: () => new Promise<void>((done) => server.close(() => done())),
    url: () => `http://localhost:${(server.address() as AddressInfo).port}${base}`,
  };
}
