import { expectedSilenceMs } from '../jobs/jobKinds';
import {
  isFromWorker,
  PROTOCOL_VERSION,
  transferablesOf,
  type BackendChoice,
  type FromWorker,
  type ReplyTo,
  type RequestDraft,
  type ToWorker,
} from '../protocol/messages';
import { type BackendKind, type ErrorCode } from '../protocol/facts';
import { type JobOptions } from '../protocol/jobs';
import { type JobKind, type JobSpec } from '../features';

export type EngineFailure = 'crashed' | 'unresponsive';

export interface EngineClientOptions {
  /** Every message from the worker (except heartbeats), in order; requests and jobs resolve after it is delivered. */
  readonly onMessage: (msg: FromWorker) => void;
  /** The worker died and a new one is already starting; the caller replays what it needs. */
  readonly onRestart: (failure: EngineFailure, detail: string) => void;
  /**
   * A running job has kept the worker silent for longer than its kind lets
   * it (the job registry's expected silence): how long so far, in whole
   * seconds, every heartbeat while it lasts; null once it answers again.
   * The page asks the user to wait or restart; nothing is thrown away unasked.
   */
  readonly onSilent?: (seconds: number | null) => void;
  readonly heartbeatMs?: number;
  /** WebAssembly threads to ask the worker for (`?threads=`); absent: its automatic choice. */
  readonly wasmThreads?: number;
  /** Silence after which an idle worker (no job running) is declared dead and replaced. */
  readonly heartbeatTimeoutMs?: number;
  /** Silence during a job after which the worker is replaced without asking: headless runs, where nobody can answer. Default: never. */
  readonly busyLimitMs?: number;
  /** The backend to ask the worker for (default 'auto'). */
  readonly backend?: BackendChoice;
  /** Tests hand in a fake worker; the studio starts the real one. */
  readonly createWorker?: () => Worker;
}

/** A job the worker refused or failed, with the protocol's error code and the user's message. */
export class JobFailedError extends Error {
  override name = 'JobFailedError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export class JobCancelledError extends Error {
  override name = 'JobCancelledError';
  constructor() {
    super('The job was cancelled.');
  }
}

/** The worker was replaced while a request or job was in flight; what it was doing is gone. */
export class EngineRestartedError extends Error {
  override name = 'EngineRestartedError';
}

export type JobDone = Extract<FromWorker, { type: 'job-done' }>;

interface Pending {
  readonly accept: (msg: FromWorker) => boolean;
  readonly resolve: (msg: FromWorker) => void;
  readonly reject: (err: Error) => void;
}

const DEFAULT_HEARTBEAT_TIMEOUT_MS = 8000;

/** The site's root as an absolute URL: with a relative base ('./', any sub-path) it is where the page is. */
const siteBase = () =>
  globalThis.location ? new URL(import.meta.env.BASE_URL, globalThis.location.href).href : undefined;

const createEngineWorker = () =>
  new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });

/**
 * The one handle on the engine worker, shared by the studio's store and the
 * automation page. It starts the worker and checks its protocol version at
 * the handshake; sends every message with its transfers; answers requests
 * and jobs as promises; and watches the worker's heartbeat: an idle worker
 * that stops answering is replaced, a busy one is reported (onSilent) for
 * the caller to decide.
 */
export class EngineClient {
  private worker: Worker | null = null;
  private seq = 0;
  private requestSeq = 0;
  private jobSeq = 0;
  /** When the unanswered ping was sent; null when every ping has been answered. */
  private pingSentAt: number | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private choice: BackendChoice;
  private backend: BackendKind = 'webgpu';
  /** Running jobs by id, with their kinds: the watchdog's patience is the most any of them needs. */
  private readonly running = new Map<number, JobKind>();
  private readonly pending = new Set<Pending>();
  /** The user chose to wait: no new report until the silence passes this many ms. */
  private waitUntilSilenceMs = 0;
  private reportedSilent = false;

  constructor(private readonly opts: EngineClientOptions) {
    this.choice = opts.backend ?? 'auto';
  }

  start(): void {
    const worker = (this.opts.createWorker ?? createEngineWorker)();
    this.worker = worker;
    worker.onmessage = (e: MessageEvent<unknown>) => {
      if (isFromWorker(e.data)) this.receive(e.data);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.restart('crashed', e.message || 'the engine worker stopped with an error');
    };
    worker.onmessageerror = () => this.restart('crashed', 'a message from the engine could not be read');
    this.pingSentAt = null;
    this.post({ type: 'init', backend: this.choice, wasmThreads: this.opts.wasmThreads, assetBase: siteBase() });
    this.startHeartbeat();
  }

  /** Sends a message, handing over the buffers the protocol says it may (transferablesOf). */
  send(msg: ToWorker): void {
    if (msg.type === 'start-job') this.running.set(msg.jobId, msg.job.kind);
    this.post(msg);
  }

  /** Sends a request and resolves with the worker's answer to it. */
  request<M extends RequestDraft>(msg: M): { requestId: number; reply: Promise<ReplyTo<M['type']>> } {
    const requestId = ++this.requestSeq;
    const reply = this.waitFor(
      (m) =>
        'requestId' in m &&
        m.requestId === requestId &&
        (m.type === 'image-loaded' || m.type === 'image-error' || m.type === 'models-result'),
    );
    this.send({ ...msg, requestId });
    return { requestId, reply: reply as Promise<ReplyTo<M['type']>> };
  }

