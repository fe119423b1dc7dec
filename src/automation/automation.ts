import { EngineClient, type JobDone } from '../app/engineClient';
import { backendChoiceOf, wasmThreadsOf } from '../protocol/messages';
import type { BackendInfo, JobStats, ModelAction, SearchChosen } from '../protocol/messages';
import type { ErrorCode, ModelSummary } from '../protocol/facts';
import type { JobOptions } from '../protocol/jobs';
import type { ExportAnimationJob } from '../features/export';
import type { JobSpec } from '../features';
import type { ImageSlot, RgbaPixels } from '../protocol/images';

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
  /** The worker's warning about this output, if any (a random sample that is the source again). */
  warning?: string;
}

export interface AutomationMetric {
  output: number;
  level: number | null;
  name: string;
  value: number;
}

/** A file the job made (GIF, PNG zip, model); base64 for the same reason as the pixels. */
export interface AutomationFile {
  name: string;
  mime: string;
  base64: string;
}

export interface AutomationResult {
  /** The job's id: hand it to exportFrames to encode this run's outputs. */
  jobId: number;
  backend: BackendInfo;
  elapsedMs: number;
  stats: JobStats;
  scales: AutomationScale[];
  outputs: AutomationOutput[];
  /** Every metric streamed, SIFID per scale and an animation's 'flicker' alike. */
  metrics: AutomationMetric[];
  files: AutomationFile[];
  /** GPNN jobs: the search the engine ran, and why; null for other jobs. */
  search: AutomationSearch | null;
}

export type AutomationSearch = Omit<SearchChosen, 'jobId'>;

/** A 'models' request as it crosses from Node: an imported file comes as base64, not a Blob. */
export type AutomationModelAction =
  | Exclude<ModelAction, { readonly kind: 'import' }>
  | { readonly kind: 'import'; readonly base64: string; readonly name: string };

/** The worker's 'models-result', with an exported file as base64. */
export interface AutomationModelsResult {
  models: ModelSummary[];
  file?: { name: string; base64: string };
  error?: { code: ErrorCode; message: string };
}

/**
 * What a job streams while it runs, handed to `globalThis.__automationEvent`
 * when Node installed one (the CLI prints progress from it); run() still
 * returns everything at the end.
 */
export type AutomationEvent =
  | { type: 'progress'; jobId: number; done: number; total: number; stage: string }
  | {
      type: 'scale';
      jobId: number;
      output: number;
      level: number;
      depth: number;
      label: string;
      height: number;
      width: number;
      ms: number | null;
    }
  | { type: 'metric'; jobId: number; output: number; level: number | null; name: string; value: number }
  | { type: 'model-saved'; jobId: number | null; model: ModelSummary }
  | ({ type: 'search'; jobId: number } & AutomationSearch);

/** What exportFrames needs besides the frames, which stay in the page. */
export type ExportSpec = Omit<ExportAnimationJob, 'kind' | 'frames'>;

let backend: BackendInfo | null = null;
let ready: (b: BackendInfo) => void;
const readyPromise = new Promise<BackendInfo>((r) => (ready = r));
interface Collected {
  scales: AutomationScale[];
  outputs: AutomationOutput[];
  metrics: AutomationMetric[];
  /** Blobs are read asynchronously; the run waits for them before it reports. */
  files: Promise<AutomationFile>[];
  pixels: Map<number, RgbaPixels>;
  search: AutomationSearch | null;
}
const runs = new Map<number, Collected>();
/**
 * Output pixels of recent runs, kept in the page so an export job can encode
 * them without a round trip through Node; a few runs' worth is all a CLI needs.
 */
const keptPixels = new Map<number, Map<number, RgbaPixels>>();
const KEEP_RUNS = 4;

function emit(event: AutomationEvent): void {
  const listener = (globalThis as unknown as { __automationEvent?: (e: AutomationEvent) => unknown }).__automationEvent;
  // Fire and forget: a Playwright binding returns a promise, and the page must not wait on Node.
  if (listener) void Promise.resolve(listener(event)).catch(() => {});
}

const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

function blobToBase64(blob: Blob): Promise<string> {
  return blob.arrayBuffer().then((b) => toBase64(new Uint8ClampedArray(b)));
}

function toBase64(bytes: Uint8ClampedArray): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * Headless runs (CLI, benchmarks) wait on the engine: nobody is there to
 * answer the page's "wait or restart?" question, and a busy machine can hold
 * a CPU-backend step far past a job's expected silence. Only a worker silent
 * for this long during a job is replaced; a crash still reports at once.
 */
export const AUTOMATION_BUSY_LIMIT_MS = 10 * 60_000;
/** An idle worker (no job) has nothing to be busy with: a minute of silence is a hang. */
const AUTOMATION_IDLE_TIMEOUT_MS = 60_000;

