/** URLs of tfjs-wasm's threaded factory and pthread worker script, as same-origin files (scripts/tfjsWasmThreads.ts). */
declare module 'virtual:tfjs-wasm-threads' {
  export const mainScriptUrl: string;
  export const workerScriptUrl: string;
}
