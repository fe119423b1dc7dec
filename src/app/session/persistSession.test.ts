import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { JobKind } from '../../features';
import type { Run } from '../store';
import { clearSession, loadSession } from './sessionDb';

// Node has no storage manager to ask for persistence or usage: the page's calls find none, as in a browser without one.
vi.stubGlobal('navigator', {});

/** A fresh page: new store, new engine (job ids from 1 again), the same database. */
async function freshPage() {
  vi.resetModules();
  const [persist, store] = await Promise.all([import('./persistSession'), import('../store')]);
  return { ...persist, useStudio: store.useStudio };
}

function finishedRun(id: number, kind: JobKind, title: string, status: Run['status'] = 'done'): Run {
  const pixels = { height: 1, width: 1, rgba: new Uint8ClampedArray([id, 0, 0, 255]) };
  return {
    id,
    purpose: 'result',
    kind,
    title,
    status,
    scales: [],
    outputs: status === 'done' ? [{ output: 0, label: 'frame 1', seed: 1, pixels }] : [],
    metrics: [],
    expectedOutputs: 1,
    viewOutput: 0,
    followLatest: false,
    depth: null,
    progress: { done: 1, total: 1, stage: '' },
    startedAt: 0,
  };
}

/** Waits for the page's background saves; a ceiling, not an expectation, for a loaded machine. */
const untilSaved = (results: number) =>
  vi.waitFor(async () => expect((await loadSession()).results).toHaveLength(results), {
    timeout: 60_000,
    interval: 20,
  });

describe('the saved session', () => {
  it('keeps a GIF → GIF animation beside its noise walk across reloads, by the walk run’s new id', async () => {
    const first = await freshPage();
    first.startSessionPersistence();
    const animation = finishedRun(1, 'gif2gif-generate', 'animation');
    first.useStudio.setState({ runs: [animation] });
    await untilSaved(1);
    // As showNoiseWalk does: the walk starts beside the finished (already saved) animation, then finishes.
    first.useStudio.setState({
      runs: [finishedRun(2, 'singan-animate', 'walk', 'running'), { ...animation, walkRunId: 2 }],
    });
    first.useStudio.setState((s) => ({ runs: [finishedRun(2, 'singan-animate', 'walk'), s.runs[1]] }));
    await untilSaved(2);

    const second = await freshPage();
    await second.restoreSession();
    const runs = second.useStudio.getState().runs;
    expect(runs.map((r) => r.title)).toEqual(['walk', 'animation']);
    // Each keeps its number: the walk is still number 2 beside animation number 1.
    expect(runs.map((r) => r.id)).toEqual([2, 1]);
    expect(runs[1].walkRunId).toBe(runs[0].id);
    expect(runs[0].walkRunId).toBeUndefined();

    // The walk deleted from the gallery: after the next reload the animation has none.
    second.startSessionPersistence();
    second.useStudio.setState((s) => ({ runs: s.runs.filter((r) => r.title !== 'walk') }));
    await untilSaved(1);
    const third = await freshPage();
    await third.restoreSession();
    expect(third.useStudio.getState().runs.map((r) => [r.title, r.walkRunId])).toEqual([['animation', undefined]]);
  });
});

describe('cancelled and failed runs', () => {
  const scale = (level: number) => ({
    output: 0,
    level,
    label: `Level ${level}`,
    pixels: { height: 1, width: 1, rgba: new Uint8ClampedArray([level, 0, 0, 255]) },
  });

  it('come back after a reload with their state and the finest scale they reached, and every run keeps its number', async () => {
    await clearSession();
    const first = await freshPage();
    first.startSessionPersistence();
    // Job 2 went to a comparison, which is no run: the gallery's numbers have a gap, as in the page.
    const done = finishedRun(1, 'gpnn', 'done');
    first.useStudio.setState({ runs: [done] });
    await untilSaved(1);
    const cancelled = { ...finishedRun(3, 'gpnn', 'cancelled', 'cancelling'), scales: [scale(3), scale(2)] };
    first.useStudio.setState({ runs: [cancelled, done] });
    first.useStudio.setState({ runs: [{ ...cancelled, status: 'cancelled' }, done] });
    await untilSaved(2);
    first.useStudio.setState((s) => ({
      runs: [{ ...finishedRun(4, 'gpnn', 'failed', 'error'), error: 'Engine restarted: boom' }, ...s.runs],
    }));
    await untilSaved(3);

    const second = await freshPage();
    await second.restoreSession();
    const runs = second.useStudio.getState().runs;
    expect(runs.map((r) => [r.id, r.title, r.status])).toEqual([
      [4, 'failed', 'error'],
      [3, 'cancelled', 'cancelled'],
      [1, 'done', 'done'],
    ]);
    expect(runs[0].error).toBe('Engine restarted: boom');
    expect(runs[1].scales.map((s) => s.level)).toEqual([2]);
    expect(runs[2].scales).toEqual([]);
    // The next run is numbered after the restored ones, though this page's engine starts afresh.
    const { nextJobId } = await import('../studio');
    expect(nextJobId()).toBe(5);
  });

  it('sessions that repeated numbers keep the first holder of each and leave the rest to be numbered afresh', async () => {
    const { restoredIds } = await freshPage();
    const ids = restoredIds(
      [
        { key: 'a', id: 1 },
        { key: 'b', id: 1 },
        { key: 'c', id: 'x' },
        { key: 'd', id: 7 },
      ],
      [7],
    );
    expect([...ids]).toEqual([
      ['a', 1],
      ['b', null],
      ['c', null],
      ['d', null],
    ]);
  });

  it('a finished run without outputs (a pyramid, a training) is left to its own store; a stopped one is kept', async () => {
    const { isSaveable } = await freshPage();
    expect(isSaveable({ status: 'done', outputs: [] })).toBe(false);
    expect(isSaveable({ status: 'cancelled', outputs: [] })).toBe(true);
    expect(isSaveable({ status: 'error', outputs: [] })).toBe(true);
    expect(isSaveable({ status: 'cancelling', outputs: [] })).toBe(false);
    expect(isSaveable({ status: 'running', outputs: [] })).toBe(false);
  });
});

