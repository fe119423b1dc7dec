import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/**
 * The production build (what `npm run build` deploys) carries no test code:
 * no harness or automation page, no fault injection, no pacing or stall
 * hooks, no window handle for tests. Test builds (--mode test) keep them.
 */
test('the production build has none of the test hooks', () => {
  test.setTimeout(600_000);
  const out = mkdtempSync(join(tmpdir(), 'studio-prod-'));
  try {
    const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', out], {
      encoding: 'utf8',
      timeout: 540_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(existsSync(join(out, 'harness.html'))).toBe(false);
    expect(existsSync(join(out, 'automation.html'))).toBe(false);
    const code = filesUnder(out)
      .filter((f) => /\.(js|html)$/.test(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    // The worker and the page are both in there: the engine's protocol is.
    expect(code).toContain('start-job');
    for (const marker of [
      'debug-fault',
      'Injected engine crash',
      'stallMs',
      'pacingMs',
      '__studio',
      '__harness',
      '__automation',
    ]) {
      expect(code, `${marker} is in the production build`).not.toContain(marker);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
