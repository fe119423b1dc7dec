import { describe, expect, it } from 'vitest';
import { MASK_REMOVE } from '../../../engine/gpnn/gpnnTask';
import { movingBarVideo, scrollingTextureVideo } from '../../../engine/vgpnn/proceduralVideos';
import { vgpnnPlan } from '../../../engine/vgpnn/vgpnnParams';
import { videoToFrames } from '../../../engine/vgpnn/video';
import type { RgbImage } from '../../../engine/image/rgbImage';
import type { MetricName } from '../../../protocol/messages';
import type { JobContext } from '../../../worker/jobContext';
import { runRegisteredJob } from '../../../worker/jobRunners';
import { VGPNN_NO_COMPLETENESS, vgpnnParamsOf, type VgpnnGenerateJob, type VgpnnInpaintJob } from '..';
import { runVgpnnJob } from './runVgpnnJob';

/** A tiny procedural clip: a bar moving over a gradient, 4 frames of 20×16. */
const SOURCE = videoToFrames(movingBarVideo(4, 16, 20));

const job = (over: Partial<VgpnnGenerateJob> = {}): VgpnnGenerateJob => ({
  kind: 'vgpnn-generate',
  seeds: [3, 4],
  maxSide: 20,
  frames: 4,
  scale: { height: 1, width: 1 },
  sigma: 2.5,
  voting: 'median',
  alpha: VGPNN_NO_COMPLETENESS,
  fps: 10,
  loop: 'loop',
  ...over,
});

/** What a job sends out, recorded; `abortAfterLevels` cancels it once that many levels have streamed. */
function fakeContext(frames: readonly RgbImage[] | null = SOURCE, abortAfterLevels = Infinity) {
  const sent = {
    scales: [] as { output: number; level: number; depth: number; width: number; height: number; label: string }[],
    outputs: [] as { output: number; label: string; seed: number | null; image: RgbImage }[],
    metrics: [] as { output: number; level: number | null; name: MetricName; value: number }[],
    progress: [] as { done: number; total: number; stage: string }[],
    checkpoints: 0,
  };
  const controller = new AbortController();
  const ctx = {
    source: frames?.[0],
    image: (slot: string) => (slot === 'source' ? frames?.[0] : undefined),
    frames: (slot: string) => (slot === 'source' ? (frames ?? undefined) : undefined),
    signal: controller.signal,
    emitScale: (output: number, level: number, depth: number, image: RgbImage, label: string) => {
      sent.scales.push({ output, level, depth, width: image.width, height: image.height, label });
      if (sent.scales.length >= abortAfterLevels) controller.abort();
    },
    emitOutput: (output: number, image: RgbImage, label: string, seed: number | null) =>
      sent.outputs.push({ output, label, seed, image }),
    emitMetric: (output: number, level: number | null, name: MetricName, value: number) =>
      sent.metrics.push({ output, level, name, value }),
    emitProgress: (done: number, total: number, stage: string) => sent.progress.push({ done, total, stage }),
    pace: async () => controller.signal.throwIfAborted(),
    checkpoint: async () => {
      sent.checkpoints++;
      controller.signal.throwIfAborted();
    },
  } as unknown as JobContext;
  return { ctx, sent, controller };
}

