/** `sifid REAL FAKE…`: SIFID of each FAKE against REAL, one line each (or JSON), computed by the studio's worker. */
import { resolve } from 'node:path';
import { startHeadlessStudio } from '../lib/headlessStudio';
import { backendOption, fail } from './args';
import { readImage } from './imageIo';
import { log } from './report';

export async function sifidCommand(
  paths: string[],
  values: Record<string, string | boolean | undefined>,
): Promise<void> {
  if (paths.length < 2) fail('sifid needs a real image and at least one fake image');
  const backend = backendOption(values.backend as string | undefined);
  const files = paths.map((p) => readImage(p));
  const studio = await startHeadlessStudio({ backend, log });
  try {
    const result = await studio.sifid(
      files[0].bytes,
      files.slice(1).map((f) => f.bytes),
    );
    const rows = result.metrics
      .sort((a, b) => a.output - b.output)
      .map((m) => ({ fake: resolve(paths[m.output + 1]), sifid: m.value }));
    if (values.json)
      console.log(JSON.stringify({ real: resolve(paths[0]), backend: result.backend, results: rows }, null, 2));
    else for (const r of rows) console.log(`${r.sifid.toFixed(6)}\t${r.fake}`);
  } finally {
    await studio.close();
  }
}
