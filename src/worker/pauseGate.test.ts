import { describe, expect, it } from 'vitest';
import { PauseGate } from './pauseGate';

describe('PauseGate', () => {
  it('passes while running, holds while paused, releases on resume', async () => {
    const changes: boolean[] = [];
    const gate = new PauseGate(new AbortController().signal, (p) => changes.push(p));
    await gate.wait();
    gate.set(true);
    let passed = false;
    const waiting = gate.wait().then(() => (passed = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(passed).toBe(false);
    gate.set(false);
    await waiting;
    expect(passed).toBe(true);
    expect(changes).toEqual([true, false]);
  });

  it('a paused job can still be cancelled: the waiter rejects with the abort reason', async () => {
    const controller = new AbortController();
    const gate = new PauseGate(controller.signal, () => {});
    gate.set(true);
    const waiting = gate.wait();
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    await expect(gate.wait()).rejects.toThrow('cancelled');
  });

  it('repeated pause requests report one change', () => {
    const changes: boolean[] = [];
    const gate = new PauseGate(new AbortController().signal, (p) => changes.push(p));
    gate.set(true);
    gate.set(true);
    gate.set(false);
    gate.set(false);
    expect(changes).toEqual([true, false]);
  });
});
