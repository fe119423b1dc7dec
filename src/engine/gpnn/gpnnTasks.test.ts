import { describe, expect, it } from 'vitest';
import { createRgbImage, type RgbImage } from '../image/rgbImage';
import { cpuGpnnBackend } from './cpuGpnnBackend';
import { DEFAULT_GPNN, type GpnnParams } from './gpnnParams';
import {
  MASK_KEEP,
  MASK_REMOVE,
  quickCheckGpnnTask,
  ANALOGY_ALPHA,
  ANALOGY_COARSE_DIM,
  analogyParams,
  COLLAGE_ALPHA,
  EDIT_ALPHA,
  RETARGET_ALPHA,
  type CollageBlend,
  type GpnnImages,
  type GpnnTaskSpec,
} from './gpnnTask';
import { holeExtent, inpaintCoarseDim } from './gpnnTaskSetup';
import { runGpnnTask } from './runGpnnTask';
import { HOLE_TRACE, patchesTouching, pixelsClearOf, putBackReach } from './levelMasks';
import { moveRegion, seamKeys } from './taskImages';

const P: GpnnParams = { ...DEFAULT_GPNN, coarseDim: 12, iterations: 2 };

function image(h: number, w: number, f: (y: number, x: number) => [number, number, number]): RgbImage {
  const img = createRgbImage(h, w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.data.set(f(y, x), (y * w + x) * 3);
  return img;
}

const noise = (seed: number) => {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
};

/** Two 40×40 pictures with nothing in common, for collages: a noisy green and a blue with red blocks. */
function collagePictures(seed: number): [RgbImage, RgbImage] {
  const r = noise(seed);
  const left = image(40, 40, () => {
    const v = 0.3 + 0.3 * r();
    return [0.2 * v, v, 0.2 * v];
  });
  const right = image(40, 40, (y, x) => ((x >> 2) % 3 === 0 && (y >> 2) % 2 === 0 ? [0.9, 0.1, 0.1] : [0.1, 0.1, 0.5]));
  return [left, right];
}

/** The largest change, over the columns `x` picks, of a collage of collagePictures' two (80 wide) against them. */
function largestChange(collage: RgbImage, [left, right]: [RgbImage, RgbImage], picks: (x: number) => boolean): number {
  let worst = 0;
  for (let y = 0; y < 40; y++)
    for (let x = 0; x < 80; x++) {
      if (!picks(x)) continue;
      const [img, x0] = x < 40 ? [left, x] : [right, x - 40];
      for (let c = 0; c < 3; c++)
        worst = Math.max(worst, Math.abs(collage.data[(y * 80 + x) * 3 + c] - img.data[(y * 40 + x0) * 3 + c]));
    }
  return worst;
}

/** Grey-ish texture with a pure red square at (5..10, 5..10). */
function textureWithRedSquare(): RgbImage {
  const r = noise(4);
  return image(30, 30, (y, x) => {
    if (y >= 5 && y < 11 && x >= 5 && x < 11) return [1, 0, 0];
    const v = 0.3 + 0.4 * r();
    return [v, v, 0.8 * v];
  });
}

const isRed = (img: RgbImage, i: number) => img.data[i * 3] > 0.7 && img.data[i * 3 + 1] < 0.35;
const countRed = (img: RgbImage) =>
  Array.from({ length: img.height * img.width }, (_, i) => (isRed(img, i) ? 1 : 0) as number).reduce(
    (a, b) => a + b,
    0,
  );

function squareLabels(h: number, w: number, y0: number, y1: number, x0: number, x1: number, label: number): Uint8Array {
  const labels = new Uint8Array(h * w);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) labels[y * w + x] = label;
  return labels;
}

