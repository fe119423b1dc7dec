import { EngineClient } from '../app/engineClient';
import type { BackendInfo, FromWorker, ImageSlot, JobOptions, JobSpec, JobStats } from '../protocol/messages';

/**
 * The page the CLI and benchmarks drive in headless Chromium. It talks to the
 * engine worker exactly as the studio does (same worker, same protocol), but
 * returns results to the caller instead of rendering them.
 */
export interface AutomationScale {
  output: number;
  level: number;
  height: number;
  width: number;
  ms: number | null;
}

export interface AutomationOutput {
  output: number;
  label: string;
  seed: number | null;
  height: number;
  width: number;
  /** Base64 of the RGBA pixels (crossing into Node as a string is far cheaper than as an array). */
  rgba: string;
}

export interface AutomationMetric {
  output: number;
  level: number | null;
  name: string;
  value: number;
}

export interface AutomationResult {
  backend: BackendInfo;
  elapsedMs: number;
  stats: JobStats;
  scales: AutomationScale[];
  outputs: AutomationOutput[];
  metrics: AutomationMetric[];
}

type Waiter = { resolve: (m: FromWorker) => void; reject: (e: Error) => void; accept: (m: FromWorker) => boolean };

const waiters = new Set<Waiter>();
let backend: BackendInfo | null = null;
let ready: (b: BackendInfo) => void;
const readyPromise = new Promise<BackendInfo>((r) => (ready = r));
let seq = 0;
const runs = new Map<number, { scales: AutomationScale[]; outputs: AutomationOutput[]; metrics: AutomationMetric[] }>();

function toBase64(bytes: Uint8ClampedArray): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

const client = new EngineClient({
  preferCpu: new URLSearchParams(location.search).get('backend') === 'cpu',
  onMessage(msg) {
    if (msg.type === 'ready') {
      backend = msg.backend;
      ready(msg.backend);
    }
    if (msg.type === 'scale') {
      runs.get(msg.jobId)?.scales.push({ output: msg.output, level: msg.level, height: msg.pixels.height, width: msg.pixels.width, ms: msg.ms ?? null });
    }
    if (msg.type === 'metric') {
      runs.get(msg.jobId)?.metrics.push({ output: msg.output, level: msg.level, name: msg.name, value: msg.value });
    }
    if (msg.type === 'output') {
      const { pixels } = msg;
      runs.get(msg.jobId)?.outputs.push({ output: msg.output, label: msg.label, seed: msg.seed, height: pixels.height, width: pixels.width, rgba: toBase64(pixels.rgba) });
    }
    for (const w of [...waiters]) {
      if (w.accept(msg)) {
        waiters.delete(w);
        w.resolve(msg);
      }
    }
  },
  onRestart(_failure, detail) {
    for (const w of waiters) w.reject(new Error(`The engine restarted: ${detail}`));
    waiters.clear();
  },
});
client.start();

function waitFor(accept: (m: FromWorker) => boolean): Promise<FromWorker> {
  return new Promise((resolve, reject) => waiters.add({ resolve, reject, accept }));
}

(globalThis as unknown as { __automation: unknown }).__automation = {
  ready: () => readyPromise,
  backend: () => backend,

  async load(slot: ImageSlot, base64: string, name: string, workingMaxSide: number) {
    const requestId = ++seq;
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const reply = waitFor((m) => (m.type === 'image-loaded' || m.type === 'image-error') && m.requestId === requestId);
    client.send({ type: 'load-image', requestId, slot, file: new Blob([bytes]), name, workingMaxSide });
    const msg = await reply;
    if (msg.type === 'image-error') throw new Error(msg.message);
    if (msg.type !== 'image-loaded') throw new Error('unexpected reply');
    return { original: msg.original, working: { height: msg.working.height, width: msg.working.width }, rgba: toBase64(msg.working.rgba) };
  },

  /** SIFID of each fake against the real image; files as base64, decoded in the worker. */
  async sifid(realBase64: string, fakesBase64: string[]): Promise<AutomationResult> {
    const blob = (b64: string) => new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))]);
    return (globalThis as any).__automation.run({ kind: 'sifid', real: blob(realBase64), fakes: fakesBase64.map(blob) });
  },

  async run(job: JobSpec, options?: JobOptions): Promise<AutomationResult> {
    const jobId = ++seq;
    runs.set(jobId, { scales: [], outputs: [], metrics: [] });
    const end = waitFor((m) => (m.type === 'job-done' || m.type === 'job-error' || m.type === 'job-cancelled') && m.jobId === jobId);
    client.send({ type: 'start-job', jobId, job, options });
    const msg = await end;
    const collected = runs.get(jobId)!;
    runs.delete(jobId);
    if (msg.type === 'job-error') throw new Error(msg.message);
    if (msg.type !== 'job-done') throw new Error('The job was cancelled.');
    return { backend: backend!, elapsedMs: msg.elapsedMs, stats: msg.stats, ...collected };
  },
};
