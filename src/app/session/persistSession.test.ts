import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { JobKind } from '../../protocol/messages';
import type { Run } from '../store';
import { loadSession } from './sessionDb';

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
const untilSaved = (results: number) => vi.waitFor(async () => expect((await loadSession()).results).toHaveLength(results), { timeout: 60_000, interval: 20 });

describe('the saved session', () => {
  it('keeps a GIF → GIF animation beside its noise walk across reloads, by the walk run’s new id', async () => {
    const first = await freshPage();
    first.startSessionPersistence();
    const animation = finishedRun(1, 'gif2gif-generate', 'animation');
    first.useStudio.setState({ runs: [animation] });
    await untilSaved(1);
    // As showNoiseWalk does: the walk starts beside the finished (already saved) animation, then finishes.
    first.useStudio.setState({ runs: [finishedRun(2, 'singan-animate', 'walk', 'running'), { ...animation, walkRunId: 2 }] });
    first.useStudio.setState((s) => ({ runs: [finishedRun(2, 'singan-animate', 'walk'), s.runs[1]] }));
    await untilSaved(2);

    const second = await freshPage();
    await second.restoreSession();
    const runs = second.useStudio.getState().runs;
    expect(runs.map((r) => r.title)).toEqual(['walk', 'animation']);
    // New ids, newest first: the walk is 1 and the animation 2, so the old walkRunId (2) would name the animation itself.
    expect(runs.map((r) => r.id)).toEqual([1, 2]);
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

describe('settings saved by an older build', () => {
  it('keep the defaults of settings added since, at any depth, and everything they did save', async () => {
    const { overDefaults } = await freshPage();
    const defaults = { task: 'gpnn-sample', gif2gif: { sequence: { variant: 'noise-lstm', hidden: 8, chunk: 2, motion: 3 }, generate: { frames: 12 } }, list: [1, 2], pick: null as string | null };
    const saved = { task: 'singan-train', gif2gif: { sequence: { variant: 'one-to-many', hidden: 4, chunk: 2 } }, list: [3], pick: 'a' };
    expect(overDefaults(defaults, saved)).toEqual({
      task: 'singan-train',
      gif2gif: { sequence: { variant: 'one-to-many', hidden: 4, chunk: 2, motion: 3 }, generate: { frames: 12 } },
      list: [3],
      pick: 'a',
    });
    expect(overDefaults({ a: { b: 1 } }, { a: null })).toEqual({ a: null });
  });
});
