import { FEATURE_SETTINGS, restoreOverSource, SOURCE_BOUND_SETTINGS, type FeatureSettings } from '../../features';
import type { ImageSlot } from '../../protocol/images';
import { engine, openImage } from '../studio';
import {
  activeRun,
  dismissNotice,
  imagesBySlot,
  isLive,
  notify,
  resultRuns,
  settledView,
  useStudio,
  type Run,
  type StudioState,
} from '../store';
import {
  clearSession,
  deleteResults,
  isQuotaError,
  loadSession,
  saveInputs,
  saveResult,
  saveSettings,
  type SavedInput,
  type SavedResult,
} from './sessionDb';

/**
 * Keeps the session across reloads and crashes: the loaded images, the task
 * and every parameter, the painted masks and the results gallery are saved
 * as they change and put back when the studio opens. Trained SinGAN models
 * have their own store in the worker (src/worker/modelLibrary.ts).
 */
const SETTINGS_KEYS = [
  'workingMaxSide',
  'task',
  'selectedModelId',
  // Every feature's settings (the feature folders' page halves); the next model id is drawn afresh.
  ...(Object.keys(FEATURE_SETTINGS) as (keyof FeatureSettings)[]),
] as const satisfies readonly (keyof StudioState)[];

type Settings = Pick<StudioState, (typeof SETTINGS_KEYS)[number]>;
/**
 * A finished, cancelled or failed run as saved: its outputs and figures,
 * without the per-scale images (they are only the way there) except, for a
 * run stopped before its first output, the finest scale it reached, so the
 * gallery still shows how far it got. Its id, the number the page shows,
 * is kept. A noise walk made beside a GIF → GIF animation names that
 * animation by its saved key (walkOf): sessions saved before ids were kept
 * repeat them, and the animation was saved before its walk was asked for.
 */
type SavedRun = Omit<Run, 'scales' | 'training' | 'walkRunId'> & {
  readonly scales?: Run['scales'];
  readonly walkOf?: string;
};

const SETTINGS_DELAY_MS = 400;

/** Saved key of each run of this page's life that is in the database. */
const savedKeys = new Map<number, string>();
let stopped = false;
/** The banner saying the disk is full, while it is. */
let fullNotice: number | null = null;

function settingsOf(s: StudioState): Settings {
  return Object.fromEntries(SETTINGS_KEYS.map((k) => [k, s[k]])) as unknown as Settings;
}

const runBytes = (r: Run) => r.outputs.reduce((n, o) => n + o.pixels.rgba.byteLength, 0);

/**
 * Puts the saved session back. Returns whether a source image was restored
 * (then the studio does not open its example). A session that cannot be read
 * is reported and left alone: it is never deleted on the user's behalf.
 */
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

/**
 * Saved settings over the current build's defaults, object by object: a
 * setting added since the session was saved (GIF → GIF's motion range, say)
 * keeps its default instead of coming back undefined.
 */
export function overDefaults<T>(defaults: T, saved: unknown): T {
  if (!isPlainObject(defaults) || !isPlainObject(saved)) return (saved === undefined ? defaults : saved) as T;
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(saved)) out[k] = k in defaults ? overDefaults(defaults[k], v) : v;
  return out as T;
}

export async function restoreSession(): Promise<boolean> {
  let saved;
  try {
    saved = await loadSession<Settings, SavedRun>();
  } catch (err) {
    notify(
      'warning',
      `The saved session could not be read (${err instanceof Error ? err.message : String(err)}); starting afresh.`,
    );
    return false;
  }
  const { settings, inputs, results } = saved;
  if (settings) {
    const sourceBound = (saved: object): Partial<FeatureSettings> =>
      Object.fromEntries(Object.entries(saved).filter(([k]) => SOURCE_BOUND_SETTINGS.has(k as keyof FeatureSettings)));
    const held = sourceBound(settings);
    const rest = Object.fromEntries(Object.entries(settings).filter(([k]) => !(k in held)));
    useStudio.setState((s) => overDefaults(settingsOf(s), rest));
    // Masks and a selected region are in the source's pixels: they come back once that image has been decoded again, if they fit it.
    if (Object.keys(held).length > 0) {
      const unsubscribe = useStudio.subscribe((s) => {
        if (!s.source) return;
        unsubscribe();
        const fitting = restoreOverSource(held, s.source.working);
        useStudio.setState((st) => overDefaults(sourceBound(settingsOf(st)), fitting));
      });
    }
  }
  if (results.length > 0) {
    // Newest first, as the gallery shows them; keys are the database's.
    const newest = [...results].reverse();
    const kept = restoredIds(
      results.map(({ key, run }) => ({ key, id: run.id })),
      useStudio.getState().runs.map((r) => r.id),
    );
    // Runs started from now on are numbered after every restored one.
    engine.reserveJobIds(Math.max(0, ...[...kept.values()].filter((id) => id !== null)));
    const ids = new Map([...kept].map(([key, id]) => [key, id ?? engine.nextJobId()]));
    const walkBeside = new Map(
      newest.flatMap(({ key, run }) => (run.walkOf ? [[run.walkOf, ids.get(key)!] as const] : [])),
    );
    const runs = newest.map(({ key, run: { walkOf: _walkOf, ...run } }) => {
      const id = ids.get(key)!;
      savedKeys.set(id, key);
      // Saves from before runs had a purpose hold results only.
      // A run interrupted by the reload was saved with its view where it was, perhaps on a sample not made.
      return settledView({
        ...run,
        purpose: 'result' as const,
        id,
        scales: run.scales ?? [],
        walkRunId: walkBeside.get(key),
      });
    });
    useStudio.setState({ runs, selectedRunId: runs[0].id });
  }
  for (const input of inputs) openImage(input.blob, input.name, input.slot);
  return inputs.some((i) => i.slot === 'source');
}

