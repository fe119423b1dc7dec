import { expect, test } from './harnessFixture';
import { createRgbImage, type RgbImage } from '../src/engine/image/rgbImage';
import {
  applyResampleSteps,
  resampleAxis,
  resizeLinear,
  type Axis,
  type ResampleFilter,
} from '../src/engine/image/resample';
import { cpuImageOps } from '../src/engine/image/cpuImageOps';
import { buildPyramid, buildPyramidOnCpu } from '../src/engine/pyramid/buildPyramid';
import { DEFAULT_PYRAMID, pyramidPlan } from '../src/engine/pyramid/pyramidShape';
import { maxAbsDiff } from './support';
import { mulberry32 } from '../src/engine/random/prng';
import { runHarness as run } from '../scripts/lib/harness';

/**
 * Every WGSL kernel against its TypeScript CPU reference, on random inputs,
 * through the kernel harness page (harness.html).
 */
type JsonImage = { height: number; width: number; data: number[] };

function randomImage(h: number, w: number, seed: number): RgbImage {
  const r = mulberry32(seed);
  return createRgbImage(
    h,
    w,
    Float32Array.from({ length: h * w * 3 }, () => r()),
  );
}

const json = (img: RgbImage): JsonImage => ({ height: img.height, width: img.width, data: Array.from(img.data) });

test('resample_axis matches the CPU reference on random images, both axes and filters, edge sizes', async ({
  harness: page,
}) => {
  // Sizes include 1-pixel outputs, upsampling, odd sizes and outputs spanning several 64-wide workgroups.
  const cases: [number, number, Axis, number, ResampleFilter][] = [
    [7, 9, 'width', 1, { kind: 'linear' }],
    [7, 9, 'height', 1, { kind: 'gaussian', sigma: 2.3 }],
    [13, 5, 'width', 17, { kind: 'linear' }],
    [5, 13, 'height', 11, { kind: 'gaussian', sigma: 0.4 }],
    [33, 47, 'width', 20, { kind: 'gaussian', sigma: 47 / 20 / 3 }],
    [64, 50, 'height', 48, { kind: 'gaussian', sigma: 0.44 }],
    [40, 61, 'width', 130, { kind: 'linear' }],
    [1, 1, 'height', 3, { kind: 'linear' }],
    [29, 31, 'height', 29, { kind: 'gaussian', sigma: 5.9 }],
    // skimage's blur-then-bilinear: a pyramid step, an anti-aliased squeeze, bare bilinear, a blur wider than the image.
    [45, 60, 'width', 45, { kind: 'blurLinear', sigma: 4 / 9 }],
    [45, 60, 'height', 34, { kind: 'blurLinear', sigma: 4 / 9 }],
    [15, 20, 'width', 14, { kind: 'blurLinear', sigma: 3 / 28 }],
    [14, 19, 'width', 19, { kind: 'blurLinear', sigma: 0 }],
    [3, 70, 'height', 2, { kind: 'blurLinear', sigma: 2.5 }],
    [1, 1, 'width', 1, { kind: 'blurLinear', sigma: 0.44 }],
    [33, 130, 'width', 97, { kind: 'blurLinear', sigma: 0.44 }],
  ];
  let seed = 1;
  for (const [h, w, axis, outLen, filter] of cases) {
    const img = randomImage(h, w, seed++);
    const got = await run<{ image: JsonImage; liveBytesAfter: number }>(page, 'resample_axis', {
      image: json(img),
      axis,
      outLen,
      filter,
    });
    const want = resampleAxis(img, axis, outLen, filter);
    const label = `${h}×${w} ${axis}→${outLen} ${filter.kind}`;
    expect([got.image.height, got.image.width], label).toEqual([want.height, want.width]);
    expect(maxAbsDiff(got.image.data, want.data), label).toBeLessThan(1e-5);
    expect(got.liveBytesAfter, `${label}: every buffer released`).toBe(0);
  }
});

test('the GPU Gaussian pyramid equals the CPU pyramid level by level', async ({ harness: page }) => {
  const cases: [number, number, number, typeof DEFAULT_PYRAMID][] = [
    [45, 60, 11, DEFAULT_PYRAMID],
    [64, 33, 12, DEFAULT_PYRAMID],
    [32, 32, 13, DEFAULT_PYRAMID],
    [40, 53, 14, { ...DEFAULT_PYRAMID, coarseShape: 'aspect' }],
    [14, 30, 15, DEFAULT_PYRAMID],
  ];
  for (const [h, w, seed, params] of cases) {
    const img = randomImage(h, w, seed);
    const got = await run<{ levels: JsonImage[] }>(page, 'gaussian_pyramid', { image: json(img), params });
    const want = await buildPyramid(cpuImageOps, img, params);
    expect(got.levels).toHaveLength(want.length);
    want.forEach((level, k) => {
      expect([got.levels[k].height, got.levels[k].width]).toEqual([level.height, level.width]);
      expect(maxAbsDiff(got.levels[k].data, level.data), `${h}×${w} level ${k}`).toBeLessThan(1e-5);
    });
    // The async and sync CPU builders are one pyramid; each level is made from the one before it.
    const sync = buildPyramidOnCpu(img, params);
    sync.forEach((level, k) => expect(maxAbsDiff(level.data, want[k].data)).toBe(0));
    if (want.length > 2)
      expect(maxAbsDiff(want[2].data, applyResampleSteps(want[1], pyramidPlan(h, w, params)[2].steps).data)).toBe(0);
  }
});

test('the GPU antialiased resize equals the CPU resize, up and down', async ({ harness: page }) => {
  const img = randomImage(23, 37, 99);
  for (const [h, w] of [
    [11, 50],
    [46, 18],
    [23, 37],
    [1, 64],
  ]) {
    const got = await run<{ image: JsonImage }>(page, 'resize_linear', { image: json(img), height: h, width: w });
    const want = resizeLinear(img, h, w);
    expect([got.image.height, got.image.width]).toEqual([h, w]);
    expect(maxAbsDiff(got.image.data, want.data), `${h}×${w}`).toBeLessThan(1e-5);
  }
});

test('tfjs runs on the engine’s own GPU device and shares buffers with the WGSL kernels', async ({ harness: page }) => {
  const img = randomImage(9, 14, 5);
  const got = await run<{ sameDevice: boolean; backend: string; scaled: number[]; roundTrip: number[] }>(
    page,
    'tf_shared_device',
    {
      image: json(img),
    },
  );
  expect(got.backend).toBe('webgpu');
  expect(got.sameDevice).toBe(true);
  const want = resampleAxis(img, 'width', 7, { kind: 'linear' });
  // tfjs doubled the WGSL kernel's output in place on the GPU (zero-copy tensor over our buffer)…
  expect(
    maxAbsDiff(
      got.scaled,
      Array.from(want.data, (v) => 2 * v),
    ),
  ).toBeLessThan(1e-5);
  // …and our kernel read a tfjs tensor's GPU buffer directly (dataToGPU) to resample it back.
  expect(maxAbsDiff(got.roundTrip, resampleAxis(img, 'width', 14, { kind: 'linear' }).data)).toBeLessThan(1e-5);
});
