/** `sifid REAL FAKE…`: SIFID of each FAKE against REAL, one line each (or JSON), computed by the studio's worker. */
import { resolve } from 'node:path';
import { startHeadlessStudio } from '../../../scripts/lib/headlessStudio';
import { backendOption, fail, type Flags } from '../../../scripts/cli/args';
import type { FeatureCli } from '../../../scripts/cli/command';
import { readImage } from '../../../scripts/cli/imageIo';
import { log } from '../../../scripts/cli/report';

async function sifidCommand(paths: readonly string[], values: Flags): Promise<void> {
  if (paths.length < 2) fail('sifid needs a real image and at least one fake image');
  const backend = backendOption(values.backend);
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

export const cli: FeatureCli = {
  commands: [
    {
      name: 'sifid',
      tasks: [],
      usage: ['  npm run cli -- sifid REAL FAKE [FAKE…] [--json] [--backend auto|webgpu|wasm|cpu]'],
      help: [],
      run: sifidCommand,
    },
  ],
};
