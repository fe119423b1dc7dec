import { create } from 'zustand';
import { DEFAULT_WORKING_SIDE } from '../engine/image/imageLimits';
import type { Recipe } from '../jobs/recipe';
import type {
  AnimationFrames,
  BackendChoice,
  BackendInfo,
  MetricName,
  SearchChosen,
  SinganLossPoint,
  TrainingPosition,
  TrainingPreview,
} from '../protocol/messages';
import type { ModelSummary } from '../protocol/facts';
import type { AnimationPlayback } from '../jobs/kindInfo';
import { FEATURE_SETTINGS, type FeatureSettings, type JobKind, type JobSpec, type TaskId } from '../features';
import type { ImageSlot, RgbaPixels } from '../protocol/images';
import type { EtaState } from './eta';

export interface SourceImage {
  readonly name: string;
  /** The file as the user gave it: kept so a restarted engine or a new working size can decode it again. */
  readonly blob: Blob;
  readonly original: { readonly height: number; readonly width: number };
  readonly working: RgbaPixels;
  readonly downscaled: boolean;
  /** An animated file's frames (frame 0 is `working`, which every still-image task reads); absent for a still. */
  readonly animation?: AnimationFrames;
}

export interface PendingLoad {
  readonly requestId: number;
  readonly slot: ImageSlot;
  readonly name: string;
  readonly blob: Blob;
  /** The image decoded again for a restarted engine or a new working size, not opened by the user. */
  readonly replay?: boolean;
}

export interface ScaleView {
  readonly output: number;
  readonly level: number;
  readonly label: string;
  readonly pixels: RgbaPixels;
}

export interface OutputView {
  readonly output: number;
  readonly label: string;
  readonly seed: number | null;
  readonly pixels: RgbaPixels;
  readonly warning?: string;
}

export interface MetricPoint {
  readonly output: number;
  readonly level: number | null;
  readonly name: MetricName;
  readonly value: number;
  readonly atMs?: number;
}

/** SinGAN training's live view: loss curves per scale and the latest sample/reconstruction preview. */
export interface TrainingView {
  readonly losses: readonly { readonly scale: number; readonly points: readonly SinganLossPoint[] }[];
  readonly preview: Omit<TrainingPreview, 'jobId'> | null;
  /** The scale whose losses came last. */
  readonly scale: number;
  /** Where the training is, from its latest progress report; null before the first. */
  readonly position: TrainingPosition | null;
}

/** The file an export run made (GIF or PNG zip). */
export interface ExportFile {
  readonly name: string;
  readonly mime: string;
  readonly blob: Blob;
}

export type RunStatus = 'running' | 'cancelling' | 'done' | 'cancelled' | 'error';

/**
 * Why a run exists. Every job the page starts is a run, so every engine event
 * folds into one list by job id: 'result' runs are the gallery's; a 'compare'
 * run is the Compare view's SIFID of its two images (outputs 0 and 1); an
 * 'export' run encodes another run's frames into a file.
 */
export type RunPurpose = 'result' | 'compare' | 'export';

export interface Run {
  readonly id: number;
  readonly purpose: RunPurpose;
  readonly kind: JobKind;
  readonly title: string;
  readonly status: RunStatus;
  /** Scales of every output, in arrival order. */
  readonly scales: readonly ScaleView[];
  /** Finished outputs (samples, retargeted images), by output index. */
  readonly outputs: readonly OutputView[];
  /** SIFID per output and scale, as the engine reports them. */
  readonly metrics: readonly MetricPoint[];
  /** Number of outputs the job will produce. */
  readonly expectedOutputs: number;
  /** The output whose scales the strip shows and the viewer displays. */
  readonly viewOutput: number;
  /** The view follows the output being computed until the user picks one. */
  readonly followLatest: boolean;
  readonly depth: number | null;
  readonly progress: { readonly done: number; readonly total: number; readonly stage: string };
  /** The run's one time-left estimator (eta.ts), fed by every progress report; every panel reads it. */
  readonly eta?: EtaState;
  readonly startedAt: number;
  readonly elapsedMs?: number;
  readonly gpuPeakBytes?: number | null;
  readonly error?: string;
  /** The user paused it (SinGAN training). */
  readonly paused?: boolean;
  /** When it was paused (performance.now()), and the total time spent paused: ETAs leave pauses out. */
  readonly pausedAt?: number;
  readonly pausedMs?: number;
  readonly training?: TrainingView;
  /** Animation runs: their outputs are frames, played at fps (several animations of equal length, one after another, when `samples` says so). */
  readonly animation?: AnimationPlayback;
  /** SinGAN runs: the stored model they train or use. */
  readonly modelId?: string;
  /** GIF → GIF animations: the SinGAN noise walk of the same model run beside it, when the user asked for one. */
  readonly walkRunId?: number;
  /** GPNN runs: the search the engine runs, and why. */
  readonly search?: Omit<SearchChosen, 'jobId'>;
  /** What an exported output's recipe is made of: the job as sent and the images it read (src/jobs/recipe.ts). */
  readonly recipeBase?: RecipeBase;
  /** Export runs: the run whose frames they encode, the format, and the file once made. */
  readonly exportOf?: { readonly runId: number; readonly format: 'gif' | 'png-zip' };
  readonly file?: ExportFile;
}

