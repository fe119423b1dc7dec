/**
 * Pause/resume for a long job. The job awaits `wait()` between iterations: it
 * resolves at once while running, holds while paused, and rejects with the
 * abort reason as soon as the job is cancelled (a paused job can be cancelled).
 */
export class PauseGate {
  private paused = false;
  private waiters: { resolve: () => void; reject: (reason: unknown) => void }[] = [];

  constructor(
    private readonly signal: AbortSignal,
    private readonly onChange: (paused: boolean) => void,
  ) {
    signal.addEventListener('abort', () => this.release((w) => w.reject(signal.reason)), { once: true });
  }

  set(paused: boolean): void {
    if (this.signal.aborted || paused === this.paused) return;
    this.paused = paused;
    this.onChange(paused);
    if (!paused) this.release((w) => w.resolve());
  }

  wait(): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the abort reason, as signal.throwIfAborted() throws it
    if (this.signal.aborted) return Promise.reject(this.signal.reason);
    if (!this.paused) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private release(settle: (w: { resolve: () => void; reject: (reason: unknown) => void }) => void): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach(settle);
  }
}