/** Saves every change from now on. */
export function startSessionPersistence(): void {
  let settingsTimer: ReturnType<typeof setTimeout> | null = null;
  useStudio.subscribe((s, prev) => {
    if (stopped) return;
    if (SETTINGS_KEYS.some((k) => s[k] !== prev[k])) {
      if (settingsTimer) clearTimeout(settingsTimer);
      settingsTimer = setTimeout(() => void guard(saveSettings(settingsOf(useStudio.getState()))), SETTINGS_DELAY_MS);
    }
    if (s.source !== prev.source || s.extras !== prev.extras) void guard(saveInputs(inputsOf(s)));
    if (s.runs !== prev.runs) void syncResults(resultRuns(s));
  });
  void requestPersistence();
  void refreshUsage();
}

function inputsOf(s: StudioState): SavedInput[] {
  return Object.entries(imagesBySlot(s)).flatMap(([slot, img]) =>
    img ? [{ slot: slot as ImageSlot, name: img.name, blob: img.blob }] : [],
  );
}

/**
 * What a run still running when the page went away is saved as: cancelled,
 * with the outputs it had finished, so a reload or a closed tab loses
 * nothing that was made.
 */
export const INTERRUPTED =
  'Interrupted by a reload or a closed page; its finished outputs are kept. Run it again for the rest.';

/** Outputs saved so far of each live run (saved again, under the same key, as outputs arrive and when it ends). */
const liveSaved = new Map<number, number>();

/** Saves finished runs not saved yet and the finished outputs of live ones, forgets runs the gallery has dropped. */
async function syncResults(runs: readonly Run[]): Promise<void> {
  const present = new Set(runs.map((r) => r.id));
  const dropped = [...savedKeys].filter(([id]) => !present.has(id));
  for (const [id] of dropped) {
    savedKeys.delete(id);
    liveSaved.delete(id);
  }
  await guard(deleteResults(dropped.map(([, key]) => key)));
  for (const run of runs) {
    const live = isLive(run);
    if (
      live
        ? !savesWhileLive(run, liveSaved.get(run.id))
        : !isSaveable(run) || (savedKeys.has(run.id) && !liveSaved.has(run.id))
    )
      continue;
    const { scales, training: _training, walkRunId: _walkRunId, ...rest } = run;
    const kept: SavedRun = live
      ? { ...rest, status: 'cancelled', error: INTERRUPTED }
      : run.outputs.length === 0
        ? { ...rest, scales: finestScale(scales) }
        : rest;
    const key =
      savedKeys.get(run.id) ?? `${Date.now().toString(36)}-${run.id}-${Math.floor(Math.random() * 1e6).toString(36)}`;
    const walkOf = walkOfKey(runs, run.id);
    const result: SavedResult<SavedRun> = {
      key,
      savedAt: Date.now(),
      run: walkOf ? { ...kept, walkOf } : kept,
      bytes: runBytes(run),
    };
    // Marked first, so the next store change does not save it twice while this write runs.
    const wasNew = !savedKeys.has(run.id);
    savedKeys.set(run.id, key);
    if (live) liveSaved.set(run.id, run.outputs.length);
    else liveSaved.delete(run.id);
    if (!(await guard(saveResult(result), true)) && wasNew) {
      savedKeys.delete(run.id);
      liveSaved.delete(run.id);
    }
  }
  void refreshUsage();
}

