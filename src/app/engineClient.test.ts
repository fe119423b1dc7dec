import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, type FromWorker, type ToWorker } from '../protocol/messages';
import {
  EngineClient,
  EngineRestartedError,
  JobCancelledError,
  JobFailedError,
  type EngineFailure,
} from './engineClient';

/** A worker that records what it is sent and answers only what the test tells it to. */
class FakeWorker {
  sent: { msg: ToWorker; transfer: Transferable[] }[] = [];
  terminated = false;
  answerPings = true;
  onmessage: ((e: MessageEvent<unknown>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  private unanswered: number[] = [];
  postMessage(msg: ToWorker, transfer: Transferable[] = []) {
    this.sent.push({ msg, transfer });
    if (msg.type !== 'ping') return;
    if (this.answerPings) queueMicrotask(() => this.reply({ type: 'pong', seq: msg.seq }));
    else this.unanswered.push(msg.seq);
  }
  /** A busy worker answers the pings queued while it was busy once it is free. */
  wake() {
    this.answerPings = true;
    for (const seq of this.unanswered.splice(0)) this.reply({ type: 'pong', seq });
  }
  terminate() {
    this.terminated = true;
  }
  reply(msg: FromWorker) {
    this.onmessage?.({ data: msg } as MessageEvent<unknown>);
  }
}

const backend = { kind: 'webgpu' as const, adapter: 'fake', tfBackend: 'webgpu', features: [] };

function setup(over: Partial<ConstructorParameters<typeof EngineClient>[0]> = {}) {
  const workers: FakeWorker[] = [];
  const received: FromWorker[] = [];
  const restarts: [EngineFailure, string][] = [];
  const silences: (number | null)[] = [];
  const client = new EngineClient({
    onMessage: (m) => received.push(m),
    onRestart: (f, d) => restarts.push([f, d]),
    onSilent: (s) => silences.push(s),
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    },
    ...over,
  });
  client.start();
  return { client, workers, received, restarts, silences, worker: () => workers.at(-1)! };
}

describe('EngineClient', () => {
  beforeEach(() =>
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance'] }),
  );
  afterEach(() => vi.useRealTimers());

  it('refuses a worker that speaks another protocol version', () => {
    const { worker, received } = setup();
    worker().reply({ type: 'ready', protocol: PROTOCOL_VERSION + 1, backend });
    expect(worker().terminated).toBe(true);
    expect(received).toEqual([
      { type: 'fatal', message: expect.stringMatching(/another version of the studio.*Reload/) as string },
    ]);
  });

  it('answers requests and jobs as promises, with the worker’s error codes', async () => {
    const { client, worker } = setup();
    const { requestId, reply } = client.request({ type: 'models', action: { kind: 'list' } });
    worker().reply({ type: 'models-result', requestId, models: [] });
    await expect(reply).resolves.toMatchObject({ type: 'models-result', models: [] });

    const a = client.runJob({ kind: 'sifid', real: new Blob(), fakes: [new Blob()] });
    const b = client.runJob({ kind: 'sifid', real: new Blob(), fakes: [new Blob()] });
    const c = client.runJob({ kind: 'sifid', real: new Blob(), fakes: [new Blob()] });
    worker().reply({ type: 'job-error', jobId: b.jobId, code: 'bad-params', message: 'Choose images to compare.' });
    worker().reply({ type: 'job-cancelled', jobId: c.jobId });
    worker().reply({
      type: 'job-done',
      jobId: a.jobId,
      elapsedMs: 1,
      stats: { gpuPeakBytes: null, tfPeakBytes: null },
    });
    await expect(a.done).resolves.toMatchObject({ type: 'job-done', jobId: a.jobId });
    await expect(b.done).rejects.toEqual(new JobFailedError('bad-params', 'Choose images to compare.'));
    await expect(b.done).rejects.toMatchObject({ code: 'bad-params' });
    await expect(c.done).rejects.toBeInstanceOf(JobCancelledError);
  });

  it('hands export frames over instead of copying them', () => {
    const { client, worker } = setup();
    const frame = { height: 1, width: 1, rgba: new Uint8ClampedArray(4) };
    client.runJob({ kind: 'export-animation', format: 'gif', frames: [frame], fps: 10, loop: 'loop', name: 'a' });
    const start = worker().sent.find((s) => s.msg.type === 'start-job')!;
    expect(start.transfer).toEqual([frame.rgba.buffer]);
  });

  it('replaces an idle worker that stops answering, and rejects what was in flight', async () => {
    const { client, worker, workers, restarts } = setup();
    const { reply } = client.request({ type: 'models', action: { kind: 'list' } });
    const rejected = expect(reply).rejects.toBeInstanceOf(EngineRestartedError);
    worker().answerPings = false;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(restarts).toHaveLength(1);
    expect(restarts[0][0]).toBe('unresponsive');
    expect(workers).toHaveLength(2);
    await rejected;
  });

  it('never restarts a busy worker on its own: it reports the silence, and the user waits or restarts', async () => {
    const { client, worker, workers, restarts, silences } = setup();
    worker().reply({ type: 'ready', protocol: PROTOCOL_VERSION, backend });
    const job = client.runJob({ kind: 'singan-sample', modelId: 'm', seeds: [1], heightFactor: 1, widthFactor: 1 });
    worker().answerPings = false;
    // SinGAN on WebGPU may be silent for 60 s: nothing is said before that.
    await vi.advanceTimersByTimeAsync(55_000);
    expect(silences).toEqual([]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(silences.at(-1)).toBeGreaterThanOrEqual(60);
    // Far past the old 8 s deadline, and past the expected silence: still the same worker.
    await vi.advanceTimersByTimeAsync(120_000);
    expect(restarts).toEqual([]);
    expect(workers).toHaveLength(1);
    // "Wait": no prompt until as long a silence again.
    const before = silences.length;
    client.waitLonger();
    expect(silences.at(-1)).toBeNull();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(silences.length).toBe(before + 1);
    // The worker answers again: the prompt goes, and the job finishes normally.
    worker().wake();
    await vi.advanceTimersByTimeAsync(65_000);
    worker().reply({
      type: 'job-done',
      jobId: job.jobId,
      elapsedMs: 1,
      stats: { gpuPeakBytes: null, tfPeakBytes: null },
    });
    await expect(job.done).resolves.toMatchObject({ type: 'job-done' });
    expect(silences.at(-1)).toBeNull();
    expect(restarts).toEqual([]);
  });

  it('restarts a silent busy worker when the user asks', async () => {
    const { client, worker, restarts } = setup();
    const job = client.runJob({ kind: 'pyramid', params: { ratio: 1.33, coarseDim: 14 } });
    const rejected = expect(job.done).rejects.toBeInstanceOf(EngineRestartedError);
    worker().answerPings = false;
    await vi.advanceTimersByTimeAsync(20_000);
    client.restartNow();
    expect(restarts).toEqual([['unresponsive', expect.stringMatching(/restarted on request/)]]);
    await rejected;
  });

  it('headless, replaces a busy worker only after the busy limit', async () => {
    const { client, worker, restarts } = setup({ busyLimitMs: 100_000 });
    client.runJob({ kind: 'pyramid', params: { ratio: 1.33, coarseDim: 14 } }).done.catch(() => {});
    worker().answerPings = false;
    await vi.advanceTimersByTimeAsync(90_000);
    expect(restarts).toEqual([]);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(restarts).toHaveLength(1);
  });
});
