import { describe, expect, it } from 'vitest';
import { createRgbImage } from '../image/rgbImage';
import { DEFAULT_GPNN } from './gpnnParams';
import { MASK_REMOVE } from './gpnnTask';
import { setupGpnnTask } from './gpnnTaskSetup';
import { countSet, labelCoverage, patchesCovered, patchesTouching } from './levelMasks';

describe('remove masks at coarse levels', () => {
  it('removes the patches mostly on the region or centred on it, not every patch that touches it', () => {
    // A 9×9 level with one covered pixel at (4, 4) and a 3×3 block at the corner.
    const cov = new Float32Array(81);
    cov[4 * 9 + 4] = 1;
    for (let y = 6; y < 9; y++) for (let x = 6; x < 9; x++) cov[y * 9 + x] = 1;
    // 3×3 patch grid of 7×7 patches: every one touches the pixel at (4, 4).
    expect(countSet(patchesTouching(cov, 9, 9, 7, 0.25))).toBe(9);
    const covered = patchesCovered(cov, 9, 9, 7, 0.25);
    // Patch (1, 1) is centred on (4, 4); none is a quarter covered (the corner block is at most 10 of 49 pixels).
    expect(Array.from(covered)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    for (let y = 0; y < 9; y++) for (let x = 0; x < 9; x++) cov[y * 9 + x] = y < 3 ? 1 : 0;
    // Rows 0–2 covered: patches from row 0 have 21/49 of their window on it, from row 1 14/49, from row 2 7/49.
    expect(Array.from(patchesCovered(cov, 9, 9, 7, 0.25))).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0]);
  });

  it("takes out of a retarget's keys a thin stroke's own patches, not a band a patch wider on each side", () => {
    // A 64×96 picture with a 3 px stroke across a third of it: the stroke is thinner than a patch at every level.
    const src = createRgbImage(64, 96);
    const labels = new Uint8Array(64 * 96);
    for (let y = 30; y < 33; y++) for (let x = 20; x < 52; x++) labels[y * 96 + x] = MASK_REMOVE;
    const s = setupGpnnTask(
      { kind: 'retarget', height: 64, width: 144, labels, alpha: 1 },
      { source: src },
      DEFAULT_GPNN,
    );
    for (let k = 0; k <= s.plan.depth; k++) {
      const [h, w] = s.plan.source[k];
      const removed = countSet(s.levelOptions!(k, [h, w]).excludedKeys!);
      const touching = countSet(patchesTouching(labelCoverage(labels, 64, 96, MASK_REMOVE, h, w), h, w, 7, 0.25));
      // The stroke's own patches are removed at the finest level; nowhere the 6 px band around it.
      if (k === 0) expect(removed).toBeGreaterThanOrEqual(3 * 32);
      expect(removed).toBeLessThan(k < 2 ? touching : touching / 2);
    }
  });
});
