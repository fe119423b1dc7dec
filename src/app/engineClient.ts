import { isFromWorker, type FromWorker, type ToWorker } from '../protocol/messages';

export type EngineFailure = 'crashed' | 'unresponsive';

export interface EngineClientOptions {
  readonly onMessage: (msg: FromWorker) => void;
  /** The worker died and a new one is already starting; the caller replays what it needs. */
  readonly onRestart: (failure: EngineFailure, detail: string) => void;
  readonly heartbeatMs?: number;
  /** Missed heartbeats after which a silent worker is declared dead. */
  readonly heartbeatTimeoutMs?: number;
  readonly preferCpu?: boolean;
}

/**
 * The page's handle on the engine worker. It owns the worker's lifecycle:
 * starts it, notices when it dies (an uncaught error, or silence past the
 * heartbeat deadline), and starts a replacement — the page never blocks on it.
 */
export class EngineClient {
  private worker: Worker | null = null;
  private seq = 0;
  /** When the unanswered ping was sent; null when every ping has been answered. */
  private pingSentAt: number | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private preferCpu: boolean;
  private patienceMs: number | null = null;

  constructor(private readonly opts: EngineClientOptions) {
    this.preferCpu = opts.preferCpu ?? false;
  }

  start(): void {
    const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), {
      type: 'module',
      name: 'engine',
    });
    this.worker = worker;
    worker.onmessage = (e: MessageEvent<unknown>) => {
      if (!isFromWorker(e.data)) return;
      if (e.data.type === 'pong') this.pingSentAt = null;
      else this.opts.onMessage(e.data);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.restart('crashed', e.message || 'the engine worker stopped with an error');
    };
    worker.onmessageerror = () => this.restart('crashed', 'a message from the engine could not be read');
    this.pingSentAt = null;
    this.send({ type: 'init', preferCpu: this.preferCpu });
    this.startHeartbeat();
  }

  /**
   * A longer heartbeat deadline while a job is known to hold the worker's
   * thread for long stretches (SinGAN on the CPU backend: one training step
   * is seconds of synchronous tfjs ops); null restores the default.
   */
  setPatience(ms: number | null): void {
    this.patienceMs = ms;
  }

  send(msg: ToWorker, transfer: Transferable[] = []): void {
    this.worker?.postMessage(msg, transfer);
  }

  /** Replaces the worker, e.g. to switch between GPU and CPU. */
  restartWith(preferCpu: boolean): void {
    this.preferCpu = preferCpu;
    this.stop();
    this.start();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.worker?.terminate();
    this.worker = null;
  }

  private restart(failure: EngineFailure, detail: string): void {
    this.patienceMs = null;
    this.stop();
    this.start();
    this.opts.onRestart(failure, detail);
  }

  private startHeartbeat(): void {
    const every = this.opts.heartbeatMs ?? 1000;
    this.timer = setInterval(() => {
      const deadline = Math.max(this.patienceMs ?? 0, this.opts.heartbeatTimeoutMs ?? 8000);
      // Measured from the unanswered ping, not the last pong: background tabs
      // throttle timers to once a minute, which must not read as a dead worker.
      const now = performance.now();
      if (this.pingSentAt === null) {
        this.pingSentAt = now;
        this.send({ type: 'ping', seq: ++this.seq });
      } else if (now - this.pingSentAt > deadline) {
        this.restart('unresponsive', `no answer from the engine for ${Math.round(deadline / 1000)} s`);
      }
    }, every);
  }
}