  /**
   * Starts a job; its events reach onMessage as they stream. Resolves with
   * 'job-done', rejects with JobFailedError, JobCancelledError or
   * EngineRestartedError. The caller may pick the id (the page numbers its runs).
   */
  runJob(
    job: JobSpec,
    options?: JobOptions,
    jobId: number = this.nextJobId(),
  ): { jobId: number; done: Promise<JobDone> } {
    const end = this.waitFor(
      (m) => (m.type === 'job-done' || m.type === 'job-error' || m.type === 'job-cancelled') && m.jobId === jobId,
    );
    this.send({ type: 'start-job', jobId, job, options });
    const done = end.then((m) => {
      if (m.type === 'job-error') throw new JobFailedError(m.code, m.message);
      if (m.type === 'job-cancelled') throw new JobCancelledError();
      return m as JobDone;
    });
    return { jobId, done };
  }

  nextJobId(): number {
    this.jobSeq += 1;
    return this.jobSeq;
  }

  /** Ids up to `upTo` are taken (runs restored with their numbers): the next job gets a higher one. */
  reserveJobIds(upTo: number): void {
    if (Number.isFinite(upTo)) this.jobSeq = Math.max(this.jobSeq, Math.floor(upTo));
  }

  /** Replaces the worker on another backend. */
  restartWith(choice: BackendChoice): void {
    this.choice = choice;
    this.abandon('The engine was switched to another backend.');
    this.stop();
    this.start();
  }

  /** The user waits on a silent engine: ask again after as long a silence once more. */
  waitLonger(): void {
    if (this.pingSentAt === null) return;
    this.waitUntilSilenceMs = performance.now() - this.pingSentAt + this.patienceMs();
    this.setSilent(null);
  }

  /** The user gave up on a silent engine: replace it now (the job in progress is lost; stored SinGAN scales are not). */
  restartNow(): void {
    const silent = this.pingSentAt === null ? 0 : performance.now() - this.pingSentAt;
    this.restart('unresponsive', `no answer from the engine for ${Math.round(silent / 1000)} s; restarted on request`);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.worker?.terminate();
    this.worker = null;
    this.running.clear();
    this.setSilent(null);
  }

  private post(msg: ToWorker): void {
    this.worker?.postMessage(msg, transferablesOf(msg));
  }

  private receive(msg: FromWorker): void {
    if (msg.type === 'pong') {
      this.pingSentAt = null;
      this.waitUntilSilenceMs = 0;
      this.setSilent(null);
      return;
    }
    if (msg.type === 'ready' && msg.protocol !== PROTOCOL_VERSION) {
      // A worker from another build (a stale cache): its messages cannot be trusted to mean what this page thinks.
      this.stop();
      this.deliver({
        type: 'fatal',
        message: `The engine is from another version of the studio (protocol ${msg.protocol}, this page speaks ${PROTOCOL_VERSION}). Reload the page.`,
      });
      return;
    }
    if (msg.type === 'ready') this.backend = msg.backend.kind;
    if (msg.type === 'job-done' || msg.type === 'job-error' || msg.type === 'job-cancelled')
      this.running.delete(msg.jobId);
    this.deliver(msg);
  }

  private deliver(msg: FromWorker): void {
    this.opts.onMessage(msg);
    for (const p of [...this.pending]) {
      if (p.accept(msg)) {
        this.pending.delete(p);
        p.resolve(msg);
      }
    }
  }

  private waitFor(accept: (m: FromWorker) => boolean): Promise<FromWorker> {
    return new Promise((resolve, reject) => this.pending.add({ accept, resolve, reject }));
  }

  private abandon(detail: string): void {
    for (const p of this.pending) p.reject(new EngineRestartedError(detail));
    this.pending.clear();
  }

  private restart(failure: EngineFailure, detail: string): void {
    this.abandon(`The engine restarted: ${detail}`);
    this.stop();
    this.start();
    this.opts.onRestart(failure, detail);
  }

  /** How long the running jobs may keep the worker silent; the idle deadline when none runs. */
  private patienceMs(): number {
    let ms = this.opts.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
    for (const kind of this.running.values()) ms = Math.max(ms, expectedSilenceMs(kind, this.backend));
    return ms;
  }

  private setSilent(seconds: number | null): void {
    if (seconds === null && !this.reportedSilent) return;
    this.reportedSilent = seconds !== null;
    this.opts.onSilent?.(seconds);
  }

  private startHeartbeat(): void {
    const every = this.opts.heartbeatMs ?? 1000;
    this.timer = setInterval(() => {
      // Measured from the unanswered ping, not the last pong: background tabs
      // throttle timers to once a minute, which must not read as a dead worker.
      const now = performance.now();
      if (this.pingSentAt === null) {
        this.pingSentAt = now;
        this.post({ type: 'ping', seq: ++this.seq });
        return;
      }
      const silent = now - this.pingSentAt;
      const patience = this.patienceMs();
      if (this.running.size === 0) {
        if (silent > patience)
          this.restart('unresponsive', `no answer from the engine for ${Math.round(silent / 1000)} s`);
      } else if (this.opts.busyLimitMs !== undefined && silent > Math.max(patience, this.opts.busyLimitMs)) {
        this.restart('unresponsive', `no answer from the engine for ${Math.round(silent / 1000)} s while a job ran`);
      } else if (silent > Math.max(patience, this.waitUntilSilenceMs)) {
        this.setSilent(Math.round(silent / 1000));
      }
    }, every);
  }
}
