import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { meanAbsChange } from '../animation/flicker';
import { gaussianDownscale } from '../image/resample';
import { PLACES50_DIR, loadJpeg } from '../../testing/metricsTestHelpers';
import { cpuGpnnBackend } from './cpuGpnnBackend';
import { DEFAULT_GPNN, type GpnnParams } from './gpnnParams';
import { runGpnnTask } from './runGpnnTask';

/**
 * GPNN's samples must be new arrangements of the photo, never the photo
 * again. The identity is a fixed point of the search, and a coarsest level
 * too small or too sharp lets the noise snap back to it: at the paper's size
 * the studio once returned the input pixel for pixel. Real Places50 photos,
 * at sizes the CPU backend runs in seconds.
 */
const IMAGES = [1, 2, 3, 4, 5].map((i) => path.join(PLACES50_DIR, `${i}.jpg`));

describe('GPNN samples are not copies', () => {
  it('the Places50 images are beside the repository', () => {
    for (const f of IMAGES) expect(existsSync(f), `${f} (../shared beside the repository) is missing`).toBe(true);
  });

  it('never snap back to the source with the exact search at the coarse levels (5 photos × 3 seeds)', async () => {
    // 20 px high: the pyramid is the two levels above the coarsest and the coarsest (14 px), where
    // a full-size sample's arrangement is decided, and the exact search is cheap on the CPU.
    const copies: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const photo = loadJpeg(path.join(PLACES50_DIR, `${i}.jpg`), 2);
      const src = gaussianDownscale(photo, 20, Math.round((20 * photo.width) / photo.height));
      const seeds = [1, 2, 3];
      const outs = await runGpnnTask(
        cpuGpnnBackend(),
        { source: src },
        { kind: 'sample', seeds },
        { ...DEFAULT_GPNN, nn: 'exact' },
      );
      outs.forEach((out, s) => {
        const d = meanAbsChange(out, src);
        if (d < 0.02) copies.push(`photo ${i} seed ${seeds[s]}: mean |Δ| ${d.toFixed(4)}`);
      });
    }
    expect(copies, 'samples equal to the source').toEqual([]);
  }, 1_200_000);

  it('full samples differ from the source and from each other (5 photos × 2 seeds, PatchMatch)', async () => {
    const params: GpnnParams = { ...DEFAULT_GPNN, nn: 'patchmatch' };
    const report: string[] = [];
    for (const file of IMAGES) {
      const src = loadJpeg(file, 4);
      const [a, b] = await runGpnnTask(cpuGpnnBackend(), { source: src }, { kind: 'sample', seeds: [1, 2] }, params);
      const da = meanAbsChange(a, src);
      const db = meanAbsChange(b, src);
      const dab = meanAbsChange(a, b);
      report.push(
        `${path.basename(file)} ${src.width}×${src.height}: |Δ| ${da.toFixed(3)}, ${db.toFixed(3)}; between samples ${dab.toFixed(3)}`,
      );
      expect(da, report.at(-1)).toBeGreaterThanOrEqual(0.03);
      expect(db, report.at(-1)).toBeGreaterThanOrEqual(0.03);
      expect(dab, report.at(-1)).toBeGreaterThanOrEqual(0.02);
    }
    console.log(report.join('\n'));
  }, 1_200_000);
});
