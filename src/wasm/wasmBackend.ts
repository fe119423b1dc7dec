import * as tf from '@tensorflow/tfjs-core';
import { BackendWasm, getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { init as initTfjsWasm } from '@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

import { registerWasmKernels } from './registerWasmKernels';
import { startThreadedModule } from './threadedWasm';

/** What the wasm backend runs with, for the badge and the reports. */
export interface WasmFeatures {
  readonly simd: boolean;
  /** Threads XNNPACK uses (the engine worker's own included). */
  readonly threads: number;
  /** Why there is only one, when there is. */
  readonly singleThreadReason?: string;
}

/** The threaded build starts this many pthread workers up front; more would be started mid-computation. */
const PTHREAD_POOL = 8;
/** tfjs's priority for 'wasm', kept so the registry orders backends as before. */
const WASM_PRIORITY = 2;

interface ThreadPlan {
  readonly threads: number;
  readonly reason?: string;
}

/**
 * Threads need memory shared between workers, which browsers grant only to a
 * cross-origin-isolated page (COOP + COEP: the dev and preview servers send
 * them, and the offline copy's service worker adds them on static hosts).
 */
async function planThreads(wanted: number | undefined): Promise<ThreadPlan> {
  if (wanted === 1) return { threads: 1, reason: 'WebAssembly runs on one thread, as asked (?threads=1).' };
  if (!globalThis.crossOriginIsolated) {
    return {
      threads: 1,
      reason:
        'WebAssembly runs on one thread: the page is not cross-origin isolated (no COOP/COEP headers yet), so it cannot share memory with worker threads.',
    };
  }
  const [simd, wasmThreads] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  // tfjs ships threads only in its SIMD build.
  if (!simd || !wasmThreads)
    return { threads: 1, reason: 'WebAssembly runs on one thread: this browser lacks WebAssembly threads or SIMD.' };
  if (wanted) return { threads: Math.min(wanted, PTHREAD_POOL) };
  // One per physical core, as tfjs assumes (two logical cores each): measured on this project's 2-core machines,
  // two threads made SinGAN 2.5-3x slower than one while other work shared the cores.
  const logical = navigator.hardwareConcurrency || 1;
  const threads = Math.min(PTHREAD_POOL, Math.max(1, Math.floor(logical / 2)));
  if (threads === 1) {
    return {
      threads: 1,
      reason: `WebAssembly runs on one thread: one per physical core, and the browser reports ${logical} logical core${logical === 1 ? '' : 's'} (?threads=N asks for more).`,
    };
  }
  return { threads };
}

let registered = false;
let plan: ThreadPlan = { threads: 1 };

/**
 * Starts tfjs's wasm backend (XNNPACK, SIMD where the engine has it) with the
 * studio's own kernels. The binaries are the build's own assets (Vite `?url`),
 * so it works offline and under any sub-path, and nothing is fetched from a CDN.
 *
 * tfjs's own start is replaced: its threaded path starts pthread workers from
 * a blob: script and `factory.toString()`, which a minified bundle breaks
 * (ReferenceError in every pthread worker). Threads are started by
 * `startThreadedModule` from same-origin files instead, when the page is
 * cross-origin isolated; otherwise, or if that start fails, tfjs's own
 * single-threaded start runs as before.
 */
export async function useWasmBackend(wantedThreads?: number): Promise<WasmFeatures> {
  if (typeof WebAssembly !== 'object') throw new Error('This browser has no WebAssembly.');
  if (!registered) {
    plan = await planThreads(wantedThreads);
    setWasmPaths({
      'tfjs-backend-wasm.wasm': plainWasm,
      'tfjs-backend-wasm-simd.wasm': simdWasm,
      'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdWasm,
    });
    // tfjs's init() must never take its own (broken) threaded path.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    tf.removeBackend('wasm');
    tf.registerBackend(
      'wasm',
      async () => {
        if (plan.threads > 1) {
          try {
            setThreadsCount(plan.threads);
            return new BackendWasm(await startThreadedModule(threadedSimdWasm, plan.threads));
          } catch (err) {
            plan = {
              threads: 1,
              reason: `WebAssembly runs on one thread: its threads did not start (${err instanceof Error ? err.message : String(err)}).`,
            };
          }
        }
        setThreadsCount(1);
        return new BackendWasm((await initTfjsWasm()).wasm);
      },
      WASM_PRIORITY,
    );
    registered = true;
  }
  registerWasmKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not start its wasm backend');
  await tf.ready();
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threads = getThreadsCount();
  return { simd, threads, ...(threads === 1 && plan.reason ? { singleThreadReason: plan.reason } : {}) };
}
