import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import viteConfig from '../../vite.config';

const SRC = path.resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

/**
 * The dev server's first crawl must see every module graph the page starts:
 * a worker it misses has its dependencies bundled on the first load, and the
 * page reloads under its own requests.
 */
describe('dev server dependency crawl', () => {
  it('names every worker the page starts as an entry', () => {
    const config = (
      viteConfig as unknown as (env: { mode: string; command: string }) => { optimizeDeps?: { entries?: string[] } }
    )({
      mode: 'development',
      command: 'serve',
    });
    const entries = config.optimizeDeps?.entries ?? [];
    const workers = sourceFiles(SRC).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/new (?:Shared)?Worker\(\s*new URL\(\s*'([^']+)'/g)].map((m) =>
        path.relative(path.resolve(SRC, '..'), path.resolve(path.dirname(file), m[1])),
      ),
    );
    expect(workers.length).toBeGreaterThan(0);
    expect(entries).toContain('index.html');
    for (const worker of workers) expect(entries).toContain(worker);
  });
});
