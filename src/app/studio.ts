import {
  BACKEND_NAMES,
  backendChoiceOf,
  wasmThreadsOf,
  type BackendChoice,
  type ModelAction,
} from '../protocol/messages';
import { type JobOptions } from '../protocol/jobs';
import { type JobSpec } from '../features';
import { type ImageSlot } from '../protocol/images';
import { downloadBlob } from './downloadPng';
import { jobProblem as registryProblem, kindOf, type JobFacts } from '../jobs/jobKinds';
import { recipeSlots } from '../jobs/recipe';
import { EngineClient } from './engineClient';
import {
  activeRun,
  imagesBySlot,
  newModelId,
  notify,
  pixelsOf,
  useStudio,
  type RecipeBase,
  type Run,
  type RunPurpose,
  type StudioState,
} from './store';
import { applyEngineMessage, markEngineRestarted, setEngineSilence } from './engineEvents';
import { TASKS, type FeatureSettings, type TaskId } from '../features';

/**
 * The page's actions: each one updates the store and sends the engine a typed
 * message. Components call these; they never talk to the worker themselves.
 */
export const nextJobId = () => engine.nextJobId();

/** A job's outcome reaches the store as messages; the promise only must not go unhandled. */
const ignoreOutcome = (done: Promise<unknown>) => void done.catch(() => {});

/** Stored SinGAN models: every action is answered with the updated list (and a file for exports). */
export function requestModels(action: ModelAction): void {
  void engine.request({ type: 'models', action }).reply.catch(() => {});
}

const params = new URLSearchParams(globalThis.location?.search ?? '');

/**
 * The browser tests run on loaded 2-core machines, where a busy worker may
 * miss the 8 s deadline without being hung; they inject their own deadline
 * before the page loads (e2e/support.ts), so no test depends on the speed.
 */
const injectedHeartbeatMs = __TEST_HOOKS__
  ? (globalThis as { __studioHeartbeatTimeoutMs?: number }).__studioHeartbeatTimeoutMs
  : undefined;

const initialChoice = backendChoiceOf(params.get('backend'));

