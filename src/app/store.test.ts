import { beforeEach, describe, expect, it } from 'vitest';
import {
  activeRun,
  anyLiveRun,
  compareRun,
  exportRunOf,
  resultRuns,
  dismissNotice,
  imagesBySlot,
  initialState,
  notify,
  useStudio,
  type Run,
  type SourceImage,
} from './store';
import { applyEngineMessage, markEngineRestarted } from './engineEvents';
import { trainingState } from './trainingState';

const px = (v = 1) => ({ height: 1, width: 1, rgba: new Uint8ClampedArray([v, v, v, 255]) });
const blob = new Blob(['x']);

function withRun(status: Run['status'] = 'running'): void {
  useStudio.setState({
    runs: [
      {
        id: 5,
        purpose: 'result',
        kind: 'pyramid',
        title: 't',
        status,
        scales: [],
        outputs: [],
        metrics: [],
        expectedOutputs: 1,
        viewOutput: 0,
        followLatest: true,
        depth: null,
        progress: { done: 0, total: 0, stage: '' },
        startedAt: 0,
      },
    ],
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
    applyEngineMessage({
      type: 'image-loaded',
      requestId: 2,
      slot: 'source',
      name: 'stale.png',
      original: { height: 1, width: 1 },
      working: px(),
      downscaled: false,
    });
    expect(useStudio.getState().source).toBeNull();
    applyEngineMessage({
      type: 'image-loaded',
      requestId: 3,
      slot: 'source',
      name: 'new.png',
      original: { height: 1, width: 1 },
      working: px(),
      downscaled: false,
    });
    expect(useStudio.getState().source).toMatchObject({ name: 'new.png', blob });
  });

  it('keeps an animated image’s frames beside it, frame 0 as the working image, and says when frames were left out', () => {
    const frames = [px(1), px(2), px(3)];
    useStudio.setState({ pending: [{ requestId: 4, slot: 'source', name: 'rain.gif', blob }] });
    applyEngineMessage({
      type: 'image-loaded',
      requestId: 4,
      slot: 'source',
      name: 'rain.gif',
      original: { height: 1, width: 1 },
      working: frames[0],
      downscaled: false,
      animation: { frames, delaysMs: [100, 100, 100], totalFrames: 40 },
    });
    const s = useStudio.getState();
    expect(s.source?.working).toBe(frames[0]);
    expect(s.source?.animation?.frames).toEqual(frames);
    expect(s.notices.at(-1)).toMatchObject({
      level: 'warning',
      text: expect.stringMatching(/has 40 frames; the studio uses the first 3/) as string,
    });

    // A still that replaces it has no frames.
    useStudio.setState({ pending: [{ requestId: 5, slot: 'source', name: 'still.png', blob }] });
    applyEngineMessage({
      type: 'image-loaded',
      requestId: 5,
      slot: 'source',
      name: 'still.png',
      original: { height: 1, width: 1 },
      working: px(),
      downscaled: false,
    });
    expect(useStudio.getState().source?.animation).toBeUndefined();
    // The warning was about the old file's frames: it goes with it.
    expect(useStudio.getState().notices).toHaveLength(0);
  });

  it('shows the same words once while their banner is up, and again once it is gone', () => {
    const a = notify('info', 'working at 128×96');
    expect(notify('info', 'working at 128×96')).toBe(a);
    notify('warning', 'working at 128×96');
    expect(useStudio.getState().notices.map((n) => n.level)).toEqual(['info', 'warning']);
    dismissNotice(a);
    expect(notify('info', 'working at 128×96')).not.toBe(a);
    expect(useStudio.getState().notices).toHaveLength(2);
  });

  it('clears failure banners when the next job finishes, keeping sticky ones and information', () => {
    withRun('running');
    applyEngineMessage({ type: 'job-error', jobId: 5, code: 'internal', message: 'the first run failed' });
    notify('warning', 'A job is already running; cancel it first.');
    notify('info', 'Deleted the 2 oldest results.');
    notify('error', 'The disk is full.', { sticky: true });
    expect(useStudio.getState().notices.map((n) => n.text)).toEqual([
      'the first run failed',
      'A job is already running; cancel it first.',
      'Deleted the 2 oldest results.',
      'The disk is full.',
    ]);
    useStudio.setState({ runs: [{ ...useStudio.getState().runs[0], id: 6, status: 'running' }] });
    applyEngineMessage({ type: 'job-done', jobId: 6, elapsedMs: 1, stats: { gpuPeakBytes: null, tfPeakBytes: null } });
    expect(useStudio.getState().notices.map((n) => n.text)).toEqual([
      'Deleted the 2 oldest results.',
      'The disk is full.',
    ]);
    // Closed by hand, a sticky one goes too.
    dismissNotice(useStudio.getState().notices[1].id);
    expect(useStudio.getState().notices.map((n) => n.text)).toEqual(['Deleted the 2 oldest results.']);
  });

  it('clears a failed load’s banner when an image the user opens loads, not when one is decoded again for a restarted engine', () => {
    useStudio.setState({ pending: [{ requestId: 7, slot: 'source', name: 'bad.txt', blob }] });
    applyEngineMessage({ type: 'image-error', requestId: 7, code: 'not-an-image', message: 'bad.txt is not an image' });
    useStudio.setState({ pending: [{ requestId: 8, slot: 'source', name: 'again.png', blob, replay: true }] });
    applyEngineMessage({
      type: 'image-loaded',
      requestId: 8,
      slot: 'source',
      name: 'again.png',
      original: { height: 1, width: 1 },
      working: px(),
      downscaled: false,
    });
    expect(useStudio.getState().notices.map((n) => n.text)).toEqual(['bad.txt is not an image']);
    useStudio.setState({ pending: [{ requestId: 9, slot: 'source', name: 'good.png', blob }] });
    applyEngineMessage({
      type: 'image-loaded',
      requestId: 9,
      slot: 'source',
      name: 'good.png',
      original: { height: 1, width: 1 },
      working: px(),
      downscaled: false,
    });
    expect(useStudio.getState().notices).toEqual([]);
  });

  it('passes on how the engine read a file, as a warning', () => {
    useStudio.setState({ pending: [{ requestId: 6, slot: 'source', name: 'a.webp', blob }] });
    const notice = '“a.webp” is animated, but this browser decodes only its first frame: it opens as a still image.';
    applyEngineMessage({
      type: 'image-loaded',
      requestId: 6,
      slot: 'source',
      name: 'a.webp',
      original: { height: 1, width: 1 },
      working: px(),
      downscaled: false,
      notice,
    });
    expect(useStudio.getState().notices.at(-1)).toMatchObject({ level: 'warning', text: notice });
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
    expect(useStudio.getState().runs[0].metrics).toEqual([
      { output: 0, level: 2, name: 'sifid', value: 0.25, atMs: undefined },
    ]);
    applyEngineMessage({ type: 'job-done', jobId: 5, elapsedMs: 12, stats: { gpuPeakBytes: 1024, tfPeakBytes: null } });
    expect(useStudio.getState().runs[0]).toMatchObject({ status: 'done', elapsedMs: 12 });
  });

  it('marks live runs failed on an engine restart and keeps the image', () => {
    useStudio.setState({
      source: { name: 'keep.png', blob, original: { height: 40, width: 40 }, working: px(), downscaled: false },
    });
    withRun('running');
    markEngineRestarted('boom');
    const s = useStudio.getState();
    expect(s.runs[0]).toMatchObject({ status: 'error' });
    expect(s.runs[0].error).toMatch(/boom/);
    expect(s.source?.name).toBe('keep.png');
    expect(s.engine).toMatchObject({ status: 'restarting', restarts: 1 });
  });

  it('tracks backend readiness and device loss', () => {
    applyEngineMessage({
      type: 'ready',
      protocol: 1,
      backend: { kind: 'webgpu', adapter: 'test', tfBackend: 'webgpu', features: [] },
    });
    expect(useStudio.getState().engine).toMatchObject({ status: 'ready', backend: { kind: 'webgpu' } });
    applyEngineMessage({ type: 'device-lost', message: 'gone' });
    expect(useStudio.getState().engine.status).toBe('restarting');
    expect(useStudio.getState().notices.at(-1)?.level).toBe('warning');
  });

  it('SinGAN training: loss batches append per scale, previews replace, pause time is tracked', () => {
    withRun();
    const point = (iteration: number) => ({ iteration, dReal: 1, dFake: -1, gp: 0.1, gAdv: 0.5, rec: 0.2 });
    applyEngineMessage({ type: 'losses', jobId: 5, scale: 0, points: [point(1), point(2)] });
    applyEngineMessage({ type: 'losses', jobId: 5, scale: 0, points: [point(3)] });
    applyEngineMessage({ type: 'losses', jobId: 5, scale: 1, points: [point(1)] });
    const t = useStudio.getState().runs[0].training!;
    expect(t.losses.map((l) => [l.scale, l.points.map((p) => p.iteration)])).toEqual([
      [0, [1, 2, 3]],
      [1, [1]],
    ]);
    expect(t.scale).toBe(1);
    applyEngineMessage({
      type: 'training-preview',
      jobId: 5,
      scale: 1,
      scales: 3,
      iteration: 1,
      iterations: 4,
      sample: px(1),
      reconstruction: px(2),
    });
    expect(useStudio.getState().runs[0].training?.preview).toMatchObject({ scale: 1, scales: 3, iteration: 1 });
    applyEngineMessage({ type: 'job-paused', jobId: 5, paused: true });
    expect(useStudio.getState().runs[0].paused).toBe(true);
    applyEngineMessage({ type: 'job-paused', jobId: 5, paused: false });
    expect(useStudio.getState().runs[0]).toMatchObject({ paused: false });
    expect(useStudio.getState().runs[0].pausedMs).toBeGreaterThanOrEqual(0);
  });

  it('training follows the run: starting → scale k/n → done, cancelled or failed, with the scales finished', () => {
    withRun();
    const run = () => useStudio.getState().runs[0];
    expect(trainingState(run())).toBe('starting…');
    const at = (scale: number, iteration: number) =>
      applyEngineMessage({
        type: 'progress',
        jobId: 5,
        done: scale * 20 + iteration,
        total: 60,
        stage: '',
        training: { scale, scales: 3, iteration, iterations: 20, previewEvery: 50 },
      });
    at(0, 0);
    expect(trainingState(run())).toBe('scale 1/3 · iteration 0/20');
    at(1, 7);
    expect(trainingState(run())).toBe('scale 2/3 · iteration 7/20');
    // One estimator per run, fed by the same reports.
    expect(run().eta).toMatchObject({ done: 27, total: 60 });
    applyEngineMessage({ type: 'job-cancelled', jobId: 5 });
    expect(trainingState(run())).toBe('cancelled · 1/3 scales finished');
    at(2, 20);
    useStudio.setState((s) => ({ runs: s.runs.map((r) => ({ ...r, status: 'error' as const })) }));
    expect(trainingState(run())).toBe('failed · 3/3 scales finished');
    applyEngineMessage({ type: 'job-done', jobId: 5, elapsedMs: 1, stats: { gpuPeakBytes: null, tfPeakBytes: null } });
    expect(trainingState(run())).toBe('done · 3 scales');
  });

  it('stored models: a saved scale updates the list and selects the first model; a deleted selection moves on', () => {
    const summary = (id: string, scalesDone: number) => ({
      id,
      name: id,
      config: initialState.singan.config,
      imageShape: [32, 32] as const,
      scales: 3,
      scalesDone,
      trainingMs: 1,
      hasImage: true,
      createdAt: 1,
      updatedAt: 1,
      bytes: 10,
    });
    applyEngineMessage({ type: 'model-saved', jobId: 1, model: summary('a', 1) });
    applyEngineMessage({ type: 'model-saved', jobId: 1, model: summary('a', 2) });
    expect(useStudio.getState().models?.map((m) => [m.id, m.scalesDone])).toEqual([['a', 2]]);
    expect(useStudio.getState().selectedModelId).toBe('a');
    applyEngineMessage({ type: 'models-result', requestId: 1, models: [summary('b', 3)] });
    expect(useStudio.getState().selectedModelId).toBe('b');
    applyEngineMessage({
      type: 'models-result',
      requestId: 2,
      models: [summary('b', 3)],
      error: { code: 'bad-model', message: 'x.singan is not a model' },
    });
    expect(useStudio.getState().notices.at(-1)).toMatchObject({ level: 'error', text: 'x.singan is not a model' });
  });

  it('an export is a run with a purpose: its events fold into it by id, and the gallery does not list it', () => {
    withRun('done');
    const exportRun = (id: number, format: 'gif' | 'png-zip'): Run => ({
      ...useStudio.getState().runs.find((r) => r.id === 5)!,
      id,
      purpose: 'export',
      kind: 'export-animation',
      status: 'running',
      exportOf: { runId: 5, format },
    });
    useStudio.setState((s) => ({ runs: [exportRun(9, 'gif'), ...s.runs] }));
    applyEngineMessage({ type: 'progress', jobId: 9, done: 2, total: 3, stage: 'frame 2' });
    expect(exportRunOf(useStudio.getState(), 5)?.progress).toMatchObject({ done: 2, total: 3 });
    expect(useStudio.getState().runs.find((r) => r.id === 5)!.progress.done).toBe(0);
    const blob = new Blob(['GIF89a']);
    applyEngineMessage({ type: 'file', jobId: 9, name: 'a.gif', mime: 'image/gif', blob });
    applyEngineMessage({ type: 'job-done', jobId: 9, elapsedMs: 5, stats: { gpuPeakBytes: null, tfPeakBytes: null } });
    expect(exportRunOf(useStudio.getState(), 5)).toMatchObject({ status: 'done', file: { name: 'a.gif' } });
    expect(resultRuns(useStudio.getState()).map((r) => r.id)).toEqual([5]);
    expect(activeRun(useStudio.getState())).toBeUndefined();
    useStudio.setState((s) => ({ runs: [exportRun(10, 'png-zip'), ...s.runs.filter((r) => r.id !== 9)] }));
    expect(anyLiveRun(useStudio.getState())).toBe(true);
    applyEngineMessage({ type: 'job-cancelled', jobId: 10 });
    expect(exportRunOf(useStudio.getState(), 5)?.status).toBe('cancelled');
  });

  it("a compare is a run with a purpose: each image's SIFID is its output's metric", () => {
    withRun('done');
    const compare: Run = {
      ...useStudio.getState().runs[0],
      id: 11,
      purpose: 'compare',
      kind: 'sifid',
      status: 'running',
    };
    useStudio.setState((s) => ({ runs: [compare, ...s.runs] }));
    applyEngineMessage({ type: 'metric', jobId: 11, output: 1, level: null, name: 'sifid', value: 0.25 });
    applyEngineMessage({ type: 'job-done', jobId: 11, elapsedMs: 5, stats: { gpuPeakBytes: null, tfPeakBytes: null } });
    expect(compareRun(useStudio.getState())).toMatchObject({
      status: 'done',
      metrics: [{ output: 1, name: 'sifid', value: 0.25 }],
    });
    expect(resultRuns(useStudio.getState()).map((r) => r.id)).toEqual([5]);
  });
});

describe('imagesBySlot', () => {
  const image = (name: string): SourceImage => ({
    name,
    blob,
    original: { height: 1, width: 1 },
    working: px(),
    downscaled: false,
  });

  it('lists the source first, then the images beside it, and skips empty slots', () => {
    const images = imagesBySlot({ source: image('a.png'), extras: { structure: image('b.png'), collage2: undefined } });
    expect(Object.keys(images)).toEqual(['source', 'structure']);
    expect(images.structure?.name).toBe('b.png');
    expect(imagesBySlot({ source: null, extras: { collage3: image('c.png') } })).toEqual({ collage3: image('c.png') });
  });
});
