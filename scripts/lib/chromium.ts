/**
 * How this project starts Debian's Chromium headless with WebGPU (SwiftShader
 * on GPU-less machines): shared by the Playwright tests, the CLI and the
 * benchmarks. The networking flags keep Chromium from dialling out on a
 * machine with no network beyond the package registries.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];
