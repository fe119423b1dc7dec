import { create } from 'zustand';
import { DEFAULT_WORKING_SIDE } from '../engine/image/imageLimits';
import { DEFAULT_PYRAMID, type PyramidParams } from '../engine/pyramid/pyramidShape';
import type { BackendInfo, FromWorker, JobKind, RgbaPixels } from '../protocol/messages';

export interface SourceImage {
  readonly name: string;
  /** The file as the user gave it: kept so a restarted engine or a new working size can decode it again. */
  readonly blob: Blob;
  readonly original: { readonly height: number; readonly width: number };
  readonly working: RgbaPixels;
  readonly downscaled: boolean;
}

export interface ScaleView {
  readonly level: number;
  readonly label: string;
  readonly pixels: RgbaPixels;
}

export type RunStatus = 'running' | 'cancelling' | 'done' | 'cancelled' | 'error';

export interface Run {
  readonly id: number;
  readonly kind: JobKind;
  readonly title: string;
  readonly status: RunStatus;
  /** Scales by level, in arrival order. */
  readonly scales: readonly ScaleView[];
  readonly depth: number | null;
  readonly progress: { readonly done: number; readonly total: number; readonly stage: string };
  readonly startedAt: number;
  readonly elapsedMs?: number;
  readonly error?: string;
}

export type NoticeLevel = 'error' | 'warning' | 'info';
export interface Notice {
  readonly id: number;
  readonly level: NoticeLevel;
  readonly text: string;
}

export type EngineStatus = 'starting' | 'ready' | 'restarting' | 'failed';

export interface StudioState {
  readonly engine: { readonly status: EngineStatus; readonly backend: BackendInfo | null; readonly restarts: number };
  readonly source: SourceImage | null;
  /** The file being decoded, with the request that will answer for it. */
  readonly pending: { readonly requestId: number; readonly name: string; readonly blob: Blob } | null;
  readonly workingMaxSide: number;
  readonly task: JobKind;
  readonly pyramid: PyramidParams;
  readonly runs: readonly Run[];
  readonly selectedRunId: number | null;
  readonly notices: readonly Notice[];
}

export const initialState: StudioState = {
  engine: { status: 'starting', backend: null, restarts: 0 },
  source: null,
  pending: null,
  workingMaxSide: DEFAULT_WORKING_SIDE,
  task: 'pyramid',
  pyramid: DEFAULT_PYRAMID,
  runs: [],
  selectedRunId: null,
  notices: [],
};

export const useStudio = create<StudioState>()(() => initialState);

let noticeSeq = 0;

export function notify(level: NoticeLevel, text: string): void {
  // Keep the list short: a burst of failures should not bury the page.
  useStudio.setState((s) => ({ notices: [...s.notices, { id: ++noticeSeq, level, text }].slice(-5) }));
}

export function dismissNotice(id: number): void {
  useStudio.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

export function activeRun(s: StudioState): Run | undefined {
  return s.runs.find((r) => r.status === 'running' || r.status === 'cancelling');
}

export function selectedRun(s: StudioState): Run | undefined {
  return s.runs.find((r) => r.id === s.selectedRunId);
}

function updateRun(id: number, f: (r: Run) => Run): void {
  useStudio.setState((s) => ({ runs: s.runs.map((r) => (r.id === id ? f(r) : r)) }));
}

const isLive = (r: Run) => r.status === 'running' || r.status === 'cancelling';

/** Folds one engine message into the store. Pure state transitions; no I/O. */
export function applyEngineMessage(msg: FromWorker): void {
  switch (msg.type) {
    case 'ready':
      useStudio.setState((s) => ({ engine: { ...s.engine, status: 'ready', backend: msg.backend } }));
      return;
    case 'fatal':
      useStudio.setState((s) => ({ engine: { ...s.engine, status: 'failed' } }));
      notify('error', msg.message);
      return;
    case 'image-loaded': {
      const pending = useStudio.getState().pending;
      if (!pending || pending.requestId !== msg.requestId) return;
      useStudio.setState({
        pending: null,
        source: {
          name: msg.name,
          blob: pending.blob,
          original: msg.original,
          working: msg.working,
          downscaled: msg.downscaled,
        },
      });
      if (msg.downscaled) {
        notify(
          'info',
          `${msg.original.width}×${msg.original.height} px is large: working at ${msg.working.width}×${msg.working.height} (the original is kept; change the working size to use more of it).`,
        );
      }
      return;
    }
    case 'image-error': {
      const pending = useStudio.getState().pending;
      if (!pending || pending.requestId !== msg.requestId) return;
      useStudio.setState({ pending: null });
      notify('error', msg.message);
      return;
    }
    case 'progress':
      updateRun(msg.jobId, (r) => ({ ...r, progress: { done: msg.done, total: msg.total, stage: msg.stage } }));
      return;
    case 'scale':
      updateRun(msg.jobId, (r) => ({
        ...r,
        depth: msg.depth,
        scales: [...r.scales.filter((v) => v.level !== msg.level), { level: msg.level, label: msg.label, pixels: msg.pixels }],
      }));
      return;
    case 'job-done':
      updateRun(msg.jobId, (r) => ({ ...r, status: 'done', elapsedMs: msg.elapsedMs }));
      return;
    case 'job-cancelled':
      updateRun(msg.jobId, (r) => ({ ...r, status: 'cancelled', elapsedMs: performance.now() - r.startedAt }));
      return;
    case 'job-error':
      updateRun(msg.jobId, (r) => ({ ...r, status: 'error', error: msg.message }));
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
export function markEngineRestarted(detail: string): void {
  useStudio.setState((s) => ({
    engine: { status: 'restarting', backend: s.engine.backend, restarts: s.engine.restarts + 1 },
    runs: s.runs.map((r) => (isLive(r) ? { ...r, status: 'error', error: `Engine restarted: ${detail}` } : r)),
  }));
}