describe('vgpnn-generate runner', () => {
  const plan = vgpnnPlan([4, 16, 20], [4, 16, 20], vgpnnParamsOf(job()));

  it('streams every level of every sample, coarsest first, then each sample’s frames as outputs', async () => {
    const { ctx, sent } = fakeContext();
    await runRegisteredJob(job(), ctx, null);
    const levels = Array.from({ length: plan.depth + 1 }, (_, i) => plan.depth - i);
    // Each sample's levels are scales of its first frame's output (0 and 4), as film strips of its frames.
    expect(sent.scales.map((s) => [s.output, s.level, s.depth])).toEqual([
      ...levels.map((k) => [0, k, plan.depth]),
      ...levels.map((k) => [4, k, plan.depth]),
    ]);
    const finest = sent.scales.find((s) => s.level === 0)!;
    expect([finest.width, finest.height]).toEqual([4 * 20 + 3 * 2, 16]);
    expect(finest.label).toBe('Level 0 · 4 frames of 20×16');
    expect(sent.outputs.map((o) => [o.output, o.seed, o.label])).toEqual([
      [0, 3, 'Seed 3 · frame 1/4'],
      [1, 3, 'Seed 3 · frame 2/4'],
      [2, 3, 'Seed 3 · frame 3/4'],
      [3, 3, 'Seed 3 · frame 4/4'],
      [4, 4, 'Seed 4 · frame 1/4'],
      [5, 4, 'Seed 4 · frame 2/4'],
      [6, 4, 'Seed 4 · frame 3/4'],
      [7, 4, 'Seed 4 · frame 4/4'],
    ]);
    for (const o of sent.outputs) expect([o.image.width, o.image.height]).toEqual([20, 16]);
    // Progress ends at its total; every sample is measured on its first output.
    const last = sent.progress.at(-1)!;
    expect(last.done).toBe(last.total);
    for (const first of [0, 4])
      expect(
        sent.metrics
          .filter((m) => m.output === first && m.level === null)
          .map((m) => m.name)
          .sort(),
      ).toEqual(['flicker', 'loop-seam', 'motion-agreement', 'motion-angle', 'source-motion-angle']);
    expect(sent.checkpoints).toBeGreaterThanOrEqual(2 * (plan.depth + 1));
  });

  it('says its search; above the exact budget it runs PatchMatch, and its progress still ends at its total', async () => {
    const small = fakeContext();
    await runVgpnnJob(job({ seeds: [3] }), small.ctx);
    expect(small.sent.progress[0].stage).toBe('Building the space-time pyramid · exact search');
    // 12 frames of 48×40: just above the exact budget (1.5·10⁹ pairs a sample).
    const big = fakeContext(videoToFrames(movingBarVideo(12, 40, 48)));
    await runVgpnnJob(job({ seeds: [1], maxSide: 48, frames: 12 }), big.ctx);
    expect(big.sent.progress[0].stage).toMatch(
      /^Building the space-time pyramid · PatchMatch \(exact search would compare [\d.]+ billion patch pairs per sample\)$/,
    );
    expect(big.sent.outputs).toHaveLength(12);
    const last = big.sent.progress.at(-1)!;
    expect(last.done).toBe(last.total);
  }, 120_000);

  it('counts a redrawn sample’s refused draws into its total: the bar never runs back or past the end', async () => {
    // At sigma 0 every draw comes back as the source, so the sample is drawn MAX_NOISE_DRAWS times.
    const { ctx, sent } = fakeContext();
    await runVgpnnJob(job({ seeds: [3], sigma: 0 }), ctx);
    const coarsestStarts = sent.progress.filter((p) => p.stage.includes(`level ${plan.depth} · step 1/`));
    expect(coarsestStarts.length).toBeGreaterThan(1);
    for (const [i, p] of sent.progress.entries()) {
      expect(p.done).toBeLessThanOrEqual(p.total);
      if (i > 0) expect(p.done).toBeGreaterThanOrEqual(sent.progress[i - 1].done);
    }
    // Not held at the end while work remains: a draw can only be refused once it is finished, so the bar is
    // full at most once per draw, never for the steps of the draws after it.
    expect(sent.progress.filter((p) => p.done === p.total).length).toBeLessThanOrEqual(coarsestStarts.length);
    const last = sent.progress.at(-1)!;
    expect(last.done).toBe(last.total);
  });

  it('reproduces a sample from its seed, bit for bit; other seeds differ', async () => {
    const a = fakeContext();
    await runVgpnnJob(job({ seeds: [3, 4] }), a.ctx);
    const b = fakeContext();
    await runVgpnnJob(job({ seeds: [4] }), b.ctx);
    const pixels = (outs: typeof a.sent.outputs) => outs.map((o) => Array.from(o.image.data));
    expect(pixels(b.sent.outputs)).toEqual(pixels(a.sent.outputs.slice(4)));
    expect(pixels(a.sent.outputs.slice(0, 4))).not.toEqual(pixels(a.sent.outputs.slice(4)));
  });

  it('makes other shapes: fewer frames, a wider scene', async () => {
    const { ctx, sent } = fakeContext();
    await runVgpnnJob(job({ seeds: [1], frames: 3, scale: { height: 1, width: 1.5 } }), ctx);
    expect(sent.outputs).toHaveLength(3);
    for (const o of sent.outputs) expect([o.image.width, o.image.height]).toEqual([30, 16]);
  });

  it('stops when cancelled: no frames after the cancel', async () => {
    const { ctx, sent } = fakeContext(SOURCE, 2);
    await expect(runVgpnnJob(job(), ctx)).rejects.toThrow();
    expect(sent.scales).toHaveLength(2);
    expect(sent.outputs).toHaveLength(0);
  });

  it('is refused on a still, in the registry’s words', async () => {
    const { ctx } = fakeContext(null);
    await expect(runRegisteredJob(job(), { ...ctx, image: () => SOURCE[0] }, null)).rejects.toThrow(
      'This image is a still; use the still engines',
    );
  });
});

