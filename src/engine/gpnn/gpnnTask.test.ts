import { describe, expect, it } from 'vitest';
import { createRgbImage, type RgbImage } from '../image/rgbImage';
import { cpuGpnnBackend } from './cpuGpnnBackend';
import {
  DEFAULT_GPNN,
  FINE_LEVEL_SIDE,
  levelVote,
  sampleLevelAlpha,
  validateGpnnParams,
  type GpnnParams,
} from './gpnnParams';
import { planGpnn } from './gpnnPlan';
import { COARSE_COPY_DISTANCE, MAX_NOISE_DRAWS } from './copyRedraw';
import { quickCheckGpnnTask as validateGpnnTask } from './gpnnTask';
import { gpnnOutputWarning, type GpnnOutputNote } from './outputNotes';
import { runGpnnTask } from './runGpnnTask';

function randomImage(h: number, w: number, seed: number): RgbImage {
  let s = seed;
  const r = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const img = createRgbImage(h, w);
  // Smooth-ish structure plus noise, so patches are distinct.
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++)
        img.data[(y * w + x) * 3 + c] = 0.5 + 0.3 * Math.sin(x / 3 + c) * Math.cos(y / 4) + 0.2 * r();
  return img;
}

// Small pyramids keep the exact CPU search fast.
const P: GpnnParams = { ...DEFAULT_GPNN, coarseDim: 12, iterations: 2 };

