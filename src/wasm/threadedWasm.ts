import type { BackendWasmModule } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm';
import threadedSimdFactory from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import { mainScriptUrl, workerScriptUrl } from 'virtual:tfjs-wasm-threads';

/** Longer than any healthy start (eight pthread workers instantiating an already compiled module) on a loaded 2-core machine. */
const START_TIMEOUT_MS = 60_000;

/**
 * Starts tfjs-wasm's threaded SIMD module the way tfjs's own `init()` would,
 * except for where the pthread workers get their code: tfjs gives them a
 * blob: worker script and `factory.toString()` of the bundled factory, which
 * the minifier has broken; here both are same-origin files that were never
 * bundled (scripts/tfjsWasmThreads.ts). The factory that runs in the engine
 * worker itself is the bundled one: minifying it is harmless, only its source
 * text was ever the problem.
 */
export async function startThreadedModule(wasmUrl: string, threads: number): Promise<BackendWasmModule> {
  // A pthread worker resolves what it imports against its own URL, not the engine worker's: hand over absolute ones.
  const absolute = (url: string) => new URL(url, self.location.href).href;
  const config = {
    mainScriptUrlOrBlob: absolute(mainScriptUrl),
    locateFile: (path: string, prefix: string) => {
      if (path.endsWith('.worker.js')) return absolute(workerScriptUrl);
      if (path.endsWith('.wasm')) return absolute(wasmUrl);
      return prefix + path;
    },
    // The factory's promise rejects on abort as well; this only keeps Emscripten from also throwing from a callback.
    onAbort: () => {},
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `the threaded module did not start within ${START_TIMEOUT_MS / 1000} s (a pthread worker failed to load?)`,
          ),
        ),
      START_TIMEOUT_MS,
    );
  });
  // tfjs caps XNNPACK's pool at hardwareConcurrency / 2 (it takes logical cores for hyperthread pairs), which is
  // one thread on a 2-core machine. The cap is read once, by the module's static constructors during start-up:
  // for that moment only, the engine worker's navigator reports twice the threads chosen.
  Object.defineProperty(navigator, 'hardwareConcurrency', { configurable: true, get: () => 2 * threads });
  let module: BackendWasmModule;
  try {
    module = await Promise.race([threadedSimdFactory(config), timeout]);
  } catch (err) {
    // Emscripten uses the config object as its Module: its pthread workers can be stopped through it even when start-up hung.
    (config as { PThread?: { terminateAllThreads(): void } }).PThread?.terminateAllThreads();
    throw err;
  } finally {
    clearTimeout(timer);
    // The own property shadowed WorkerNavigator's getter; removing it brings the real count back.
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
  // What tfjs's init() attaches; BackendWasm calls these.
  const cwrap = (module as unknown as { cwrap: (name: string, ret: string | null, args: string[]) => never }).cwrap;
  module.tfjs = {
    init: cwrap('init', null, []),
    initWithThreadsCount: cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: cwrap('get_threads_count', 'number', []),
    registerTensor: cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: cwrap('dispose_data', null, ['number']),
    dispose: cwrap('dispose', null, []),
  };
  return module;
}
