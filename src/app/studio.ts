import { COLLAGE_SLOTS, type ImageSlot, type JobOptions, type JobSpec, type ModelAction, type ToWorker } from '../protocol/messages';
import { downloadBlob } from './downloadPng';
import { validatePyramidParams, type PyramidParams } from '../engine/pyramid/pyramidShape';
import type { GpnnParams } from '../engine/gpnn/gpnnParams';
import { quickCheckGpnnTask } from '../engine/gpnn/gpnnTask';
import { validateSinganConfig } from '../engine/singan/singanConfig';
import { isBlank, type MaskLayers } from '../engine/painting/maskLayers';
import { EngineClient } from './engineClient';
import {
  activeRun,
  applyEngineMessage,
  markEngineRestarted,
  notify,
  pixelsOf,
  useStudio,
  type Run,
  type StudioState,
  type TaskId,
} from './store';

/**
 * The page's actions: each one updates the store and sends the engine a typed
 * message. Components call these; they never talk to the worker themselves.
 */
let requestSeq = 0;
let jobSeq = 0;

export const nextJobId = () => ++jobSeq;

/**
 * How long a SinGAN job may hold the worker's thread before it counts as hung:
 * one training step encodes thousands of ops synchronously (seconds on the
 * CPU backend, and on an emulated or busy GPU the encoding is starved of CPU).
 */
const CPU_SINGAN_PATIENCE_MS = 180_000;
const SINGAN_PATIENCE_MS = 60_000;

/** Stored SinGAN models: every action is answered with the updated list (and a file for exports). */
export function requestModels(action: ModelAction): void {
  engine.send({ type: 'models', requestId: ++requestSeq, action });
}

const params = new URLSearchParams(globalThis.location?.search ?? '');

/**
 * The browser tests run on loaded 2-core machines, where a busy worker may
 * miss the 8 s deadline without being hung; they inject their own deadline
 * before the page loads (e2e/support.ts), so no test depends on the speed.
 */
const injectedHeartbeatMs = (globalThis as { __studioHeartbeatTimeoutMs?: number }).__studioHeartbeatTimeoutMs;

export const engine = new EngineClient({
  onMessage: (msg) => {
    applyEngineMessage(msg);
    if ((msg.type === 'job-done' || msg.type === 'job-error' || msg.type === 'job-cancelled') && !activeRun(useStudio.getState())) engine.setPatience(null);
    if (msg.type === 'ready') requestModels({ kind: 'list' });
    if (msg.type === 'models-result' && msg.file) downloadBlob(msg.file.blob, msg.file.name);
  },
  onRestart: (failure, detail) => {
    markEngineRestarted(detail);
    notify(
      'warning',
      failure === 'crashed'
        ? `The engine crashed (${detail}) and was restarted. Your image is kept; run the job again.`
        : `The engine stopped responding (${detail}) and was restarted. Your image is kept; run the job again.`,
    );
    replayInputs();
  },
  preferCpu: params.get('backend') === 'cpu',
  heartbeatTimeoutMs: injectedHeartbeatMs,
});

function sendLoad(slot: ImageSlot, blob: Blob, name: string): void {
  const requestId = ++requestSeq;
  // A newer load for the same slot supersedes an older one still decoding.
  useStudio.setState((s) => ({ pending: [...s.pending.filter((p) => p.slot !== slot), { requestId, slot, name, blob }] }));
  engine.send({ type: 'load-image', requestId, slot, file: blob, name, workingMaxSide: useStudio.getState().workingMaxSide });
}

/** Every image the user has (or is loading), by slot. */
function allInputs(): { slot: ImageSlot; blob: Blob; name: string }[] {
  const { pending, source, extras } = useStudio.getState();
  const bySlot = new Map<ImageSlot, { blob: Blob; name: string }>();
  if (source) bySlot.set('source', source);
  for (const [slot, img] of Object.entries(extras)) if (img) bySlot.set(slot as ImageSlot, img);
  for (const p of pending) bySlot.set(p.slot, p);
  return [...bySlot].map(([slot, v]) => ({ slot, blob: v.blob, name: v.name }));
}

/** A new worker knows nothing: give it every image the user had (or was loading). */
function replayInputs(): void {
  for (const input of allInputs()) sendLoad(input.slot, input.blob, input.name);
}

export function openImage(blob: Blob, name: string, slot: ImageSlot = 'source'): void {
  sendLoad(slot, blob, name);
}

export function removeImage(slot: Exclude<ImageSlot, 'source'>): void {
  useStudio.setState((s) => {
    const extras = { ...s.extras };
    delete extras[slot];
    return { extras, pending: s.pending.filter((p) => p.slot !== slot) };
  });
  engine.send({ type: 'drop-image', slot });
}

export function setWorkingMaxSide(side: number): void {
  useStudio.setState({ workingMaxSide: side });
  replayInputs();
}

