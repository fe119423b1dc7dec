import { describe, expect, it } from 'vitest';
import { jobProblem } from '../../jobs/jobKinds';
import type { JobFacts } from '../../jobs/kindInfo';
import type { VgpnnGenerateJob, VgpnnInpaintJob } from '.';
import { exactSearchPairs, vgpnnPlan } from '../../engine/vgpnn/vgpnnParams';
import {
  VGPNN_EXACT_PAIRS,
  VGPNN_NO_COMPLETENESS,
  vgpnnFrameRange,
  vgpnnHoleAt,
  vgpnnParamsOf,
  vgpnnSearchOf,
  vgpnnShapes,
  vgpnnSourceSize,
} from './vgpnnLimits';

const job = (over: Partial<VgpnnGenerateJob> = {}): VgpnnGenerateJob => ({
  kind: 'vgpnn-generate',
  seeds: [1, 2],
  maxSide: 32,
  frames: 8,
  scale: { height: 1, width: 1 },
  sigma: 2.5,
  voting: 'median',
  alpha: VGPNN_NO_COMPLETENESS,
  fps: 10,
  loop: 'loop',
  ...over,
});

/** What the page, the worker and the CLI all say of this job on a source of `frames` frames of height×width. */
const problem = (j: VgpnnGenerateJob, frames: number, height = 48, width = 64) => {
  const facts: JobFacts = {
    images: { source: [height, width] },
    models: null,
    frames: frames > 1 ? { source: frames } : {},
  };
  return jobProblem(j, facts);
};

describe('vgpnn-generate limits', () => {
  it('accepts an animated source within the limits', () => {
    expect(problem(job(), 8)).toBeNull();
    expect(problem(job({ frames: 4, scale: { height: 0.5, width: 2 } }), 8)).toBeNull();
  });

  it('makes a seamless loop only for forward playback, and passes it to the engine', () => {
    expect(problem(job({ seamless: true }), 8)).toBeNull();
    expect(vgpnnParamsOf(job({ seamless: true })).loop).toBe(true);
    // A recipe from before seamless loops has no field: a plain output, as it was made.
    expect(vgpnnParamsOf(job()).loop).toBe(false);
    expect(problem(job({ seamless: true, loop: 'pingpong' }), 8)?.message).toBe(
      'A seamless loop plays forwards, last frame into the first; ping-pong playback needs no seam. Pick one.',
    );
    // Two patch depths of frames: fewer could only loop by standing still.
    expect(problem(job({ seamless: true, frames: 6 }), 6)).toBeNull();
    expect(problem(job({ seamless: true, frames: 5 }), 5)?.message).toBe(
      'A seamless loop needs a GIF of at least 6 frames (two patch depths; fewer can only loop by standing still); this one has 5. Untick Seamless loop to make plain variations.',
    );
  });

  it('refuses a still and points to the still engines', () => {
    expect(problem(job(), 1)).toEqual({
      code: 'bad-params',
      message:
        'VGPNN remakes motion from space-time patches: load an animated GIF (or animated WebP/APNG). This image is a still; use the still engines (GPNN, SinGAN) for it.',
    });
  });

  it('refuses fewer frames than the patch is deep', () => {
    expect(problem(job({ frames: 3 }), 2)?.message).toBe(
      'This GIF has 2 frames; the space-time patches are 3 frames deep, so it needs at least 3.',
    );
  });

  it('refuses frames and factors outside 0.5× to 2× the source', () => {
    expect(vgpnnFrameRange(8)).toEqual({ min: 4, max: 16 });
    expect(vgpnnFrameRange(4)).toEqual({ min: 3, max: 8 });
    expect(problem(job({ frames: 17 }), 8)?.message).toBe(
      "Frames must be a whole number from 4 to 16 (0.5× to 2× the source's 8); got 17.",
    );
    expect(problem(job({ frames: 3 }), 8)?.message).toContain('from 4 to 16');
    expect(problem(job({ scale: { height: 2.5, width: 1 } }), 8)?.message).toBe(
      "Height factor must be from 0.5× to 2× the source's; got 2.5.",
    );
    expect(problem(job({ scale: { height: 1, width: 0.25 } }), 8)?.message).toBe(
      "Width factor must be from 0.5× to 2× the source's; got 0.25.",
    );
  });

  it('refuses too many samples, a bad max side, rate or noise', () => {
    expect(problem(job({ seeds: [] }), 8)?.message).toBe('Samples must be a whole number from 1 to 8.');
    expect(problem(job({ maxSide: 4 }), 8)?.message).toBe('Max side must be a whole number of pixels from 8 to 256.');
    expect(problem(job({ fps: 0 }), 8)?.message).toBe('Frame rate must be from 1 to 50 fps (got 0).');
    expect(problem(job({ sigma: -1 }), 8)?.message).toBe('Noise sigma must be between 0 and 100.');
  });

  it('runs exact search up to about half a minute a sample, PatchMatch above, and refuses neither', () => {
    const planOf = (maxSide: number, frames: number) => {
      const { source, output } = vgpnnShapes(job({ maxSide, frames }), frames, 96, 128);
      return vgpnnPlan(source, output, vgpnnParamsOf(job()));
    };
    expect(vgpnnSearchOf(planOf(32, 12))).toBe('exact');
    expect(exactSearchPairs(planOf(32, 12))).toBeLessThanOrEqual(VGPNN_EXACT_PAIRS);
    expect(vgpnnSearchOf(planOf(64, 16))).toBe('patchmatch');
    expect(vgpnnSearchOf(planOf(128, 16))).toBe('patchmatch');
    expect(problem(job({ maxSide: 128, frames: 16 }), 16, 96, 128)).toBeNull();
  });

  it('shrinks the source to the max side, never enlarges it, and scales the output from it', () => {
    expect(vgpnnSourceSize(96, 128, 32)).toEqual({ height: 24, width: 32 });
    expect(vgpnnSourceSize(20, 24, 32)).toEqual({ height: 20, width: 24 });
    expect(vgpnnShapes(job({ frames: 6, scale: { height: 1, width: 1.5 } }), 8, 96, 128)).toEqual({
      source: [8, 24, 32],
      output: [6, 24, 48],
    });
  });
});