describe('GPNN tasks on the CPU backend', () => {
  it('retargeting with a remove mask drops the masked object', async () => {
    const src = textureWithRedSquare();
    expect(countRed(src)).toBe(36);
    const labels = squareLabels(30, 30, 3, 13, 3, 13, MASK_REMOVE);
    const [out] = await runGpnnTask(
      cpuGpnnBackend(),
      { source: src },
      { kind: 'retarget', height: 30, width: 24, labels },
      P,
    );
    expect([out.height, out.width]).toEqual([30, 24]);
    expect(countRed(out)).toBe(0);
    // Without the mask the red square survives (completeness keeps every patch).
    const [plain] = await runGpnnTask(
      cpuGpnnBackend(),
      { source: src },
      { kind: 'retarget', height: 30, width: 24 },
      P,
    );
    expect(countRed(plain)).toBeGreaterThan(10);
  });

  it('retargeting runs at its own alpha; without one (older recipes) at the shared alpha; a bad one gets the shared message', async () => {
    const src = textureWithRedSquare();
    const run = (alpha?: number) =>
      runGpnnTask(cpuGpnnBackend(), { source: src }, { kind: 'retarget', height: 30, width: 40, alpha }, P).then(
        ([o]) => Array.from(o.data),
      );
    expect(await run(undefined)).toEqual(await run(P.alpha));
    expect(await run(RETARGET_ALPHA)).not.toEqual(await run(P.alpha));
    const bad: GpnnTaskSpec = { kind: 'retarget', height: 30, width: 40, alpha: 0 };
    expect(quickCheckGpnnTask(bad, { source: [30, 30] }, P)).toBe('Alpha must be greater than 0.');
    await expect(runGpnnTask(cpuGpnnBackend(), { source: src }, bad, P)).rejects.toThrow(
      'Alpha must be greater than 0.',
    );
  });

  it('a keep region comes out whole, unscaled and once, wider and narrower, with both searches', async () => {
    const src = textureWithRedSquare();
    const keep = squareLabels(30, 30, 3, 13, 3, 13, MASK_KEEP);
    for (const nn of ['exact', 'patchmatch'] as const)
      for (const width of [45, 18]) {
        const [out] = await runGpnnTask(
          cpuGpnnBackend(),
          { source: src },
          { kind: 'retarget', height: 30, width, labels: keep, alpha: RETARGET_ALPHA },
          { ...P, nn },
        );
        // The 6×6 red square, at its own size: no stretched, squeezed or second copy.
        expect(countRed(out), `${nn} width ${width}`).toBe(36);
        const red = Array.from({ length: 30 * width }, (_, i) => i).filter((i) => isRed(out, i));
        const ys = red.map((i) => Math.floor(i / width));
        const xs = red.map((i) => i % width);
        expect([Math.max(...ys) - Math.min(...ys), Math.max(...xs) - Math.min(...xs)]).toEqual([5, 5]);
        // Where its centre lands in the new width (8 of 30 → 12 of 45, 4.8 of 18).
        expect(Math.abs((Math.min(...xs) + 3) / width - 8 / 30)).toBeLessThan(0.12);
      }
  });

  it('a keep region larger than the new size is refused with both sizes', async () => {
    const src = textureWithRedSquare();
    const keep = squareLabels(30, 30, 0, 30, 2, 25, MASK_KEEP);
    await expect(
      runGpnnTask(
        cpuGpnnBackend(),
        { source: src },
        { kind: 'retarget', height: 30, width: 18, labels: keep, alpha: RETARGET_ALPHA },
        P,
      ),
    ).rejects.toThrow('A keep region is 23×30 px but the new size is 18×30 px, so it cannot be kept whole');
  });

  it('inpainting fills the hole from outside patches only', async () => {
    const src = textureWithRedSquare();
    const labels = squareLabels(30, 30, 4, 12, 4, 12, MASK_REMOVE);
    const [out] = await runGpnnTask(cpuGpnnBackend(), { source: src }, { kind: 'inpaint', labels }, P);
    expect(countRed(out)).toBe(0);
    // Far from the hole the image is untouched.
    for (const [y, x] of [
      [25, 25],
      [28, 2],
      [20, 27],
    ]) {
      for (let c = 0; c < 3; c++) expect(out.data[(y * 30 + x) * 3 + c]).toBeCloseTo(src.data[(y * 30 + x) * 3 + c], 2);
    }
  });

  it.each(['exact', 'patchmatch'] as const)(
    'inpainting with %s search gives back the source exactly farther than a patch from the hole',
    async (nn) => {
      // Noise, where one round of PatchMatch misses many patches' own copies: without the put-back after every
      // step its fill changed pixels far from the hole by up to 0.9.
      const r = noise(7);
      const n = 48;
      const src = image(n, n, () => [r(), r(), r()]);
      const [a, b] = [18, 30];
      const labels = squareLabels(n, n, a, b, a, b, MASK_REMOVE);
      const params = { ...P, iterations: 1, pmRounds: 1, nn };
      const [out] = await runGpnnTask(cpuGpnnBackend(), { source: src }, { kind: 'inpaint', labels }, params);
      const reach = P.patchSize - 1;
      const band = (v: number) => v >= a - reach && v < b + reach;
      let worst = 0;
      for (let y = 0; y < n; y++)
        for (let x = 0; x < n; x++) {
          if (band(y) && band(x)) continue;
          for (let c = 0; c < 3; c++)
            worst = Math.max(worst, Math.abs(out.data[(y * n + x) * 3 + c] - src.data[(y * n + x) * 3 + c]));
        }
      expect(worst).toBe(0);
    },
  );

  it('puts back everything clear of the hole: a patch away at a fine level, only off its trace at a coarse one', () => {
    // A 20×20 level with one pixel of the hole's trace at (10, 10).
    const coverage = new Float32Array(400);
    coverage[210] = 0.5;
    const clear = (reach: number) => pixelsClearOf(coverage, 20, 20, reach);
    expect(Array.from(clear(0)).filter((v) => v === 0).length).toBe(1);
    // Reach 6: a 13×13 square round it.
    expect(Array.from(clear(6)).filter((v) => v === 0).length).toBe(169);
    expect(clear(6)[4 * 20 + 4]).toBe(0);
    expect(clear(6)[3 * 20 + 10]).toBe(1);
    // A trace at or under HOLE_TRACE is not the hole.
    coverage[210] = HOLE_TRACE;
    expect(Array.from(clear(6)).every((v) => v === 1)).toBe(true);
    // Fine levels (shorter side at least 3 × the coarsest's) rebuild a patch less one round the hole; coarse ones none.
    expect(putBackReach(42, 14, 7)).toBe(6);
    expect(putBackReach(41, 14, 7)).toBe(0);
  });

  it('inpainting picks a coarsest size where the hole is about one patch wide', () => {
    const labels = squareLabels(100, 120, 10, 40, 10, 38, MASK_REMOVE);
    expect(holeExtent(labels, 100, 120)).toBe(30);
    expect(inpaintCoarseDim(labels, 100, 120, 7)).toBe(Math.round((100 * 7) / 30));
  });

  it('collage and analogy produce the right sizes from the right images', async () => {
    const reddish = image(24, 24, (y, x) => [0.8, 0.2 + (0.2 * ((x * y) % 3)) / 3, 0.2]);
    const bluish = image(24, 30, (y, x) => [0.2, 0.2 + (0.2 * ((x + y) % 4)) / 4, 0.8]);
    const [collage] = await runGpnnTask(
      cpuGpnnBackend(),
      { source: reddish, collage: [bluish] },
      { kind: 'collage' },
      P,
    );
    expect([collage.height, collage.width]).toEqual([24, 54]);
    expect(collage.data[(12 * 54 + 3) * 3]).toBeGreaterThan(0.6); // left stays red
    expect(collage.data[(12 * 54 + 50) * 3 + 2]).toBeGreaterThan(0.6); // right stays blue

    const structure = image(26, 28, (_y, x) => (x < 14 ? [0, 0, 0] : [1, 1, 1]));
    const [analogy] = await runGpnnTask(cpuGpnnBackend(), { source: reddish, structure }, { kind: 'analogy' }, P);
    expect([analogy.height, analogy.width]).toEqual([26, 28]);
    // Built only from the content image's colours: red everywhere, whatever the structure's colours.
    for (let i = 0; i < 26 * 28; i++) expect(analogy.data[i * 3]).toBeGreaterThan(0.6);
  });

  it('a collage at its own alpha keeps each picture’s own pixels away from the seam; without one, the shared alpha', async () => {
    const pictures = collagePictures(9);
    const [left, right] = pictures;
    const collage = (alpha?: number) =>
      runGpnnTask(cpuGpnnBackend(), { source: left, collage: [right] }, { kind: 'collage', alpha }, P).then(([o]) => o);
    const own = await collage(COLLAGE_ALPHA);
    // Left of the seam band, the green picture as it was: no red scattered into it (at the paper's 0.005: up to 0.21 off).
    expect(largestChange(own, pictures, (x) => x < 30)).toBeLessThan(0.05);
    // An older recipe (no alpha) runs at the shared alpha, as it was made.
    const shared = await collage(undefined);
    const sharedExplicit = await collage(P.alpha);
    expect(Array.from(shared.data)).toEqual(Array.from(sharedExplicit.data));
    expect(quickCheckGpnnTask({ kind: 'collage', alpha: 0 }, { source: [40, 40], collage: [[40, 40]] }, P)).toBe(
      'Alpha must be greater than 0.',
    );
  });

  it('a collage blended at the seam only keeps each picture exactly away from the seam; absent, the whole pictures', async () => {
    const pictures = collagePictures(5);
    const [left, right] = pictures;
    const collage = (blend?: CollageBlend) =>
      runGpnnTask(
        cpuGpnnBackend(),
        { source: left, collage: [right] },
        { kind: 'collage', alpha: COLLAGE_ALPHA, blend },
        P,
      ).then(([o]) => o);
    const seam = await collage('seam');
    // Outside the columns a patch over the seam can reach, both pictures exactly as they were.
    expect(largestChange(seam, pictures, (x) => Math.abs(x - 40) >= P.patchSize)).toBe(0);
    // The seam itself is rebuilt (its straddling patches are not real ones), not left as the hard cut.
    expect(largestChange(seam, pictures, (x) => x >= 37 && x < 43)).toBeGreaterThan(0.1);
    // Rebuilt whole, the seam starts from the coarse levels' result instead of the hard cut.
    const whole = await collage('whole');
    expect(Array.from(whole.data)).not.toEqual(Array.from(seam.data));
    // A recipe made before the blend existed has none and rebuilds the whole pictures, as it was made.
    expect(Array.from((await collage(undefined)).data)).toEqual(Array.from(whole.data));
    expect(
      quickCheckGpnnTask(
        { kind: 'collage', blend: 'edges' as CollageBlend },
        { source: [40, 40], collage: [[40, 40]] },
        P,
      ),
    ).toBe("A collage's blend must be whole or seam.");
  });

  it('an analogy at its own alpha and coarsest side takes the structure’s layout; without them, the shared ones', async () => {
    // Content: green above, blue below, each band textured. Structure: a dark band above a bright one, the other way.
    const r = noise(5);
    const band = (top: boolean): [number, number, number] => {
      const v = 0.1 * r();
      return top ? [0.1 + v, 0.7 + v, 0.1 + v] : [0.1 + v, 0.1 + v, 0.7 + v];
    };
    const content = image(56, 56, (y) => band(y < 20));
    const structure = image(56, 56, (y) => (y < 36 ? [0.1, 0.1, 0.6] : [0.1, 0.6, 0.1]));
    const params = { ...P, coarseDim: 14, iterations: 3 };
    const blueShare = (out: RgbImage, y0: number, y1: number) => {
      let blue = 0;
      for (let y = y0; y < y1; y++) for (let x = 0; x < 56; x++) blue += out.data[(y * 56 + x) * 3 + 2] > 0.5 ? 1 : 0;
      return blue / ((y1 - y0) * 56);
    };
    const run = (task: GpnnTaskSpec) =>
      runGpnnTask(cpuGpnnBackend(), { source: content, structure }, task, params).then(([o]) => o);
    const own = await run({ kind: 'analogy', alpha: ANALOGY_ALPHA, coarseDim: ANALOGY_COARSE_DIM });
    // The structure's layout: blue over its upper band, green below, made of the content's own colours.
    expect(blueShare(own, 4, 30)).toBeGreaterThan(0.9);
    expect(blueShare(own, 42, 56)).toBeLessThan(0.1);
    // An older recipe (no own settings) runs at the shared ones, as it was made: there the content's layout wins.
    const shared = await run({ kind: 'analogy' });
    expect(blueShare(shared, 4, 16)).toBeLessThan(0.1);
    expect(analogyParams({}, params)).toEqual(params);
    expect(
      quickCheckGpnnTask({ kind: 'analogy', coarseDim: 3 }, { source: [56, 56], structure: [56, 56] }, params),
    ).toMatch(/Coarsest size must be/);
  });

  it('edits start from the moved region at the chosen scale', async () => {
    const src = textureWithRedSquare();
    const edited = moveRegion(src, { y: 5, x: 5, height: 6, width: 6 }, { y: 18, x: 18 });
    expect(edited.data[(20 * 30 + 20) * 3]).toBe(1);
    const [out] = await runGpnnTask(
      cpuGpnnBackend(),
      { source: src },
      { kind: 'edit', from: { y: 5, x: 5, height: 6, width: 6 }, to: { y: 18, x: 18 }, startLevel: 1 },
      { ...P, alpha: 10 },
    );
    expect([out.height, out.width]).toEqual([30, 30]);
    // Without strong completeness the moved copy stays: its patches exist in the source.
    expect(isRed(out, 20 * 30 + 20)).toBe(true);
  });

  it('edits run at their own alpha, which keeps the pasted copy; without one (older recipes) at the shared alpha', async () => {
    const src = textureWithRedSquare();
    const edit = (alpha?: number): GpnnTaskSpec => ({
      kind: 'edit',
      from: { y: 5, x: 5, height: 6, width: 6 },
      to: { y: 18, x: 18 },
      startLevel: 1,
      alpha,
    });
    const run = (alpha?: number) => runGpnnTask(cpuGpnnBackend(), { source: src }, edit(alpha), P).then(([o]) => o);
    expect(Array.from((await run(undefined)).data)).toEqual(Array.from((await run(P.alpha)).data));
    const own = await run(EDIT_ALPHA);
    expect(isRed(own, 20 * 30 + 20)).toBe(true);
    expect(countRed(own)).toBeGreaterThan(50);
    expect(quickCheckGpnnTask(edit(0), { source: [30, 30] }, P)).toBe('Alpha must be greater than 0.');
    await expect(runGpnnTask(cpuGpnnBackend(), { source: src }, edit(0), P)).rejects.toThrow(
      'Alpha must be greater than 0.',
    );
  });

  it('gives clear messages for impossible inputs, before any search', async () => {
    const src = textureWithRedSquare();
    // The page and worker check sizes and masks first (quickCheckGpnnTask); the task's own setup checks the pixels.
    const validateGpnnTask = async (task: GpnnTaskSpec, images: GpnnImages, params: GpnnParams) => {
      const quick = quickCheckGpnnTask(task, { source: [images.source.height, images.source.width] }, params);
      if (quick) return quick;
      const backend = cpuGpnnBackend();
      let searched = false;
      const spy = {
        ...backend,
        nearestFold: (...args: Parameters<typeof backend.nearestFold>) => (
          (searched = true),
          backend.nearestFold(...args)
        ),
      };
      const err = await runGpnnTask(spy, images, task, params).then(
        () => null,
        (e: Error) => e.message,
      );
      expect(searched).toBe(false);
      return err;
    };
    const all = new Uint8Array(30 * 30).fill(MASK_REMOVE);
    expect(await validateGpnnTask({ kind: 'inpaint', labels: all }, { source: src }, P)).toMatch(/nothing outside/);
    expect(await validateGpnnTask({ kind: 'inpaint', labels: new Uint8Array(30 * 30) }, { source: src }, P)).toMatch(
      /Paint the hole/,
    );
    expect(
      await validateGpnnTask({ kind: 'retarget', height: 30, width: 30, labels: all }, { source: src }, P),
    ).toMatch(/covers every patch of the image/);
    expect(
      await validateGpnnTask(
        { kind: 'retarget', height: 30, width: 20, labels: new Uint8Array(30 * 30).fill(MASK_KEEP), alpha: 1 },
        { source: src },
        P,
      ),
    ).toMatch(/keep mask covers the whole image/);
    expect(await validateGpnnTask({ kind: 'analogy' }, { source: src }, P)).toMatch(/second image/);
    // A structure image too thin for one patch at the coarsest level (the page refuses sides under 32 px at load; the CLI reaches here).
    expect(quickCheckGpnnTask({ kind: 'analogy' }, { source: [30, 30], structure: [30, 1] }, P)).toMatch(
      /smaller than a 7×7 patch/,
    );
    await expect(
      runGpnnTask(cpuGpnnBackend(), { source: src, structure: image(30, 1, () => [0, 0, 1]) }, { kind: 'analogy' }, P),
    ).rejects.toThrow(/smaller than a 7×7 patch/);
    expect(await validateGpnnTask({ kind: 'collage' }, { source: src }, P)).toMatch(/one more image/);
    expect(
      await validateGpnnTask(
        { kind: 'edit', from: { y: 25, x: 25, height: 9, width: 9 }, to: { y: 0, x: 0 }, startLevel: 0 },
        { source: src },
        P,
      ),
    ).toMatch(/outside the image/);
    expect(
      await validateGpnnTask(
        { kind: 'edit', from: { y: 0, x: 0, height: 4, width: 4 }, to: { y: 0, x: 0 }, startLevel: 9 },
        { source: src },
        P,
      ),
    ).toMatch(/start scale/);
  });

  it('a hole wider than half the image is refused with the scale it cannot fill, before any search; a narrower one is filled', async () => {
    const src = textureWithRedSquare();
    const wide = squareLabels(30, 30, 0, 30, 4, 22, MASK_REMOVE);
    await expect(runGpnnTask(cpuGpnnBackend(), { source: src }, { kind: 'inpaint', labels: wide }, P)).rejects.toThrow(
      'At scale 1 every patch touches the hole, so there is nothing to fill it from: paint a smaller hole.',
    );
    const [filled] = await runGpnnTask(
      cpuGpnnBackend(),
      { source: src },
      { kind: 'inpaint', labels: squareLabels(30, 30, 0, 30, 4, 12, MASK_REMOVE) },
      P,
    );
    expect([filled.width, filled.height]).toEqual([30, 30]);
  });

  it('mask helpers find the patches a region touches and the seams of a collage', () => {
    const cov = new Float32Array(10 * 10);
    cov[5 * 10 + 5] = 1;
    const touching = patchesTouching(cov, 10, 10, 3, 0.5);
    // A single pixel lies in 9 windows of a 3×3 patch grid.
    expect(touching.reduce((a, b) => a + b, 0)).toBe(9);
    const seams = seamKeys([20], 40, 10, 40, 3);
    const gw = 38;
    expect(seams[18]).toBe(1);
    expect(seams[10]).toBe(0);
    expect(seams[gw + 21]).toBe(0);
  });
});
