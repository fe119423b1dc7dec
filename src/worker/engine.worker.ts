/// <reference lib="webworker" />
import { rgbToRgba, type RgbImage } from '../engine/image/rgbImage';
import {
  type BackendChoice,
  PROTOCOL_VERSION,
  transferablesOf,
  type FromWorker,
  type ToWorker,
} from '../protocol/messages';
import { type JobOptions } from '../protocol/jobs';
import { type JobSpec } from '../features';
import { COLLAGE_SLOTS, type ImageSlot } from '../protocol/images';
import { decodeImage, ImageInputError } from './imageDecoder';
import { abortableSleep, DeviceLostError, type JobContext } from './jobContext';
import { JobInputError } from './jobErrors';
import { runRegisteredJob } from './jobRunners';
import { endsOnDeviceLoss, kindOf } from '../jobs/jobKinds';
import { handleModelAction, listModels } from './modelLibrary';
import { importModelFile } from './singanModels';
import { PauseGate } from './pauseGate';
import { startRuntime, type Runtime } from './runtime';
import { forgetStem, setAssetBase } from './sifidService';

/**
 * The engine worker: owns the GPU device, the working image and every running
 * job, and speaks only the protocol in src/protocol/messages.ts.
 */
declare const self: DedicatedWorkerGlobalScope;

const post = (msg: FromWorker) => self.postMessage(msg, transferablesOf(msg));

const pixelsOf = (image: RgbImage) => ({ height: image.height, width: image.width, rgba: rgbToRgba(image) });

let runtime: Promise<Runtime> | null = null;
let backendChoice: BackendChoice = 'auto';
let wasmThreads: number | undefined;
/** The decoded working images by slot; they live here, on the CPU side, and survive a device loss. */
const images = new Map<ImageSlot, RgbImage>();
/** An animated image's frames by slot (frame 0 is the slot's image itself); stills have none. */
const frames = new Map<ImageSlot, readonly RgbImage[]>();
const jobs = new Map<number, { job: JobSpec; controller: AbortController; pause: PauseGate }>();
/**
 * Images still decoding, by slot. A job sent right after a load (a restarted
 * engine is handed the user's images again and the user runs at once) must see
 * the new image, not none or the previous one, so jobs wait for these first.
 */
const loading = new Map<ImageSlot, Promise<void>>();
/** The newest load's request id per slot: an older decode finishing late (or one for a dropped slot) must not win. */
const latestLoad = new Map<ImageSlot, number>();

/** The source image for the jobs that need one; the registry has already refused a job that needs one without it. */
function sourceImage(): RgbImage {
  const source = images.get('source');
  if (!source) throw new JobInputError('no-image', 'Load an image first.');
  return source;
}

function boot(): Promise<Runtime> {
  const started = startRuntime({ choice: backendChoice, wasmThreads, onDeviceLost: handleDeviceLost });
  runtime = started;
  void started.then(
    (rt) => post({ type: 'ready', protocol: PROTOCOL_VERSION, backend: rt.info }),
    (err) => post({ type: 'fatal', message: `The engine failed to start: ${String(err)}` }),
  );
  return started;
}

function handleDeviceLost(message: string): void {
  post({ type: 'device-lost', message });
  forgetStem();
  // A job that never touches the device (VGPNN, on the CPU whatever the backend) runs on undisturbed.
  for (const { job, controller } of jobs.values())
    if (endsOnDeviceLoss(job)) controller.abort(new DeviceLostError(message));
  // A fresh device replaces the lost one; the working image lives on the CPU side and survives.
  void boot();
}