export const engine = new EngineClient({
  onMessage: (msg) => {
    applyEngineMessage(msg);
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
  onSilent: (seconds) => setEngineSilence(seconds),
  backend: initialChoice,
  wasmThreads: wasmThreadsOf(params.get('threads')),
  heartbeatTimeoutMs: injectedHeartbeatMs,
});
useStudio.setState((s) => ({ engine: { ...s.engine, choice: initialChoice } }));

function sendLoad(slot: ImageSlot, blob: Blob, name: string, replay = false): void {
  const { requestId, reply } = engine.request({
    type: 'load-image',
    slot,
    file: blob,
    name,
    workingMaxSide: useStudio.getState().workingMaxSide,
  });
  // A newer load for the same slot supersedes an older one still decoding.
  useStudio.setState((s) => ({
    pending: [
      ...s.pending.filter((p) => p.slot !== slot),
      { requestId, slot, name, blob, ...(replay ? { replay } : {}) },
    ],
  }));
  ignoreOutcome(reply);
}

/** Every image the user has (or is loading), by slot. */
function allInputs(): { slot: ImageSlot; blob: Blob; name: string }[] {
  const s = useStudio.getState();
  const bySlot: Partial<Record<ImageSlot, { blob: Blob; name: string }>> = imagesBySlot(s);
  // A file still decoding is what its slot is about to hold.
  for (const p of s.pending) bySlot[p.slot] = p;
  return Object.entries(bySlot).flatMap(([slot, v]) =>
    v ? [{ slot: slot as ImageSlot, blob: v.blob, name: v.name }] : [],
  );
}

/** A new worker knows nothing: give it every image the user had (or was loading). */
function replayInputs(): void {
  for (const input of allInputs()) sendLoad(input.slot, input.blob, input.name, true);
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

/** Sets part of a feature's settings slice (the store's keys that feature folders declare). */
export function setSettings<K extends keyof FeatureSettings>(key: K, patch: Partial<FeatureSettings[K]>): void {
  useStudio.setState((s) => ({ [key]: { ...s[key], ...patch } }));
}

/** Sets part of one group inside a feature's slice (SinGAN's sample settings, GIF → GIF's generation). */
export function setSettingsGroup<K extends keyof FeatureSettings, G extends keyof FeatureSettings[K]>(
  key: K,
  group: G,
  patch: Partial<FeatureSettings[K][G]>,
): void {
  const slice = (s: StudioState) => s[key] as Record<G, object>;
  // The computed keys lose the slice's type; what is spread back is that slice with one group patched.
  useStudio.setState((s) => ({ [key]: { ...slice(s), [group]: { ...slice(s)[group], ...patch } } }));
}

export function setTask(task: TaskId): void {
  useStudio.setState({ task });
}

/** The job the task panel describes right now: a pure function of the state, so rendering it draws nothing random. */
export function currentJob(s: StudioState = useStudio.getState()): JobSpec {
  return TASKS[s.task].build(s);
}

const shapeOf = (img: { working: { height: number; width: number } }): [number, number] => [
  img.working.height,
  img.working.width,
];

/** What the page knows of the session, in the registry's terms. */
export function jobFacts(s: StudioState): JobFacts {
  const images = Object.fromEntries(
    Object.entries(imagesBySlot(s)).map(([slot, img]) => [slot, shapeOf(img)]),
  ) as Partial<Record<ImageSlot, [number, number]>>;
  const frames: Partial<Record<ImageSlot, number>> = {};
  for (const [slot, img] of Object.entries(imagesBySlot(s))) {
    const count = img?.animation?.frames.length;
    if (count) frames[slot as ImageSlot] = count;
  }
  return { images, models: s.models, frames };
}

/** Why the job cannot run, in the words the worker and the CLI use too; null when it can. */
export function jobProblem(job: JobSpec, s: StudioState = useStudio.getState()): string | null {
  return registryProblem(job, jobFacts(s))?.message ?? null;
}

function recipeBaseOf(job: JobSpec, s: StudioState): RecipeBase {
  const images = imagesBySlot(s);
  const sources = recipeSlots(job).flatMap((slot) => {
    const img = images[slot];
    return img ? [{ slot, name: img.name, blob: img.blob }] : [];
  });
  return { job, sources, workingMaxSide: s.workingMaxSide };
}

function describeJob(job: JobSpec, s: StudioState): { title: string; outputs: number } {
  const info = kindOf(job);
  const names = {
    source: s.source?.name ?? 'image',
    model: (id: string) => s.models?.find((m) => m.id === id)?.name ?? 'model',
  };
  return { title: info.title(job, names), outputs: info.outputs(job) };
}

/** A new run of a job, whatever its purpose: what the reducer folds the job's events into. */
function newRun(id: number, job: JobSpec, s: StudioState, purpose: RunPurpose, extra: Partial<Run> = {}): Run {
  const { title, outputs } = describeJob(job, s);
  return {
    id,
    purpose,
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
    ...(kindOf(job).playback ? { animation: kindOf(job).playback!(job) } : {}),
    ...('modelId' in job ? { modelId: job.modelId } : {}),
    ...(purpose === 'result' && outputs > 0 ? { recipeBase: recipeBaseOf(job, s) } : {}),
    ...extra,
  };
}

/** The gallery keeps its newest results; a compare or an export replaces the one before it. */
const MAX_RESULTS = 24;
function withRun(runs: readonly Run[], run: Run): Run[] {
  const others = run.purpose === 'result' ? runs : runs.filter((r) => r.purpose !== run.purpose);
  let results = run.purpose === 'result' ? 1 : 0;
  return [run, ...others.filter((r) => r.purpose !== 'result' || ++results <= MAX_RESULTS)];
}

/** Starts a compare or export job as a run beside the results; returns its id. */
export function startSideRun(job: JobSpec, purpose: Exclude<RunPurpose, 'result'>, extra: Partial<Run> = {}): number {
  const id = nextJobId();
  const run = newRun(id, job, useStudio.getState(), purpose, extra);
  useStudio.setState((st) => ({ runs: withRun(st.runs, run) }));
  ignoreOutcome(engine.runJob(job, undefined, id).done);
  return id;
}

/** A training or study that stores its models under the page's next id (a study's models are named after its id). */
function drawsNextId(job: JobSpec, next: string): boolean {
  return ('modelId' in job && job.modelId === next) || ('studyId' in job && job.studyId === next);
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
  const id = nextJobId();
  const run = newRun(id, job, s, 'result');
  useStudio.setState((st) => ({
    runs: withRun(st.runs, run),
    selectedRunId: id,
    // The next training stores under a new id; this one now names the model being trained.
    ...(kindOf(job).trains && drawsNextId(job, st.nextModelId) ? { nextModelId: newModelId() } : {}),
  }));
  ignoreOutcome(engine.runJob(job, options, id).done);
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

/** The user answers the "engine has not answered" prompt: keep waiting, or restart it. */
export function waitForEngine(): void {
  engine.waitLonger();
}

export function restartEngine(): void {
  engine.restartNow();
}

/** Restarts the engine on another backend; a running job is stopped, the images are kept. */
export function switchBackend(choice: BackendChoice): void {
  markEngineRestarted(`switched to ${BACKEND_NAMES[choice]}`);
  useStudio.setState((s) => ({ engine: { ...s.engine, status: 'starting', backend: null, choice } }));
  engine.restartWith(choice);
  replayInputs();
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
  startSideRun({ kind: 'sifid', real: s.source.working, fakes: [a.pixels, b.pixels] }, 'compare');
}

export function chooseCompare(side: 'a' | 'b', key: string | null): void {
  // The figures shown were for the pair before: a new pick drops them.
  useStudio.setState((s) => ({
    compare: { ...s.compare, [side]: key },
    runs: s.runs.filter((r) => r.purpose !== 'compare'),
  }));
}