export function setPyramidParams(p: Partial<PyramidParams>): void {
  useStudio.setState((s) => ({ pyramid: { ...s.pyramid, ...p } }));
}

export function setGpnnParams(p: Partial<GpnnParams>): void {
  useStudio.setState((s) => ({ gpnn: { ...s.gpnn, ...p } }));
}

export function setSampling(p: Partial<StudioState['sampling']>): void {
  useStudio.setState((s) => ({ sampling: { ...s.sampling, ...p } }));
}

export function setRetarget(p: Partial<StudioState['retarget']>): void {
  useStudio.setState((s) => ({ retarget: { ...s.retarget, ...p } }));
}

export function setGpnnAnimation(p: Partial<StudioState['gpnnAnimation']>): void {
  useStudio.setState((s) => ({ gpnnAnimation: { ...s.gpnnAnimation, ...p } }));
}

export function setTask(task: TaskId): void {
  useStudio.setState({ task });
}

/** Retarget output size in pixels for the current working image. */
export function retargetSize(s: StudioState): { height: number; width: number } | null {
  if (!s.source) return null;
  return {
    height: Math.round(s.source.working.height * s.retarget.heightFactor),
    width: Math.round(s.source.working.width * s.retarget.widthFactor),
  };
}

/** The job the task panel describes right now. */
export function currentJob(s: StudioState = useStudio.getState()): JobSpec {
  switch (s.task) {
    case 'pyramid':
      return { kind: 'pyramid', params: s.pyramid };
    case 'gpnn-sample': {
      const { count, baseSeed } = s.sampling;
      const n = Number.isInteger(count) ? Math.max(0, count) : 0;
      return { kind: 'gpnn', params: s.gpnn, task: { kind: 'sample', seeds: Array.from({ length: n }, (_, i) => baseSeed + i) } };
    }
    case 'gpnn-retarget': {
      const size = retargetSize(s) ?? { height: 0, width: 0 };
      const mask = s.masks.retarget;
      return { kind: 'gpnn', params: s.gpnn, task: { kind: 'retarget', ...size, labels: mask && !isBlank(mask) ? mask.labels : undefined } };
    }
    case 'gpnn-analogy':
      return { kind: 'gpnn', params: s.gpnn, task: { kind: 'analogy' } };
    case 'gpnn-collage':
      return { kind: 'gpnn', params: s.gpnn, task: { kind: 'collage' } };
    case 'gpnn-inpaint': {
      const mask = s.masks.inpaint;
      return { kind: 'gpnn', params: s.gpnn, task: { kind: 'inpaint', labels: mask?.labels ?? new Uint8Array(0), colour: mask?.colour } };
    }
    case 'gpnn-animate':
      return { kind: 'gpnn-animate', params: s.gpnn, animation: s.gpnnAnimation };
    case 'singan-train':
      return { kind: 'singan-train', config: s.singan.config, modelId: newModelId(), name: modelName(s) };
    case 'singan-sample': {
      const { count, baseSeed, heightFactor, widthFactor } = s.singan.sample;
      const n = Number.isInteger(count) ? Math.max(0, count) : 0;
      return { kind: 'singan-sample', modelId: s.selectedModelId ?? '', seeds: Array.from({ length: n }, (_, i) => baseSeed + i), heightFactor, widthFactor };
    }
    case 'singan-superres':
      return { kind: 'singan-superres', modelId: s.selectedModelId ?? '', factor: s.singan.superres.factor };
    case 'singan-inject':
      return { kind: 'singan-inject', modelId: s.selectedModelId ?? '', slot: 'structure', ...s.singan.inject };
    case 'singan-animate': {
      const { beta, startScale, ...animation } = s.singan.animate;
      return { kind: 'singan-animate', modelId: s.selectedModelId ?? '', animation: { ...animation, beta, startScale } };
    }
    case 'gpnn-edit': {
      const { from, to, startLevel } = s.edit;
      return {
        kind: 'gpnn',
        params: s.gpnn,
        task: { kind: 'edit', from: from ?? { y: 0, x: 0, height: 0, width: 0 }, to: to ?? { y: from?.y ?? 0, x: from?.x ?? 0 }, startLevel },
      };
    }
  }
}

export function setMask(which: keyof StudioState['masks'], mask: MaskLayers): void {
  useStudio.setState((s) => ({ masks: { ...s.masks, [which]: mask } }));
}

export function setEdit(p: Partial<StudioState['edit']>): void {
  useStudio.setState((s) => ({ edit: { ...s.edit, ...p } }));
}

const shapeOf = (img: { working: { height: number; width: number } }): [number, number] => [img.working.height, img.working.width];