describe('GPNN on the CPU backend', () => {
  it('with sigma 0 and no retargeting reproduces the source exactly (every query finds itself)', async () => {
    const src = randomImage(24, 30, 3);
    const [out] = await runGpnnTask(
      cpuGpnnBackend(),
      { source: src },
      { kind: 'sample', seeds: [7] },
      { ...P, sigma: 0 },
    );
    expect([out.height, out.width]).toEqual([24, 30]);
    expect(Array.from(out.data)).toEqual(Array.from(src.data));
  });

  it('retargets to exactly the requested size, streaming every level with height×width kept', async () => {
    const src = randomImage(24, 30, 5);
    const shapes: [number, number][] = [];
    const [out] = await runGpnnTask(cpuGpnnBackend(), { source: src }, { kind: 'retarget', height: 20, width: 45 }, P, {
      onScale: (_o, _level, img) => void shapes.push([img.height, img.width]),
    });
    expect([out.height, out.width]).toEqual([20, 45]);
    const plan = planGpnn([24, 30], [20, 45], P);
    expect(shapes).toEqual([...plan.output].reverse().map((s) => [...s]));
  });

  it('makes different samples for different seeds and the same sample for the same seed', async () => {
    const src = randomImage(24, 24, 9);
    const [a, b, a2] = await runGpnnTask(cpuGpnnBackend(), { source: src }, { kind: 'sample', seeds: [1, 2, 1] }, P);
    expect(Array.from(a.data)).toEqual(Array.from(a2.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(b.data));
    // Outputs are made of source patches: values stay within the source's range.
    const [lo, hi] = [Math.min(...src.data), Math.max(...src.data)];
    for (const v of a.data) expect(v >= lo - 1e-6 && v <= hi + 1e-6).toBe(true);
  });

  it('PatchMatch mode gives the right sizes and nearly reproduces the source with sigma 0', async () => {
    const src = randomImage(30, 36, 8);
    const [same] = await runGpnnTask(
      cpuGpnnBackend(),
      { source: src },
      { kind: 'sample', seeds: [3] },
      { ...P, sigma: 0, nn: 'patchmatch' },
    );
    let err = 0;
    for (let i = 0; i < src.data.length; i++) err += Math.abs(same.data[i] - src.data[i]);
    expect(err / src.data.length).toBeLessThan(0.01);
    const [wide] = await runGpnnTask(
      cpuGpnnBackend(),
      { source: src },
      { kind: 'retarget', height: 30, width: 50 },
      { ...P, nn: 'patchmatch' },
    );
    expect([wide.height, wide.width]).toEqual([30, 50]);
  });

  it('PatchMatch mode searches exactly at the levels of at most 2^17 patch pairs, and only there', async () => {
    const src = randomImage(64, 85, 9);
    const cpu = cpuGpnnBackend();
    const seen = new Map<string, Set<string>>();
    const spy = {
      ...cpu,
      nearestFold: (q: RgbImage, k: RgbImage, v: RgbImage, o: Parameters<typeof cpu.nearestFold>[3]) => {
        const pairs = (q.height - 6) * (q.width - 6) * (k.height - 6) * (k.width - 6);
        const key = `${q.height}x${q.width}:${pairs}`;
        seen.set(key, (seen.get(key) ?? new Set()).add(o.nn));
        return cpu.nearestFold(q, k, v, o);
      },
    };
    await runGpnnTask(
      spy,
      { source: src },
      { kind: 'sample', seeds: [1] },
      { ...DEFAULT_GPNN, iterations: 1, nn: 'patchmatch' },
    );
    const levels = [...seen].map(([key, nns]) => ({ pairs: Number(key.split(':')[1]), nns: [...nns] }));
    expect(levels.length).toBe(planGpnn([64, 85], [64, 85], DEFAULT_GPNN).depth + 1);
    for (const l of levels) expect(l.nns, `${l.pairs} pairs`).toEqual([l.pairs <= 2 ** 17 ? 'exact' : 'patchmatch']);
    // The 64×85 pyramid: three levels exact (14×14, 16×21, 21×27), four PatchMatch.
    expect(levels.filter((l) => l.nns[0] === 'exact').length).toBe(3);
    expect(levels.filter((l) => l.nns[0] === 'patchmatch').length).toBe(4);
  });

  it('explains inputs it cannot run', () => {
    expect(validateGpnnTask({ kind: 'retarget', height: 10, width: 300 }, { source: [40, 40] }, P)).toMatch(/factors/);
    expect(validateGpnnTask({ kind: 'sample', seeds: [] }, { source: [40, 40] }, P)).toMatch(/samples/);
    expect(validateGpnnTask({ kind: 'sample', seeds: [1] }, { source: [40, 40] }, { ...P, patchSize: 4 })).toMatch(
      /odd/,
    );
    expect(
      validateGpnnTask({ kind: 'sample', seeds: [1] }, { source: [40, 40] }, { ...P, coarseDim: 40, patchSize: 11 }),
    ).toBeNull();
    expect(
      validateGpnnTask({ kind: 'retarget', height: 13, width: 40 }, { source: [40, 40] }, { ...P, coarseDim: 12 }),
    ).toMatch(/smaller than a 7×7 patch/);
  });

  it('stops at a cancel between steps', async () => {
    const src = randomImage(24, 24, 2);
    const controller = new AbortController();
    let steps = 0;
    await expect(
      runGpnnTask(cpuGpnnBackend(), { source: src }, { kind: 'sample', seeds: [1] }, P, {
        signal: controller.signal,
        onStep: () => {
          if (++steps === 2) controller.abort();
        },
      }),
    ).rejects.toThrow();
    expect(steps).toBe(2);
  });
});

describe('a random sample that no noise draw moves away from the source', () => {
  it('is delivered with the copy named (mean |Δ|, draws, sigma) and a warning that suggests a higher sigma', async () => {
    const src = randomImage(24, 24, 11);
    const copies: (GpnnOutputNote | undefined)[] = [];
    // Noise this small is averaged away by the fold on every draw: the identity is the only arrangement left.
    const [out] = await runGpnnTask(
      cpuGpnnBackend(),
      { source: src },
      { kind: 'sample', seeds: [3] },
      { ...P, sigma: 0.001 },
      {
        onOutput: (_i, _img, _seed, copy) => void copies.push(copy),
      },
    );
    expect(copies).toHaveLength(1);
    const copy = copies[0]!;
    if (copy?.kind !== 'copy-of-source') throw new Error(`expected a copy note, got ${JSON.stringify(copy)}`);
    expect(copy.draws).toBe(MAX_NOISE_DRAWS);
    expect(copy.sigma).toBe(0.001);
    let d = 0;
    for (let i = 0; i < src.data.length; i++) d += Math.abs(out.data[i] - src.data[i]);
    expect(copy.meanAbsDiff).toBeCloseTo(d / src.data.length, 6);
    expect(copy.meanAbsDiff).toBeLessThan(COARSE_COPY_DISTANCE);
    expect(gpnnOutputWarning(copy)).toMatch(/source again.*8 noise draws at sigma 0\.001.*Raise the noise sigma/);
  });

  it('is not named a copy when a draw escapes, nor for deterministic tasks', async () => {
    const src = randomImage(24, 24, 11);
    const copies: (GpnnOutputNote | undefined)[] = [];
    const onOutput = (_i: number, _img: RgbImage, _seed: number | null, copy?: GpnnOutputNote) =>
      void copies.push(copy);
    await runGpnnTask(
      cpuGpnnBackend(),
      { source: src },
      { kind: 'sample', seeds: [3] },
      { ...P, sigma: 1.5 },
      { onOutput },
    );
    await runGpnnTask(cpuGpnnBackend(), { source: src }, { kind: 'retarget', height: 24, width: 24 }, P, { onOutput });
    expect(copies).toEqual([undefined, undefined]);
  });
});

describe('a structural analogy that keeps the content image’s own layout', () => {
  const texture = (h: number, w: number, skyRows: number) => {
    let s = 3;
    const r = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    const img = createRgbImage(h, w);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        img.data.set(y < skyRows ? [0.3 + 0.1 * r(), 0.5, 0.9] : [0.2, 0.6 + 0.2 * r(), 0.2], (y * w + x) * 3);
    return img;
  };
  const notesOf = async (structure: RgbImage) => {
    const notes: (GpnnOutputNote | undefined)[] = [];
    await runGpnnTask(cpuGpnnBackend(), { source: texture(36, 36, 14), structure }, { kind: 'analogy' }, P, {
      onOutput: (_i, _o, _s, n) => void notes.push(n),
    });
    return notes;
  };

  it('is named, with both layout correlations and what helps, when the structure is unlike anything the content has', async () => {
    const leftRight = createRgbImage(36, 36);
    for (let y = 0; y < 36; y++)
      for (let x = 0; x < 36; x++) leftRight.data.set(x < 18 ? [0.9, 0.05, 0.1] : [0.05, 0.05, 0.05], (y * 36 + x) * 3);
    const [note] = await notesOf(leftRight);
    if (note?.kind !== 'content-layout') throw new Error(`expected a layout note, got ${JSON.stringify(note)}`);
    expect(note.content).toBeGreaterThan(note.structure);
    expect(gpnnOutputWarning(note)).toMatch(
      /follows the content image's own layout.*larger coarsest side.*alpha at least 1/,
    );
  });

  it('is not named when the output follows the structure (the same scene with more sky)', async () => {
    expect(await notesOf(texture(36, 36, 24))).toEqual([undefined]);
  });
});

describe("random samples' completeness schedule", () => {
  it('runs the paper alpha at the coarse levels and fineAlpha (the larger of the two) from FINE_LEVEL_SIDE × coarseDim up; none without fineAlpha', () => {
    const p: GpnnParams = { ...DEFAULT_GPNN, alpha: 0.005, fineAlpha: 1, coarseDim: 14 };
    expect(sampleLevelAlpha(p, [14, 14])).toBe(0.005);
    expect(sampleLevelAlpha(p, [41, 60])).toBe(0.005);
    expect(sampleLevelAlpha(p, [42, 60])).toBe(1);
    expect(sampleLevelAlpha({ ...p, alpha: 3 }, [188, 250])).toBe(3);
    expect(sampleLevelAlpha({ ...p, fineAlpha: undefined }, [188, 250])).toBe(0.005);
    expect(validateGpnnParams({ ...p, fineAlpha: 0 })).toBe('Fine-level alpha must be greater than 0.');
  });

  it('changes only the fine levels: the coarse levels of a sample are the same with and without it', async () => {
    const src = randomImage(48, 48, 21);
    const levels = async (fineAlpha: number | undefined) => {
      const out = new Map<number, number[]>();
      await runGpnnTask(
        cpuGpnnBackend(),
        { source: src },
        { kind: 'sample', seeds: [5] },
        { ...P, coarseDim: 8, fineAlpha },
        {
          onScale: (_o, level, img) => void out.set(level, Array.from(img.data)),
        },
      );
      return out;
    };
    const [paper, scheduled] = [await levels(undefined), await levels(1)];
    const plan = planGpnn([48, 48], [48, 48], { ...P, coarseDim: 8 });
    const coarse = plan.source.flatMap((shape, k) => (Math.min(...shape) < FINE_LEVEL_SIDE * 8 ? [k] : []));
    expect(coarse.length).toBeGreaterThan(0);
    for (const k of coarse) expect(scheduled.get(k)).toEqual(paper.get(k));
    expect(scheduled.get(0)).not.toEqual(paper.get(0));
  });
});

describe("the fine levels' vote", () => {
  it('votes by fineVote from FINE_LEVEL_SIDE × coarseDim up and by the mean above; the mean everywhere without it', () => {
    const p: GpnnParams = { ...DEFAULT_GPNN, coarseDim: 14, fineVote: 'median' };
    expect(levelVote(p, [14, 14])).toBe('mean');
    expect(levelVote(p, [41, 60])).toBe('mean');
    expect(levelVote(p, [42, 60])).toBe('median');
    expect(levelVote({ ...p, fineVote: undefined }, [188, 250])).toBe('mean');
    expect(validateGpnnParams({ ...p, fineVote: 'mode' as never })).toBe('Fine-level vote must be median or mean.');
  });

  it('changes only the fine levels, in a retarget as in a sample', async () => {
    const src = randomImage(48, 48, 22);
    const levels = async (task: 'sample' | 'retarget', fineVote: GpnnParams['fineVote']) => {
      const out = new Map<number, number[]>();
      await runGpnnTask(
        cpuGpnnBackend(),
        { source: src },
        task === 'sample' ? { kind: 'sample', seeds: [5] } : { kind: 'retarget', height: 48, width: 64, alpha: 1 },
        { ...P, coarseDim: 8, fineVote },
        { onScale: (_o, level, img) => void out.set(level, Array.from(img.data)) },
      );
      return out;
    };
    for (const task of ['sample', 'retarget'] as const) {
      const [mean, median] = [await levels(task, undefined), await levels(task, 'median')];
      expect(await levels(task, 'mean')).toEqual(mean);
      const plan = planGpnn([48, 48], [48, 48], { ...P, coarseDim: 8 });
      const coarse = plan.source.flatMap((shape, k) => (Math.min(...shape) < FINE_LEVEL_SIDE * 8 ? [k] : []));
      expect(coarse.length).toBeGreaterThan(0);
      for (const k of coarse) expect(median.get(k), `${task} level ${k}`).toEqual(mean.get(k));
      expect(median.get(0), task).not.toEqual(mean.get(0));
    }
  });
});
