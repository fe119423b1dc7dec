import { spawnSync } from 'node:child_process';

/**
 * Runs `npm run cli -- …` on the suite's build. The CLI's default backend is
 * 'auto', which on these machines' SwiftShader picks WebAssembly; the specs
 * written about WebGPU ask for it, the wasm ones for wasm.
 */
export function cli(args: string[], backend: 'webgpu' | 'wasm' | 'cpu' | 'auto' = 'webgpu') {
  const r = spawnSync('npx', ['tsx', 'scripts/cli/main.ts', ...args, '--backend', backend], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