describe('vgpnn-inpaint limits', () => {
  const [H, W] = [48, 64];
  const hole = (x0: number, x1: number, y0: number, y1: number) =>
    Uint8Array.from({ length: H * W }, (_, i) => {
      const [y, x] = [Math.floor(i / W), i % W];
      return x >= x0 && x < x1 && y >= y0 && y < y1 ? 2 : 0;
    });
  const inpaint = (over: Partial<VgpnnInpaintJob> = {}): VgpnnInpaintJob => ({
    kind: 'vgpnn-inpaint',
    seeds: [1],
    maxSide: 64,
    frames: 8,
    labels: hole(20, 36, 16, 30),
    sigma: 1.75,
    voting: 'median',
    fps: 10,
    loop: 'loop',
    ...over,
  });
  const problemOf = (j: VgpnnInpaintJob, frames = 8) =>
    jobProblem(j, { images: { source: [H, W] }, models: null, frames: frames > 1 ? { source: frames } : {} })
      ?.message ?? null;

  it('accepts a painted hole on an animated source', () => {
    expect(problemOf(inpaint())).toBeNull();
  });

  it('refuses a still, an unpainted or whole-frame hole, a mask of another size, another GIF’s job', () => {
    expect(problemOf(inpaint(), 1)).toMatch(/This image is a still/);
    expect(problemOf(inpaint({ labels: new Uint8Array(H * W) }))).toBe('Paint the hole to fill first.');
    expect(problemOf(inpaint({ labels: new Uint8Array(H * W).fill(2) }))).toMatch(/covers the whole frame/);
    expect(problemOf(inpaint({ labels: new Uint8Array(10) }))).toMatch(/does not match the frame size/);
    expect(problemOf(inpaint({ colour: new Uint8ClampedArray(10) }))).toMatch(/colour does not match/);
    expect(problemOf(inpaint({ frames: 9 }))).toMatch(/for a GIF of 9 frames; this one has 8/);
    expect(problemOf(inpaint({ sigma: -1 }))).toMatch(/sigma/);
    expect(problemOf(inpaint({ fps: 0 }))).not.toBeNull();
  });

  it('shrinks the hole with the frames, and refuses one that vanishes at the max side', () => {
    const small = vgpnnHoleAt({ labels: hole(20, 36, 16, 30) }, H, W, { height: 24, width: 32 });
    expect(small.labels.reduce((n, v) => n + (v === 2 ? 1 : 0), 0)).toBe(8 * 7);
    const dot = hole(33, 34, 21, 22);
    expect(problemOf(inpaint({ labels: dot, maxSide: 64 }))).toBeNull();
    expect(problemOf(inpaint({ labels: dot, maxSide: 16 }))).toMatch(/smaller than a pixel/);
  });
});