export interface RecipeBase {
  readonly job: JobSpec;
  readonly sources: readonly { readonly slot: ImageSlot; readonly name: string; readonly blob: Blob }[];
  readonly workingMaxSide: number;
}

/** A dropped file that carries a recipe: offered for restoring (or opening as a plain image). */
export interface RecipeOffer {
  readonly fileName: string;
  readonly blob: Blob;
  readonly recipe?: Recipe;
  /** Why the recipe cannot be used, when it cannot. */
  readonly error?: string;
}

export type NoticeLevel = 'error' | 'warning' | 'info';
export interface Notice {
  readonly id: number;
  readonly level: NoticeLevel;
  readonly text: string;
  /**
   * An error or warning about something that went wrong goes by itself once
   * the next job finishes or image loads: it is stale then. Sticky ones
   * describe a state that outlasts that (the engine failed for good, the
   * disk is full) and go when closed or when their state ends.
   */
  readonly clearsOnSuccess: boolean;
}

export type EngineStatus = 'starting' | 'ready' | 'restarting' | 'failed';

/**
 * The page's state: what the studio itself holds, and every feature's
 * settings (FeatureSettings, from the feature folders' page halves).
 */
export interface StudioState extends FeatureSettings {
  readonly engine: {
    readonly status: EngineStatus;
    readonly backend: BackendInfo | null;
    /** The backend asked for (?backend= or the badge's menu); `backend` is what it gave. */
    readonly choice: BackendChoice;
    readonly restarts: number;
    /** Seconds a running job has kept the engine silent past what its kind expects; null while it answers. */
    readonly silentFor: number | null;
  };
  readonly source: SourceImage | null;
  /** Images beside the source: an analogy's structure, collage images. */
  readonly extras: Partial<Record<Exclude<ImageSlot, 'source'>, SourceImage>>;
  /** Files being decoded, each with the request that will answer for it. */
  readonly pending: readonly PendingLoad[];
  readonly workingMaxSide: number;
  readonly task: TaskId;
  readonly runs: readonly Run[];
  readonly selectedRunId: number | null;
  readonly notices: readonly Notice[];
  /** The Compare view: two images (the source or any output) and their SIFID against the source. */
  readonly compare: CompareState;
  /** Stored SinGAN models (the worker's IndexedDB), newest first; null until the first answer. */
  readonly models: readonly ModelSummary[] | null;
  readonly selectedModelId: string | null;
  /** The id the next training stores its model under; drawn anew when a training starts. */
  readonly nextModelId: string;
  /** The studio is cached for offline use (its service worker is active). */
  readonly offlineReady: boolean;
  /** A newer build is downloaded and waits for a reload. */
  readonly updateReady: boolean;
  /** The saved session's storage: bytes used and allowed (the browser's estimate), persistent or best-effort, and whether the last write found it full. */
  readonly storage: {
    readonly usage: number | null;
    readonly quota: number | null;
    readonly persisted: boolean;
    readonly full: boolean;
  };
  readonly recipeOffer: RecipeOffer | null;
}

/** 'source', or `${runId}:${output}` for an output of a run. */
export type ImageKey = string;

export interface CompareState {
  readonly a: ImageKey | null;
  readonly b: ImageKey | null;
}

export const initialState: StudioState = {
  engine: { status: 'starting', backend: null, choice: 'auto', restarts: 0, silentFor: null },
  source: null,
  extras: {},
  pending: [],
  workingMaxSide: DEFAULT_WORKING_SIDE,
  task: 'gpnn-sample',
  runs: [],
  selectedRunId: null,
  notices: [],
  compare: { a: 'source', b: null },
  ...FEATURE_SETTINGS,
  models: null,
  selectedModelId: null,
  nextModelId: newModelId(),
  offlineReady: false,
  updateReady: false,
  storage: { usage: null, quota: null, persisted: false, full: false },
  recipeOffer: null,
};