async function runJob(jobId: number, job: JobSpec, options: JobOptions = {}): Promise<void> {
  const controller = new AbortController();
  const pause = new PauseGate(controller.signal, (paused) => post({ type: 'job-paused', jobId, paused }));
  jobs.set(jobId, { job, controller, pause });
  const started = performance.now();
  let rt: Runtime | null = null;
  let stallMs = __TEST_HOOKS__ ? (options.stallMs ?? 0) : 0;
  try {
    rt = await (runtime ?? boot());
    await Promise.all(loading.values());
    rt.gpu?.buffers.resetPeak();
    const ctx: JobContext = {
      runtime: rt,
      get source() {
        return sourceImage();
      },
      get images() {
        return {
          source: sourceImage(),
          structure: images.get('structure'),
          collage: COLLAGE_SLOTS.map((slot) => images.get(slot)).filter((img): img is RgbImage => img !== undefined),
        };
      },
      image: (slot) => images.get(slot),
      frames: (slot) => frames.get(slot),
      signal: controller.signal,
      emitScale: (output, level, depth, image, label, ms) =>
        post({ type: 'scale', jobId, output, level, depth, label, ms, pixels: pixelsOf(image) }),
      emitOutput: (output, image, label, seed, warning) =>
        post({ type: 'output', jobId, output, label, seed, pixels: pixelsOf(image), ...(warning ? { warning } : {}) }),
      emitMetric: (output, level, name, value, atMs) =>
        post({ type: 'metric', jobId, output, level, name, value, atMs }),
      emitProgress: (done, total, stage, more) => post({ type: 'progress', jobId, done, total, stage, ...more }),
      emitSearch: (search) => post({ type: 'search-chosen', jobId, ...search }),
      emitLosses: (scale, points) => post({ type: 'losses', jobId, scale, points }),
      emitPreview: ({ sample, reconstruction, ...rest }) =>
        post({
          type: 'training-preview',
          jobId,
          ...rest,
          sample: pixelsOf(sample),
          reconstruction: pixelsOf(reconstruction),
        }),
      emitFile: (name, mime, blob) => post({ type: 'file', jobId, name, mime, blob }),
      emitModelSaved: (model) => post({ type: 'model-saved', jobId, model }),
      pace: () => {
        if (__TEST_HOOKS__ && stallMs > 0) {
          // Deliberately synchronous: the heartbeat must go unanswered, as on a machine too busy to answer it.
          const until = performance.now() + stallMs;
          stallMs = 0;
          while (performance.now() < until);
        }
        return abortableSleep(__TEST_HOOKS__ ? (options.pacingMs ?? 0) : 0, controller.signal);
      },
      checkpoint: () => pause.wait(),
    };
    const models = kindOf(job).needs(job).model ? await listModels() : null;
    const { tfPeakBytes = null } = await runRegisteredJob(job, ctx, models);
    post({
      type: 'job-done',
      jobId,
      elapsedMs: performance.now() - started,
      stats: { gpuPeakBytes: rt.gpu?.buffers.peakBytes ?? null, tfPeakBytes },
    });
  } catch (err) {
    const reason: unknown = controller.signal.reason;
    if (reason instanceof DeviceLostError) {
      post({
        type: 'job-error',
        jobId,
        code: 'device-lost',
        message: `The GPU device was lost (${reason.message}). The engine reconnected; ${kindOf(job).afterDeviceLoss}.`,
      });
    } else if (controller.signal.aborted) {
      post({ type: 'job-cancelled', jobId });
    } else if (err instanceof JobInputError) {
      post({ type: 'job-error', jobId, code: err.code, message: err.message });
    } else {
      post({ type: 'job-error', jobId, code: 'internal', message: err instanceof Error ? err.message : String(err) });
    }
  } finally {
    jobs.delete(jobId);
  }
}

async function loadImage(msg: Extract<ToWorker, { type: 'load-image' }>): Promise<void> {
  try {
    const decoded = await decodeImage(msg.file, msg.name, msg.workingMaxSide);
    const animation = decoded.animation;
    if (latestLoad.get(msg.slot) === msg.requestId) {
      images.set(msg.slot, decoded.working);
      if (animation)
        frames.set(
          msg.slot,
          animation.frames.map((f) => f.working),
        );
      else frames.delete(msg.slot);
    }
    const pixels = animation?.frames.map((f) => ({ height: f.working.height, width: f.working.width, rgba: f.rgba }));
    post({
      type: 'image-loaded',
      requestId: msg.requestId,
      slot: msg.slot,
      name: msg.name,
      original: decoded.original,
      downscaled: decoded.downscaled,
      // Frame 0 is the working image, one object in the message: its pixels travel once.
      working: pixels?.[0] ?? {
        height: decoded.working.height,
        width: decoded.working.width,
        rgba: decoded.workingRgba,
      },
      ...(animation && pixels
        ? { animation: { frames: pixels, delaysMs: animation.delaysMs, totalFrames: animation.totalFrames } }
        : {}),
      ...(decoded.notice ? { notice: decoded.notice } : {}),
    });
  } catch (err) {
    const code = err instanceof ImageInputError ? err.code : 'internal';
    const message = err instanceof Error ? err.message : String(err);
    post({ type: 'image-error', requestId: msg.requestId, code, message });
  }
}

async function injectFault(fault: 'crash' | 'exit' | 'lose-device'): Promise<void> {
  if (fault === 'crash') {
    setTimeout(() => {
      throw new Error('Injected engine crash');
    });
  } else if (fault === 'exit') {
    self.close();
  } else {
    (await (runtime ?? boot())).simulateDeviceLoss();
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  // Outside the switch so that a production build (__TEST_HOOKS__ false) keeps no trace of it.
  if (__TEST_HOOKS__ && msg.type === 'debug-fault') {
    void injectFault(msg.fault);
    return;
  }
  switch (msg.type) {
    case 'init':
      backendChoice = msg.backend ?? 'auto';
      wasmThreads = msg.wasmThreads;
      if (msg.assetBase) setAssetBase(msg.assetBase);
      void boot();
      break;
    case 'ping':
      post({ type: 'pong', seq: msg.seq });
      break;
    case 'load-image': {
      latestLoad.set(msg.slot, msg.requestId);
      const done = loadImage(msg).finally(() => {
        if (loading.get(msg.slot) === done) loading.delete(msg.slot);
      });
      loading.set(msg.slot, done);
      break;
    }
    case 'drop-image':
      images.delete(msg.slot);
      frames.delete(msg.slot);
      latestLoad.delete(msg.slot);
      break;
    case 'start-job':
      void runJob(msg.jobId, msg.job, msg.options);
      break;
    case 'cancel-job':
      jobs.get(msg.jobId)?.controller.abort();
      break;
    case 'pause-job':
      jobs.get(msg.jobId)?.pause.set(msg.paused);
      break;
    case 'models':
      // Importing parses the file into tensors, so the tfjs backend must be up first.
      void (runtime ?? boot())
        .catch(() => null)
        .then(() => handleModelAction(msg.action, importModelFile))
        .then((result) => post({ type: 'models-result', requestId: msg.requestId, ...result }));
      break;
  }
};