describe('vgpnn-inpaint runner', () => {
  // 4 frames of 32×20 with a red 8×8 square on every frame: the hole painted over it.
  const [T, H, W] = [4, 20, 32];
  const inHole = (y: number, x: number) => x >= 12 && x < 20 && y >= 6 && y < 14;
  const texture = videoToFrames(scrollingTextureVideo(T, H, W, 3));
  const frames = texture.map((f) => {
    const g = { ...f, data: f.data.slice() };
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (inHole(y, x)) g.data.set([1, 0, 0], (y * W + x) * 3);
    return g;
  });
  const labels = Uint8Array.from({ length: H * W }, (_, i) => (inHole(Math.floor(i / W), i % W) ? MASK_REMOVE : 0));
  const inpaint = (over: Partial<VgpnnInpaintJob> = {}): VgpnnInpaintJob => ({
    kind: 'vgpnn-inpaint',
    seeds: [1, 2],
    maxSide: 32,
    frames: T,
    labels,
    sigma: 0.5,
    voting: 'median',
    fps: 10,
    loop: 'loop',
    ...over,
  });
  /** Mean |Δ| per value between two frames over the pixels where `where` holds. */
  const diff = (a: RgbImage, b: RgbImage, where: (y: number, x: number) => boolean) => {
    let s = 0;
    let n = 0;
    for (let y = 0; y < a.height; y++)
      for (let x = 0; x < a.width; x++)
        if (where(y, x)) {
          for (let c = 0; c < 3; c++)
            s += Math.abs(a.data[(y * a.width + x) * 3 + c] - b.data[(y * a.width + x) * 3 + c]);
          n += 3;
        }
    return s / n;
  };

  it('fills the hole on every frame of every seed and streams it as samples are; the rest stays the source', async () => {
    const { ctx, sent } = fakeContext(frames);
    await runRegisteredJob(inpaint(), ctx, null);
    expect(sent.progress[0].stage).toMatch(/^Building the space-time pyramid around the hole · /);
    expect(sent.outputs.map((o) => [o.output, o.seed])).toEqual(
      Array.from({ length: 2 * T }, (_, i) => [i, i < T ? 1 : 2]),
    );
    expect(sent.outputs[T].label).toBe(`Seed 2 · frame 1/${T}`);
    // Farther than a patch from the hole.
    const far = (_y: number, x: number) => x < 6 || x >= 26;
    for (const [i, o] of sent.outputs.entries()) {
      expect([o.image.width, o.image.height]).toEqual([W, H]);
      expect(diff(o.image, frames[i % T], far)).toBe(0);
      // The red square is gone: the texture that was under it fills the hole.
      expect(diff(o.image, frames[i % T], inHole)).toBeGreaterThan(0.2);
      expect(diff(o.image, texture[i % T], inHole)).toBeLessThan(0.15);
    }
    expect(sent.scales.filter((s) => s.level === 0).map((s) => s.output)).toEqual([0, T]);
    const last = sent.progress.at(-1)!;
    expect(last.done).toBe(last.total);
    expect(sent.progress.some((p) => p.stage.startsWith('Fill 2/2 · seed 2'))).toBe(true);
  }, 60_000);

  it('works on the frames shrunk to the max side, with the hole shrunk alike', async () => {
    const { ctx, sent } = fakeContext(frames);
    await runRegisteredJob(inpaint({ seeds: [3], maxSide: 24 }), ctx, null);
    expect(sent.outputs).toHaveLength(T);
    for (const o of sent.outputs) expect([o.image.width, o.image.height]).toEqual([24, 15]);
  }, 60_000);

  it('refuses an empty hole, a hole over every frame and one no patch can be filled from, in the user’s words', async () => {
    const run = (j: VgpnnInpaintJob) => runRegisteredJob(j, fakeContext(frames).ctx, null);
    await expect(run(inpaint({ labels: new Uint8Array(H * W) }))).rejects.toThrow('Paint the hole to fill first.');
    await expect(run(inpaint({ labels: new Uint8Array(H * W).fill(MASK_REMOVE) }))).rejects.toThrow(
      'The hole covers the whole frame',
    );
    await expect(run(inpaint({ labels: new Uint8Array(5) }))).rejects.toThrow('does not match the frame size');
    const most = Uint8Array.from({ length: H * W }, (_, i) => {
      const [y, x] = [Math.floor(i / W), i % W];
      return y >= 2 && y < H - 2 && x >= 2 && x < W - 2 ? MASK_REMOVE : 0;
    });
    await expect(run(inpaint({ labels: most }))).rejects.toThrow('Every patch of the frame touches the hole');
    await expect(run(inpaint({ frames: 5 }))).rejects.toThrow('The job is for a GIF of 5 frames; this one has 4.');
  });
});