describe('settings saved by an older build', () => {
  it('keep the defaults of settings added since, at any depth, and everything they did save', async () => {
    const { overDefaults } = await freshPage();
    const defaults = {
      task: 'gpnn-sample',
      gif2gif: { sequence: { variant: 'noise-lstm', hidden: 8, chunk: 2, motion: 3 }, generate: { frames: 12 } },
      list: [1, 2],
      pick: null as string | null,
    };
    const saved = {
      task: 'singan-train',
      gif2gif: { sequence: { variant: 'one-to-many', hidden: 4, chunk: 2 } },
      list: [3],
      pick: 'a',
    };
    expect(overDefaults(defaults, saved)).toEqual({
      task: 'singan-train',
      gif2gif: { sequence: { variant: 'one-to-many', hidden: 4, chunk: 2, motion: 3 }, generate: { frames: 12 } },
      list: [3],
      pick: 'a',
    });
    expect(overDefaults({ a: { b: 1 } }, { a: null })).toEqual({ a: null });
  });
});

describe('a run still going when the page goes away', () => {
  const output = (i: number) => ({
    output: i,
    label: `Sample ${i + 1}`,
    seed: i + 1,
    pixels: { height: 1, width: 1, rgba: new Uint8ClampedArray([i, 0, 0, 255]) },
  });

  it('comes back with the outputs it had finished, said to be interrupted; one that ends is saved whole', async () => {
    await clearSession();
    const first = await freshPage();
    first.startSessionPersistence();
    const running = { ...finishedRun(1, 'gpnn', 'samples', 'running'), expectedOutputs: 3 };
    // Nothing finished yet: nothing to keep.
    first.useStudio.setState({ runs: [running] });
    first.useStudio.setState({ runs: [{ ...running, outputs: [output(0)] }] });
    await untilSaved(1);
    first.useStudio.setState({ runs: [{ ...running, outputs: [output(0), output(1)] }] });
    await vi.waitFor(async () => expect((await loadSession()).results[0]?.run).toMatchObject({ outputs: [{}, {}] }), {
      timeout: 60_000,
      interval: 20,
    });

    // The page goes away here, with two of three outputs made.
    const second = await freshPage();
    await second.restoreSession();
    const [restored] = second.useStudio.getState().runs;
    expect(restored).toMatchObject({ id: 1, status: 'cancelled', error: second.INTERRUPTED });
    expect(restored.outputs.map((o) => o.label)).toEqual(['Sample 1', 'Sample 2']);

    // A run that goes on to finish is saved again under the same key, whole and done.
    await clearSession();
    const third = await freshPage();
    third.startSessionPersistence();
    third.useStudio.setState({ runs: [{ ...running, outputs: [output(0)] }] });
    await untilSaved(1);
    third.useStudio.setState({ runs: [{ ...running, status: 'done', outputs: [output(0), output(1), output(2)] }] });
    await vi.waitFor(
      async () => expect((await loadSession<unknown, Run>()).results.map((r) => r.run.status)).toEqual(['done']),
      {
        timeout: 60_000,
        interval: 20,
      },
    );
    expect((await loadSession<unknown, Run>()).results[0].run.outputs).toHaveLength(3);
  });
});