/** A live result run is saved once it has a finished output, and again at each new one. */
export function savesWhileLive(run: Pick<Run, 'outputs'>, savedOutputs: number | undefined): boolean {
  return run.outputs.length > 0 && run.outputs.length !== savedOutputs;
}

/**
 * Runs the gallery keeps across a reload: finished ones with outputs (a
 * pyramid or a training leaves none; its model is stored apart), and every
 * cancelled or failed one, with whatever it had made.
 */
export function isSaveable(run: Pick<Run, 'status' | 'outputs'>): boolean {
  if (run.status === 'done') return run.outputs.length > 0;
  return run.status === 'cancelled' || run.status === 'error';
}

/** The finest scale reached, for the thumbnail of a run stopped before its first output. */
function finestScale(scales: Run['scales']): Run['scales'] {
  const finest = scales.reduce<Run['scales'][number] | null>(
    (best, s) => (!best || s.level < best.level ? s : best),
    null,
  );
  return finest ? [finest] : [];
}

/**
 * The ids restored runs keep, by saved key, given oldest first: each its own
 * saved id, so run 3 is still run 3 after a reload; null where that id is taken
 * (sessions saved before ids were kept numbered every page life from 1, and
 * a run of this page may hold it), for the caller to number afresh.
 */
export function restoredIds(
  saved: readonly { readonly key: string; readonly id: unknown }[],
  taken: readonly number[],
): Map<string, number | null> {
  const used = new Set(taken);
  const ids = new Map<string, number | null>();
  for (const { key, id } of saved) {
    const ok = typeof id === 'number' && Number.isInteger(id) && id > 0 && !used.has(id);
    ids.set(key, ok ? id : null);
    if (ok) used.add(id);
  }
  return ids;
}

/** The saved key of the animation this run is the noise walk beside, if any. */
function walkOfKey(runs: readonly Run[], id: number): string | undefined {
  const animation = runs.find((r) => r.walkRunId === id);
  return animation && savedKeys.get(animation.id);
}

/**
 * Runs a write; a full disk is reported once, with a way out, any other
 * failure as a warning. Resolves to whether it was written. Only a saved
 * result ends a full-disk episode: small writes (settings) may still fit.
 */
async function guard(write: Promise<void>, isResult = false): Promise<boolean> {
  try {
    await write;
    if (isResult && useStudio.getState().storage.full) {
      useStudio.setState((s) => ({ storage: { ...s.storage, full: false } }));
      if (fullNotice !== null) dismissNotice(fullNotice);
      fullNotice = null;
    }
    return true;
  } catch (err) {
    if (isQuotaError(err)) {
      if (!useStudio.getState().storage.full) {
        // Sticky: a job that finishes does not make room; it goes once a result is saved again.
        fullNotice = notify(
          'error',
          'This browser has no more room for the session: the newest result is not saved. Delete the oldest results (Session panel) to make room.',
          {
            sticky: true,
          },
        );
      }
      useStudio.setState((s) => ({ storage: { ...s.storage, full: true } }));
    } else {
      console.warn('Saving the session failed:', err);
      notify('warning', `The session could not be saved (${err instanceof Error ? err.message : String(err)}).`);
    }
    return false;
  }
}

async function requestPersistence(): Promise<void> {
  const persisted = (await navigator.storage?.persist?.().catch(() => false)) ?? false;
  useStudio.setState((s) => ({ storage: { ...s.storage, persisted } }));
}

async function refreshUsage(): Promise<void> {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  if (estimate)
    useStudio.setState((s) => ({
      storage: { ...s.storage, usage: estimate.usage ?? null, quota: estimate.quota ?? null },
    }));
}

/** Drops the oldest half of the gallery (at least one result), from the page and from storage, then saves what waits. */
export async function deleteOldestResults(): Promise<void> {
  const runs = resultRuns(useStudio.getState()).filter((r) => r.status !== 'running' && r.status !== 'cancelling');
  const oldest = runs.slice(Math.ceil(runs.length / 2)).map((r) => r.id);
  if (oldest.length === 0) return;
  const drop = new Set(oldest);
  useStudio.setState((s) => ({
    runs: s.runs.filter((r) => !drop.has(r.id)),
    selectedRunId: s.selectedRunId !== null && drop.has(s.selectedRunId) ? null : s.selectedRunId,
  }));
  notify('info', `Deleted the ${oldest.length} oldest result${oldest.length === 1 ? '' : 's'}.`);
}

/** Empties the saved session and starts the studio afresh (trained models stay, under Models). */
export async function clearSavedSession(): Promise<void> {
  if (activeRun(useStudio.getState())) {
    notify('warning', 'A job is running; cancel it before clearing the session.');
    return;
  }
  stopped = true;
  await clearSession();
  location.reload();
}
