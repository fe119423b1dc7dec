import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

/**
 * tfjs-wasm's threaded build as two same-origin files, for the studio's own
 * start of that build (src/wasm/threadedWasm.ts):
 *
 * - the Emscripten factory, the package's file byte for byte. tfjs itself
 *   hands its pthread workers `factory.toString()` of the *bundled* factory,
 *   whose free variables the minifier has renamed (every pthread worker then
 *   dies with a ReferenceError); this copy is never bundled, so it stays whole.
 * - the pthread worker script, which tfjs ships only as a string and starts
 *   from a blob: URL; as a file it needs no blob: worker under the CSP.
 *
 * `import { mainScriptUrl, workerScriptUrl } from 'virtual:tfjs-wasm-threads'`
 * gives their URLs: hashed assets in a build (so the offline precache takes
 * them like any other), served from memory by the dev server.
 */
export const TFJS_WASM_THREADS_ID = 'virtual:tfjs-wasm-threads';
const RESOLVED_ID = `\0${TFJS_WASM_THREADS_ID}`;
const DEV_PREFIX = '/@tfjs-wasm-threads/';
const MAIN = 'tfjs-backend-wasm-threaded-simd.js';
const WORKER = 'tfjs-backend-wasm-threaded-simd.worker.js';

function readFiles(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  const { wasmWorkerContents } = require(join(dir, WORKER)) as { wasmWorkerContents: string };
  // The same re-escaping tfjs applies before its Blob: the template literal turned the script's "\n" into real newlines inside a string literal.
  return { [MAIN]: readFileSync(join(dir, MAIN), 'utf8'), [WORKER]: wasmWorkerContents.replace(/\n/g, '\\n') };
}

export function tfjsWasmThreads(): Plugin {
  let command: 'build' | 'serve' = 'serve';
  let files: Record<string, string> | null = null;
  const contents = () => (files ??= readFiles());
  return {
    name: 'studio-tfjs-wasm-threads',
    configResolved(config) {
      command = config.command;
    },
    resolveId(id) {
      return id === TFJS_WASM_THREADS_ID ? RESOLVED_ID : null;
    },
    load(id) {
      if (id !== RESOLVED_ID) return null;
      if (command === 'serve')
        return `export const mainScriptUrl = ${JSON.stringify(DEV_PREFIX + MAIN)};\nexport const workerScriptUrl = ${JSON.stringify(DEV_PREFIX + WORKER)};\n`;
      const ref = (name: string) => this.emitFile({ type: 'asset', name, source: contents()[name] });
      return `export const mainScriptUrl = import.meta.ROLLDOWN_FILE_URL_${ref(MAIN)};\nexport const workerScriptUrl = import.meta.ROLLDOWN_FILE_URL_${ref(WORKER)};\n`;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = req.url?.split('?')[0] ?? '';
        if (!path.startsWith(DEV_PREFIX)) return next();
        const body = contents()[path.slice(DEV_PREFIX.length)];
        if (body === undefined) return next();
        // Vite applies server.headers per middleware, not globally: the isolation headers must be on these too.
        for (const [name, value] of Object.entries(server.config.server.headers ?? {}))
          if (value !== undefined) res.setHeader(name, value);
        res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        res.end(body);
      });
    },
  };
}
