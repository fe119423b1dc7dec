/**
 * Where the engine's events meet the page: every FromWorker message folds
 * into the store here, and every job's events fold into its run by job id,
 * whatever the run is for (src/app/store.ts, RunPurpose). Pure state
 * transitions and notices; no I/O.
 */
import { formatSize } from '../engine/image/formatSize';
import { framesTrimmedNotice } from '../engine/image/frameLimits';
import { forNewSource } from '../features';
import type { FromWorker } from '../protocol/messages';
import type { ModelSummary } from '../protocol/facts';
import { foldProgress, workClock } from './eta';
import {
  clearFailureNotices,
  isLive,
  notify,
  settledView,
  updateRun,
  useStudio,
  type SourceImage,
  type StudioState,
  type TrainingView,
} from './store';
const emptyTraining = (): TrainingView => ({ losses: [], preview: null, scale: 0, position: null });

const sameSize = (a: SourceImage | null, b: SourceImage) =>
  !!a && a.working.height === b.working.height && a.working.width === b.working.width;

/** Folds one engine message into the store. Pure state transitions; no I/O. */
export function applyEngineMessage(msg: FromWorker): void {
  switch (msg.type) {
    case 'ready':
      useStudio.setState((s) => ({ engine: { ...s.engine, status: 'ready', backend: msg.backend } }));
      return;
    case 'fatal':
      useStudio.setState((s) => ({ engine: { ...s.engine, status: 'failed' } }));
      notify('error', msg.message, { sticky: true });
      return;
    case 'image-loaded': {
      const pending = useStudio.getState().pending.find((p) => p.requestId === msg.requestId);
      if (!pending) return;
      // Only an image the user opened is news; one decoded again for a restarted engine leaves its warning up.
      if (!pending.replay) clearFailureNotices();
      const image: SourceImage = {
        name: msg.name,
        blob: pending.blob,
        original: msg.original,
        working: msg.working,
        downscaled: msg.downscaled,
        ...(msg.animation ? { animation: msg.animation } : {}),
      };
      useStudio.setState((s) => ({
        pending: s.pending.filter((p) => p !== pending),
        ...(msg.slot === 'source'
          ? {
              source: image,
              // Regions and masks are in the old image's pixels: they do not carry over to a new one.
              ...(sameSize(s.source, image) ? {} : forNewSource(s)),
            }
          : { extras: { ...s.extras, [msg.slot]: image } }),
      }));
      if (msg.downscaled && !pending.replay) {
        notify(
          'info',
          `Working at ${formatSize(msg.working.width, msg.working.height)} px, the studio's working size (the ${formatSize(msg.original.width, msg.original.height)} px original is kept: change the working size to use more of it).`,
        );
      }
      const trimmed =
        msg.animation && framesTrimmedNotice(msg.name, msg.animation.frames.length, msg.animation.totalFrames);
      if (trimmed) notify('warning', trimmed);
      if (msg.notice) notify('warning', msg.notice);
      return;
    }
    case 'image-error': {
      const pending = useStudio.getState().pending.find((p) => p.requestId === msg.requestId);
      if (!pending) return;
      useStudio.setState((s) => ({ pending: s.pending.filter((p) => p !== pending) }));
      notify('error', msg.message);
      return;
    }
    case 'progress':
      updateRun(msg.jobId, (r) => ({
        ...r,
        progress: { done: msg.done, total: msg.total, stage: msg.stage },
        eta: foldProgress(r.eta, msg, workClock(r, performance.now())),
        ...(msg.training ? { training: { ...(r.training ?? emptyTraining()), position: msg.training } } : {}),
      }));
      return;
    case 'search-chosen': {
      const { jobId, type: _type, ...search } = msg;
      updateRun(jobId, (r) => ({ ...r, search }));
      return;
    }
    case 'file':
      updateRun(msg.jobId, (r) => ({ ...r, file: { name: msg.name, mime: msg.mime, blob: msg.blob } }));
      return;
    case 'job-paused':
      updateRun(msg.jobId, (r) =>
        msg.paused
          ? { ...r, paused: true, pausedAt: performance.now() }
          : {
              ...r,
              paused: false,
              pausedMs: (r.pausedMs ?? 0) + (performance.now() - (r.pausedAt ?? performance.now())),
            },
      );
      return;
    case 'losses':
      updateRun(msg.jobId, (r) => {
        const t = r.training ?? emptyTraining();
        const others = t.losses.filter((l) => l.scale !== msg.scale);
        const mine = t.losses.find((l) => l.scale === msg.scale)?.points ?? [];
        return {
          ...r,
          training: {
            ...t,
            scale: msg.scale,
            losses: [...others, { scale: msg.scale, points: [...mine, ...msg.points] }].sort(
              (a, b) => a.scale - b.scale,
            ),
          },
        };
      });
      return;
    case 'training-preview': {
      const { jobId, type: _type, ...preview } = msg;
      updateRun(jobId, (r) => ({ ...r, training: { ...(r.training ?? emptyTraining()), preview } }));
      return;
    }
    case 'model-saved':
      useStudio.setState((s) => ({
        models: [msg.model, ...(s.models ?? []).filter((m) => m.id !== msg.model.id)],
        // A model being trained becomes the pick unless one of its kind (still or GIF → GIF) is picked already.
        selectedModelId: sameKindSelected(s, msg.model) ? s.selectedModelId : msg.model.id,
      }));
      return;
    case 'models-result':
      useStudio.setState((s) => ({
        models: msg.models,
        // A deleted model cannot stay selected; the newest one is the natural next choice.
        selectedModelId: msg.models.some((m) => m.id === s.selectedModelId)
          ? s.selectedModelId
          : (msg.models[0]?.id ?? null),
      }));
      if (msg.error) notify('error', msg.error.message);
      return;
    case 'scale':
      updateRun(msg.jobId, (r) => ({
        ...r,
        depth: msg.depth,
        scales: [
          ...r.scales.filter((v) => v.level !== msg.level || v.output !== msg.output),
          { output: msg.output, level: msg.level, label: msg.label, pixels: msg.pixels },
        ],
        viewOutput: r.followLatest ? msg.output : r.viewOutput,
      }));
      return;
    case 'output':
      updateRun(msg.jobId, (r) => ({
        ...r,
        outputs: [
          ...r.outputs.filter((o) => o.output !== msg.output),
          { output: msg.output, label: msg.label, seed: msg.seed, pixels: msg.pixels, warning: msg.warning },
        ].sort((a, b) => a.output - b.output),
      }));
      return;
    case 'metric':
      updateRun(msg.jobId, (r) => ({
        ...r,
        metrics: [
          ...r.metrics,
          { output: msg.output, level: msg.level, name: msg.name, value: msg.value, atMs: msg.atMs },
        ],
      }));
      return;
    case 'job-done':
      clearFailureNotices();
      updateRun(msg.jobId, (r) => ({
        ...r,
        status: 'done',
        elapsedMs: msg.elapsedMs,
        gpuPeakBytes: msg.stats.gpuPeakBytes,
      }));
      return;
    case 'job-cancelled':
      updateRun(msg.jobId, (r) =>
        settledView({ ...r, status: 'cancelled', elapsedMs: performance.now() - r.startedAt }),
      );
      return;
    case 'job-error':
      updateRun(msg.jobId, (r) => settledView({ ...r, status: 'error', error: msg.message }));
      notify('error', msg.message);
      return;
    case 'device-lost':
      notify('warning', `The GPU device was lost (${msg.message}). Reconnecting…`);
      useStudio.setState((s) => ({ engine: { ...s.engine, status: 'restarting' } }));
      return;
    case 'pong':
      return;
  }
}

/** The worker died: whatever it was running is gone, everything the user loaded is still here. */
export function setEngineSilence(seconds: number | null): void {
  useStudio.setState((s) => (s.engine.silentFor === seconds ? s : { engine: { ...s.engine, silentFor: seconds } }));
}

export function markEngineRestarted(detail: string): void {
  useStudio.setState((s) => ({
    engine: { ...s.engine, status: 'restarting', restarts: s.engine.restarts + 1, silentFor: null },
    runs: s.runs.map((r) =>
      isLive(r) ? settledView({ ...r, status: 'error', error: `Engine restarted: ${detail}` }) : r,
    ),
  }));
}

function sameKindSelected(s: StudioState, model: ModelSummary): boolean {
  const picked = s.models?.find((m) => m.id === s.selectedModelId);
  return Boolean(picked) && Boolean(picked!.sequence) === Boolean(model.sequence);
}