const client = new EngineClient({
  backend: backendChoiceOf(new URLSearchParams(location.search).get('backend')),
  wasmThreads: wasmThreadsOf(new URLSearchParams(location.search).get('threads')),
  heartbeatTimeoutMs: AUTOMATION_IDLE_TIMEOUT_MS,
  busyLimitMs: AUTOMATION_BUSY_LIMIT_MS,
  onMessage(msg) {
    if (msg.type === 'ready') {
      backend = msg.backend;
      ready(msg.backend);
    }
    if (msg.type === 'scale') {
      const { jobId, output, level, depth, label } = msg;
      const scale = { output, level, height: msg.pixels.height, width: msg.pixels.width, ms: msg.ms ?? null };
      runs.get(jobId)?.scales.push(scale);
      emit({ type: 'scale', jobId, depth, label, ...scale });
    }
    if (msg.type === 'metric') {
      const metric = { output: msg.output, level: msg.level, name: msg.name, value: msg.value };
      runs.get(msg.jobId)?.metrics.push(metric);
      emit({ type: 'metric', jobId: msg.jobId, ...metric });
    }
    if (msg.type === 'progress')
      emit({ type: 'progress', jobId: msg.jobId, done: msg.done, total: msg.total, stage: msg.stage });
    if (msg.type === 'search-chosen') {
      const { type: _type, jobId, ...search } = msg;
      const run = runs.get(jobId);
      if (run) run.search = search;
      emit({ type: 'search', jobId, ...search });
    }
    if (msg.type === 'model-saved') emit({ type: 'model-saved', jobId: msg.jobId, model: msg.model });
    if (msg.type === 'output') {
      const { pixels } = msg;
      const run = runs.get(msg.jobId);
      run?.outputs.push({
        output: msg.output,
        label: msg.label,
        seed: msg.seed,
        height: pixels.height,
        width: pixels.width,
        rgba: toBase64(pixels.rgba),
        ...(msg.warning ? { warning: msg.warning } : {}),
      });
      run?.pixels.set(msg.output, pixels);
    }
    if (msg.type === 'file') {
      const { name, mime, blob } = msg;
      runs.get(msg.jobId)?.files.push(blobToBase64(blob).then((base64) => ({ name, mime, base64 })));
    }
  },
  // In-flight requests and jobs are rejected by the client itself.
  onRestart() {},
});
client.start();

const automation = {
  ready: () => readyPromise,
  backend: () => backend,

  async load(slot: ImageSlot, base64: string, name: string, workingMaxSide: number) {
    const msg = await client.request({
      type: 'load-image',
      slot,
      file: new Blob([fromBase64(base64)]),
      name,
      workingMaxSide,
    }).reply;
    if (msg.type === 'image-error') throw new Error(msg.message);
    return {
      original: msg.original,
      working: { height: msg.working.height, width: msg.working.width },
      rgba: toBase64(msg.working.rgba),
      frames: msg.animation?.frames.length ?? 1,
      notice: msg.notice,
    };
  },

  /** SIFID of each fake against the real image; files as base64, decoded in the worker. */
  async sifid(realBase64: string, fakesBase64: string[]): Promise<AutomationResult> {
    const blob = (b64: string) => new Blob([fromBase64(b64)]);
    return automation.run({ kind: 'sifid', real: blob(realBase64), fakes: fakesBase64.map(blob) });
  },

  /** Stored SinGAN models: list, delete, export (the file comes back as base64), import (from base64). */
  async models(action: AutomationModelAction): Promise<AutomationModelsResult> {
    const sent: ModelAction =
      action.kind === 'import'
        ? { kind: 'import', file: new Blob([fromBase64(action.base64)]), name: action.name }
        : action;
    const msg = await client.request({ type: 'models', action: sent }).reply;
    const file = msg.file ? { name: msg.file.name, base64: await blobToBase64(msg.file.blob) } : undefined;
    return { models: [...msg.models], file, error: msg.error };
  },

  /** Runs a job; a refusal or failure rejects with the worker's message (and its code, for the CLI's exit status). */
  async run(job: JobSpec, options?: JobOptions): Promise<AutomationResult> {
    const jobId = client.nextJobId();
    runs.set(jobId, { scales: [], outputs: [], metrics: [], files: [], pixels: new Map(), search: null });
    // Filled in by onMessage while the job streams.
    const run = runs.get(jobId)!;
    let msg: JobDone;
    try {
      msg = await client.runJob(job, options, jobId).done;
    } finally {
      runs.delete(jobId);
    }
    const { pixels, files, ...collected } = run;
    if (pixels.size > 0) {
      keptPixels.set(jobId, pixels);
      for (const old of [...keptPixels.keys()].slice(0, -KEEP_RUNS)) keptPixels.delete(old);
    }
    return {
      jobId,
      backend: backend!,
      elapsedMs: msg.elapsedMs,
      stats: msg.stats,
      ...collected,
      files: await Promise.all(files),
    };
  },

  /** Encodes the outputs of an earlier run (in output order) into a GIF or PNG zip with an export-animation job. */
  async exportFrames(fromJobId: number, spec: ExportSpec): Promise<AutomationResult> {
    const kept = keptPixels.get(fromJobId);
    if (!kept)
      throw new Error(`No frames are kept for job ${fromJobId}: only the last ${KEEP_RUNS} runs with outputs are.`);
    // Copies, handed over to the worker: the kept frames stay usable for another export.
    const frames = [...kept.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, p]) => ({ height: p.height, width: p.width, rgba: new Uint8ClampedArray(p.rgba) }));
    const job: ExportAnimationJob = { kind: 'export-animation', frames, ...spec };
    return automation.run(job);
  },
};

export type AutomationApi = typeof automation;
/** The automation page's window, as the CLI and benchmarks see it from page.evaluate. */
export type AutomationWindow = typeof globalThis & { __automation: AutomationApi };
(globalThis as AutomationWindow).__automation = automation;
