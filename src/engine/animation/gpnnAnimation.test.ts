import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { cpuGpnnBackend } from '../gpnn/cpuGpnnBackend';
import type { GpnnBackend } from '../gpnn/gpnnBackend';
import { DEFAULT_GPNN, type GpnnParams } from '../gpnn/gpnnParams';
import { runGpnnTask } from '../gpnn/runGpnnTask';
import { gaussianDownscale } from '../image/resample';
import { rgbaToRgb, type RgbImage } from '../image/rgbImage';
import { flicker } from './flicker';
import { animateGpnn as animate, type GpnnAnimationCallbacks, type GpnnAnimationSpec } from './gpnnAnimation';

/** The frames of an animation, collected as they stream. */
async function animateGpnn<Img>(
  backend: GpnnBackend<Img>,
  src: RgbImage,
  params: GpnnParams,
  spec: GpnnAnimationSpec,
  cb: GpnnAnimationCallbacks = {},
): Promise<RgbImage[]> {
  const frames: RgbImage[] = [];
  await animate(backend, src, params, spec, {
    ...cb,
    onFrame: (i, image) => {
      frames.push(image);
      return cb.onFrame?.(i, image);
    },
  });
  return frames;
}

/** The studio's example picture at 24×32: real structure (sky, ridge, trees) for the patches to follow. */
function valley(height: number): RgbImage {
  const png = PNG.sync.read(readFileSync(new URL('../../../public/examples/valley.png', import.meta.url)));
  return gaussianDownscale(
    rgbaToRgb(png.data, png.height, png.width),
    height,
    Math.round((height * png.width) / png.height),
  );
}

// Small pyramid and few iterations keep the exact CPU search to about a second per frame.
const P: GpnnParams = { ...DEFAULT_GPNN, coarseDim: 12, iterations: 2 };
const source = valley(24);

describe('GPNN animation on the CPU backend', () => {
  it('temporal coherence flickers far less than independent frames on the same noise path', async () => {
    const spec: GpnnAnimationSpec = { frames: 6, loop: 'loop', seed: 3, coherence: 'independent' };
    const independent = await animateGpnn(cpuGpnnBackend(), source, P, spec);
    const temporal = await animateGpnn(cpuGpnnBackend(), source, P, { ...spec, coherence: 'temporal' });
    const fi = flicker(independent, true);
    const ft = flicker(temporal, true);
    console.info(
      `flicker (6 frames, loop, 24×32, exact, T=2): temporal ${ft.toFixed(4)} vs independent ${fi.toFixed(4)} (${(fi / ft).toFixed(1)}×)`,
    );
    expect(ft).toBeLessThan(fi / 3);
    // Still an animation, not a still: consecutive frames differ.
    for (let i = 1; i < temporal.length; i++) expect(flicker([temporal[i - 1], temporal[i]])).toBeGreaterThan(0);
    expect(temporal.map((f) => [f.height, f.width])).toEqual(Array(6).fill([24, 32]));
  });

  it('frame 0 is the GPNN sample of the same seed, and a seed reproduces every frame', async () => {
    const spec: GpnnAnimationSpec = { frames: 3, loop: 'pingpong', seed: 11, coherence: 'temporal' };
    const params: GpnnParams = { ...P, nn: 'patchmatch' };
    const a = await animateGpnn(cpuGpnnBackend(), source, params, spec);
    const b = await animateGpnn(cpuGpnnBackend(), source, params, spec);
    const [sample] = await runGpnnTask(cpuGpnnBackend(), { source }, { kind: 'sample', seeds: [11] }, params);
    expect(Array.from(a[0].data)).toEqual(Array.from(sample.data));
    a.forEach((f, i) => expect(Array.from(f.data)).toEqual(Array.from(b[i].data)));
  });

  it('streams frames in order and stops at a cancel between them', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    await expect(
      animateGpnn(
        cpuGpnnBackend(),
        source,
        { ...P, iterations: 1, nn: 'patchmatch' },
        { frames: 5, loop: 'loop', seed: 1, coherence: 'temporal' },
        {
          signal: controller.signal,
          onFrame: (i) => {
            seen.push(i);
            if (i === 1) controller.abort();
          },
        },
      ),
    ).rejects.toThrow();
    expect(seen).toEqual([0, 1]);
  });

  it('refuses bad requests with a message', async () => {
    const bad = (spec: Partial<GpnnAnimationSpec>) =>
      animateGpnn(cpuGpnnBackend(), source, P, { frames: 4, loop: 'loop', seed: 1, coherence: 'temporal', ...spec });
    await expect(bad({ frames: 1 })).rejects.toThrow(/Frames must be/);
    await expect(bad({ frames: 241 })).rejects.toThrow(/Frames must be/);
    await expect(bad({ loop: 'bounce' as never })).rejects.toThrow(/loop or pingpong/);
    await expect(bad({ motion: 2 })).rejects.toThrow(/Motion/);
  });
});