function newModelId(): string {
  return `m${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
}

function modelName(s: StudioState): string {
  const c = s.singan.config;
  const attention = c.attention === 'none' ? 'plain' : `attention ${c.attention}${c.feedForward ? ' + FF' : ''}`;
  return `${s.source?.name.replace(/\.[a-z0-9]+$/i, '') ?? 'image'} · ${s.singan.preset} · ${attention}`;
}

function animationProblem(a: { frames: number; fps: number }): string | null {
  if (!Number.isInteger(a.frames) || a.frames < 2 || a.frames > 240) return 'An animation needs 2 to 240 frames.';
  if (!(a.fps >= 1 && a.fps <= 50)) return 'Frames per second must be from 1 to 50.';
  return null;
}

function singanUseProblem(job: JobSpec & { modelId: string }, s: StudioState): string | null {
  const model = s.models?.find((m) => m.id === job.modelId);
  if (!model) return 'Train a SinGAN model first, or pick (or import) one under Models.';
  if (model.scalesDone === 0) return 'This model has no finished scale yet.';
  if (job.kind === 'singan-sample') {
    if (job.seeds.length < 1 || job.seeds.length > 64) return 'Make 1 to 64 samples.';
    if (!(job.heightFactor >= 0.5 && job.heightFactor <= 3 && job.widthFactor >= 0.5 && job.widthFactor <= 3)) return 'Size factors must be from 0.5 to 3.';
  }
  if (job.kind === 'singan-inject') {
    if (!s.extras.structure) return 'Load the image to inject (paint, edit or paste-in) in the slot above.';
    if (!Number.isInteger(job.startScale) || job.startScale < 1 || job.startScale >= model.scalesDone)
      return `Inject at a scale from 1 to ${model.scalesDone - 1} (0 is the coarsest; finer scales change less).`;
  }
  if (job.kind === 'singan-animate') {
    if (!Number.isInteger(job.animation.startScale) || job.animation.startScale < 0 || job.animation.startScale >= model.scalesDone)
      return `Start the walk at a scale from 0 to ${model.scalesDone - 1}.`;
    if (!(job.animation.beta >= 0 && job.animation.beta < 1)) return 'Beta must be at least 0 and below 1.';
    return animationProblem(job.animation);
  }
  return null;
}

export function jobProblem(job: JobSpec, s: StudioState = useStudio.getState()): string | null {
  if (job.kind === 'sifid') return job.fakes.length > 0 ? null : 'Choose images to compare.';
  if (job.kind === 'export-animation') return job.frames.length > 0 ? null : 'There are no frames to export.';
  if (job.kind === 'singan-sample' || job.kind === 'singan-superres' || job.kind === 'singan-inject' || job.kind === 'singan-animate')
    return singanUseProblem(job, s);
  if (job.kind === 'singan-train' && job.resume) {
    // The stored model carries its training image: no source needed.
    const model = s.models?.find((m) => m.id === job.modelId);
    if (!model) return 'That model is no longer stored.';
    if (!model.hasImage) return 'This model was imported without its training image, so its training cannot continue.';
    return validateSinganConfig(job.config, { height: model.imageShape[0], width: model.imageShape[1] });
  }
  if (!s.source) return 'Load an image first.';
  if (job.kind === 'pyramid') return validatePyramidParams(job.params);
  if (job.kind === 'singan-train') return validateSinganConfig(job.config, s.source.working);
  if (job.kind === 'gpnn-animate') return animationProblem(job.animation) ?? quickCheckGpnnTask({ kind: 'sample', seeds: [job.animation.seed] }, { source: shapeOf(s.source), collage: [] }, job.params);
  if (job.task.kind === 'edit' && !s.edit.from) return 'Select a region on the image, then drag it where it should go.';
  if (job.task.kind === 'inpaint') {
    const mask = s.masks.inpaint;
    if (!mask || isBlank(mask)) return 'Paint the hole to fill first.';
    if (mask.labels.every((v) => v === 2)) return 'The hole covers the whole image: there is nothing outside it to fill it from.';
  }
  const collage = COLLAGE_SLOTS.flatMap((slot) => (s.extras[slot] ? [shapeOf(s.extras[slot])] : []));
  return quickCheckGpnnTask(
    job.task,
    { source: shapeOf(s.source), structure: s.extras.structure && shapeOf(s.extras.structure), collage },
    job.params,
  );
}

function describeJob(job: JobSpec, sourceName: string, s: StudioState): { title: string; outputs: number } {
  const modelName = (id: string) => s.models?.find((m) => m.id === id)?.name ?? 'model';
  switch (job.kind) {
    case 'sifid':
      return { title: 'SIFID comparison', outputs: job.fakes.length };
    case 'export-animation':
      return { title: 'Export', outputs: 0 };
    case 'gpnn-animate':
      return { title: `GPNN animation of ${sourceName} (${job.animation.frames} frames, ${job.animation.coherence})`, outputs: job.animation.frames };
    case 'singan-train':
      return { title: `SinGAN training: ${job.name}`, outputs: 2 };
    case 'singan-sample':
      return { title: `${job.seeds.length} SinGAN sample${job.seeds.length === 1 ? '' : 's'} · ${modelName(job.modelId)}`, outputs: job.seeds.length };
    case 'singan-superres':
      return { title: `SinGAN super-resolution ×${job.factor} · ${modelName(job.modelId)}`, outputs: 1 };
    case 'singan-inject':
      return { title: `SinGAN injection at scale ${job.startScale} · ${modelName(job.modelId)}`, outputs: 1 };
    case 'singan-animate':
      return { title: `SinGAN animation (${job.animation.frames} frames) · ${modelName(job.modelId)}`, outputs: job.animation.frames };
  }
  if (job.kind === 'pyramid') return { title: `Pyramid of ${sourceName}`, outputs: 1 };
  if (job.task.kind === 'sample') {
    const n = job.task.seeds.length;
    return { title: `${n} GPNN sample${n === 1 ? '' : 's'} of ${sourceName}`, outputs: n };
  }
  if (job.task.kind === 'retarget') return { title: `GPNN retarget of ${sourceName} to ${job.task.width}×${job.task.height}`, outputs: 1 };
  const names = { analogy: 'structural analogy', inpaint: 'inpainting', collage: 'collage', edit: 'edit' } as const;
  return { title: `GPNN ${names[job.task.kind]} of ${sourceName}`, outputs: 1 };
}

export function startJob(job: JobSpec = currentJob(), options?: JobOptions): number | null {
  const s = useStudio.getState();
  const problem = jobProblem(job);
  if (problem) {
    notify('error', problem);
    return null;
  }
  if (activeRun(s)) {
    notify('warning', 'A job is already running; cancel it first.');
    return null;
  }
  const id = ++jobSeq;
  const { title, outputs } = describeJob(job, s.source?.name ?? 'image', s);
  const run: Run = {
    id,
    kind: job.kind,
    title,
    status: 'running',
    scales: [],
    outputs: [],
    metrics: [],
    expectedOutputs: outputs,
    viewOutput: 0,
    followLatest: true,
    depth: null,
    progress: { done: 0, total: 0, stage: 'Starting' },
    startedAt: performance.now(),
    ...(job.kind === 'gpnn-animate' || job.kind === 'singan-animate' ? { animation: { fps: job.animation.fps, loop: job.animation.loop } } : {}),
    ...('modelId' in job ? { modelId: job.modelId } : {}),
  };
  useStudio.setState((st) => ({ runs: [run, ...st.runs].slice(0, 24), selectedRunId: id }));
  if (job.kind.startsWith('singan')) engine.setPatience(s.engine.backend?.kind === 'cpu' ? CPU_SINGAN_PATIENCE_MS : SINGAN_PATIENCE_MS);
  engine.send({ type: 'start-job', jobId: id, job, options });
  return id;
}

export function cancelActiveJob(): void {
  const run = activeRun(useStudio.getState());
  if (!run) return;
  useStudio.setState((st) => ({
    runs: st.runs.map((r) => (r.id === run.id ? { ...r, status: 'cancelling' } : r)),
  }));
  engine.send({ type: 'cancel-job', jobId: run.id });
}

export function selectRun(id: number): void {
  useStudio.setState({ selectedRunId: id });
}

/** Restarts the engine on the CPU (or back on WebGPU); a running job is stopped, the images are kept. */
export function switchBackend(preferCpu: boolean): void {
  markEngineRestarted(preferCpu ? 'switched to the CPU' : 'switched to WebGPU');
  useStudio.setState((s) => ({ engine: { ...s.engine, status: 'starting', backend: null } }));
  engine.restartWith(preferCpu);
  replayInputs();
}

export function injectFault(fault: Extract<ToWorker, { type: 'debug-fault' }>['fault']): void {
  engine.send({ type: 'debug-fault', fault });
}

/** Runs SIFID of the two chosen images against the source, in the worker, without adding a run to the gallery. */
export function compareImages(): void {
  const s = useStudio.getState();
  const a = pixelsOf(s, s.compare.a);
  const b = pixelsOf(s, s.compare.b);
  if (!s.source || !a || !b) {
    notify('error', 'Pick two images to compare (the source or any result).');
    return;
  }
  const jobId = ++jobSeq;
  useStudio.setState((st) => ({ compare: { ...st.compare, jobId, status: 'running', sifid: [null, null] } }));
  engine.send({ type: 'start-job', jobId, job: { kind: 'sifid', real: s.source.working, fakes: [a.pixels, b.pixels] } });
}

export function chooseCompare(side: 'a' | 'b', key: string | null): void {
  useStudio.setState((s) => ({ compare: { ...s.compare, [side]: key, status: 'idle', sifid: [null, null] } }));
}
