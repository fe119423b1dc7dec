import type { JobOptions, JobSpec, ToWorker } from '../protocol/messages';
import { validatePyramidParams, type PyramidParams } from '../engine/pyramid/pyramidShape';
import { EngineClient } from './engineClient';
import { activeRun, applyEngineMessage, markEngineRestarted, notify, useStudio, type Run } from './store';

/**
 * The page's actions: each one updates the store and sends the engine a typed
 * message. Components call these; they never talk to the worker themselves.
 */
let requestSeq = 0;
let jobSeq = 0;

const params = new URLSearchParams(globalThis.location?.search ?? '');

export const engine = new EngineClient({
  onMessage: applyEngineMessage,
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
});

function sendLoad(blob: Blob, name: string): void {
  const requestId = ++requestSeq;
  useStudio.setState({ pending: { requestId, name, blob } });
  engine.send({ type: 'load-image', requestId, file: blob, name, workingMaxSide: useStudio.getState().workingMaxSide });
}

/** A new worker knows nothing: give it the image the user had (or was loading). */
function replayInputs(): void {
  const { pending, source } = useStudio.getState();
  const input = pending ?? source;
  if (input) sendLoad(input.blob, input.name);
}

export function openImage(blob: Blob, name: string): void {
  sendLoad(blob, name);
}

export function setWorkingMaxSide(side: number): void {
  useStudio.setState({ workingMaxSide: side });
  const { source } = useStudio.getState();
  if (source) sendLoad(source.blob, source.name);
}

export function setPyramidParams(p: Partial<PyramidParams>): void {
  useStudio.setState((s) => ({ pyramid: { ...s.pyramid, ...p } }));
}

export function currentJob(): JobSpec {
  const s = useStudio.getState();
  return { kind: 'pyramid', params: s.pyramid };
}

export function jobProblem(job: JobSpec): string | null {
  const s = useStudio.getState();
  if (!s.source) return 'Load an image first.';
  if (job.kind === 'pyramid') return validatePyramidParams(job.params);
  return null;
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
  const run: Run = {
    id,
    kind: job.kind,
    title: `Pyramid of ${s.source!.name}`,
    status: 'running',
    scales: [],
    depth: null,
    progress: { done: 0, total: 0, stage: 'Starting' },
    startedAt: performance.now(),
  };
  useStudio.setState((st) => ({ runs: [run, ...st.runs].slice(0, 24), selectedRunId: id }));
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

export function useCpuEngine(preferCpu: boolean): void {
  useStudio.setState((s) => ({ engine: { ...s.engine, status: 'starting', backend: null } }));
  engine.restartWith(preferCpu);
  replayInputs();
}

export function injectFault(fault: Extract<ToWorker, { type: 'debug-fault' }>['fault']): void {
  engine.send({ type: 'debug-fault', fault });
}
