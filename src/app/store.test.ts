import { beforeEach, describe, expect, it } from 'vitest';
import { applyEngineMessage, initialState, markEngineRestarted, useStudio, type Run } from './store';

const px = (v = 1) => ({ height: 1, width: 1, rgba: new Uint8ClampedArray([v, v, v, 255]) });
const blob = new Blob(['x']);

function withRun(status: Run['status'] = 'running'): void {
  useStudio.setState({
    runs: [{ id: 5, kind: 'pyramid', title: 't', status, scales: [], outputs: [], metrics: [], expectedOutputs: 1, viewOutput: 0, followLatest: true, depth: null, progress: { done: 0, total: 0, stage: '' }, startedAt: 0 }],
  });
}

describe('store: engine messages', () => {
  beforeEach(() => useStudio.setState(initialState, true));

  it('keeps the previous image when a new one fails to load', () => {
    useStudio.setState({
      source: { name: 'old.png', blob, original: { height: 40, width: 40 }, working: px(), downscaled: false },
      pending: [{ requestId: 2, slot: 'source', name: 'bad.txt', blob }],
    });
    applyEngineMessage({ type: 'image-error', requestId: 2, code: 'not-an-image', message: 'bad.txt is not an image' });
    const s = useStudio.getState();
    expect(s.source?.name).toBe('old.png');
    expect(s.pending).toEqual([]);
    expect(s.notices.at(-1)).toMatchObject({ level: 'error', text: 'bad.txt is not an image' });
  });

  it('ignores answers to superseded load requests', () => {
    useStudio.setState({ pending: [{ requestId: 3, slot: 'source', name: 'new.png', blob }] });
    applyEngineMessage({ type: 'image-loaded', requestId: 2, slot: 'source', name: 'stale.png', original: { height: 1, width: 1 }, working: px(), downscaled: false });
    expect(useStudio.getState().source).toBeNull();
    applyEngineMessage({ type: 'image-loaded', requestId: 3, slot: 'source', name: 'new.png', original: { height: 1, width: 1 }, working: px(), downscaled: false });
    expect(useStudio.getState().source).toMatchObject({ name: 'new.png', blob });
  });

  it('streams scales into their run, replacing a re-sent level', () => {
    withRun();
    applyEngineMessage({ type: 'scale', jobId: 5, output: 0, level: 3, depth: 3, label: 'L3', pixels: px(1) });
    applyEngineMessage({ type: 'scale', jobId: 5, output: 0, level: 2, depth: 3, label: 'L2', pixels: px(2) });
    applyEngineMessage({ type: 'scale', jobId: 5, output: 0, level: 3, depth: 3, label: 'L3 again', pixels: px(3) });
    const run = useStudio.getState().runs[0];
    expect(run.scales.map((s) => s.label)).toEqual(['L2', 'L3 again']);
    expect(run.depth).toBe(3);
    applyEngineMessage({ type: 'metric', jobId: 5, output: 0, level: 2, name: 'sifid', value: 0.25 });
    expect(useStudio.getState().runs[0].metrics).toEqual([{ output: 0, level: 2, value: 0.25 }]);
    applyEngineMessage({ type: 'job-done', jobId: 5, elapsedMs: 12, stats: { gpuPeakBytes: 1024 } });
    expect(useStudio.getState().runs[0]).toMatchObject({ status: 'done', elapsedMs: 12 });
  });

  it('marks live runs failed on an engine restart and keeps the image', () => {
    useStudio.setState({ source: { name: 'keep.png', blob, original: { height: 40, width: 40 }, working: px(), downscaled: false } });
    withRun('running');
    markEngineRestarted('boom');
    const s = useStudio.getState();
    expect(s.runs[0]).toMatchObject({ status: 'error' });
    expect(s.runs[0].error).toMatch(/boom/);
    expect(s.source?.name).toBe('keep.png');
    expect(s.engine).toMatchObject({ status: 'restarting', restarts: 1 });
  });

  it('tracks backend readiness and device loss', () => {
    applyEngineMessage({ type: 'ready', protocol: 1, backend: { kind: 'webgpu', adapter: 'test', tfBackend: 'webgpu', features: [] } });
    expect(useStudio.getState().engine).toMatchObject({ status: 'ready', backend: { kind: 'webgpu' } });
    applyEngineMessage({ type: 'device-lost', message: 'gone' });
    expect(useStudio.getState().engine.status).toBe('restarting');
    expect(useStudio.getState().notices.at(-1)?.level).toBe('warning');
  });
});