/** A fresh id for the next stored model (drawn when a training starts, so a rebuilt job keeps it). */
export function newModelId(): string {
  return `m${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
}

export const useStudio = create<StudioState>()(() => initialState);

let noticeSeq = 0;

/** Shows a banner; returns its id (for dismissNotice). Errors and warnings clear on the next success unless sticky. */
export function notify(level: NoticeLevel, text: string, options?: { readonly sticky?: boolean }): number {
  // The same words again (several images downscaled in a row) would only push other banners out.
  const shown = useStudio.getState().notices.find((n) => n.level === level && n.text === text);
  if (shown) return shown.id;
  const id = ++noticeSeq;
  const clearsOnSuccess = level !== 'info' && !options?.sticky;
  // Keep the list short: a burst of failures should not bury the page.
  useStudio.setState((s) => ({ notices: [...s.notices, { id, level, text, clearsOnSuccess }].slice(-5) }));
  return id;
}

/** A job finished or an image loaded: the failures reported before it are no longer news. */
export function clearFailureNotices(): void {
  useStudio.setState((s) =>
    s.notices.some((n) => n.clearsOnSuccess) ? { notices: s.notices.filter((n) => !n.clearsOnSuccess) } : s,
  );
}

export function dismissNotice(id: number): void {
  useStudio.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

/** The gallery's runs, newest first. */
export function resultRuns(s: Pick<StudioState, 'runs'>): readonly Run[] {
  return s.runs.filter((r) => r.purpose === 'result');
}

/** The result run in progress (one at a time); compare and export runs go beside it. */
export function activeRun(s: StudioState): Run | undefined {
  return s.runs.find((r) => r.purpose === 'result' && isLive(r));
}

/** Whether anything the page started is still running (leaving would stop it). */
export function anyLiveRun(s: Pick<StudioState, 'runs'>): boolean {
  return s.runs.some(isLive);
}

/** The latest Compare run, if the two images have been compared. */
export function compareRun(s: Pick<StudioState, 'runs'>): Run | undefined {
  return s.runs.find((r) => r.purpose === 'compare');
}

/** The export encoding now, if any: one runs at a time. */
export function runningExport(s: Pick<StudioState, 'runs'>): Run | undefined {
  return s.runs.find((r) => r.purpose === 'export' && r.status === 'running');
}

/** The latest export run of a run's frames. */
export function exportRunOf(s: Pick<StudioState, 'runs'>, runId: number): Run | undefined {
  return s.runs.find((r) => r.purpose === 'export' && r.exportOf?.runId === runId);
}

export function selectedRun(s: StudioState): Run | undefined {
  return s.runs.find((r) => r.id === s.selectedRunId);
}

/** Every loaded image by its slot, the source first (the order a restored session loads them in). */
export function imagesBySlot(s: Pick<StudioState, 'source' | 'extras'>): Partial<Record<ImageSlot, SourceImage>> {
  const images: Partial<Record<ImageSlot, SourceImage>> = s.source ? { source: s.source } : {};
  for (const [slot, img] of Object.entries(s.extras)) if (img) images[slot as ImageSlot] = img;
  return images;
}

export function updateRun(id: number, f: (r: Run) => Run): void {
  useStudio.setState((s) => ({ runs: s.runs.map((r) => (r.id === id ? f(r) : r)) }));
}

export const isLive = (r: Run) => r.status === 'running' || r.status === 'cancelling';

/** The user scrubbed to an output: stop following the engine's progress. */
export function viewOutput(runId: number, output: number): void {
  updateRun(runId, (r) => ({
    ...r,
    viewOutput: Math.max(0, Math.min(output, r.expectedOutputs - 1)),
    followLatest: false,
  }));
}

/**
 * The animation an animation run's view shows, when its outputs are several
 * (samples, one after another, each `length` frames): its index, how many
 * there are, and its first output. viewOutput is the output (frame) shown.
 */
export function shownSample(run: Pick<Run, 'animation' | 'expectedOutputs' | 'viewOutput'>): {
  readonly sample: number;
  readonly samples: number;
  readonly first: number;
  readonly length: number;
} {
  const samples = Math.max(1, run.animation?.samples ?? 1);
  const length = Math.max(1, Math.floor(run.expectedOutputs / samples));
  const sample = Math.min(samples - 1, Math.floor(run.viewOutput / length));
  return { sample, samples, first: sample * length, length };
}

/**
 * Where an animation run's view rests once the run stops short (cancelled,
 * failed, its engine restarted, interrupted by a reload): a sample it made no
 * frame of has nothing to play or export, so a view left on one (it followed
 * the sample being made) moves to the first frame of the newest sample with
 * frames. Stills keep their view: a stopped output's last finished scale is
 * an image of its own, which the output viewer shows as such.
 */
export function settledView<
  R extends Pick<Run, 'animation' | 'expectedOutputs' | 'viewOutput'> & {
    readonly outputs: readonly { readonly output: number }[];
  },
>(run: R): R {
  if (!run.animation || run.outputs.length === 0) return run;
  const { first, length } = shownSample(run);
  if (run.outputs.some((o) => o.output >= first && o.output < first + length)) return run;
  const newest = Math.max(...run.outputs.map((o) => o.output));
  return { ...run, viewOutput: newest - (newest % length) };
}

/** The pixels an image key names, if it still exists. */
export function pixelsOf(s: StudioState, key: ImageKey | null): { label: string; pixels: RgbaPixels } | null {
  if (key === null) return null;
  if (key === 'source') return s.source ? { label: `Source · ${s.source.name}`, pixels: s.source.working } : null;
  const [runId, output] = key.split(':').map(Number);
  const run = s.runs.find((r) => r.id === runId);
  const out = run?.outputs.find((o) => o.output === output);
  return run && out ? { label: `${run.title} · ${out.label}`, pixels: out.pixels } : null;
}
