import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MASK_KEEP, MASK_REMOVE } from '../../src/engine/gpnn/gpnnTask';
import { maskLabels, maskTable, readMasks } from './retargetMasks';

const file = (masks: unknown) => {
  const path = join(mkdtempSync(join(tmpdir(), 'masks-')), 'masks.json');
  writeFileSync(path, JSON.stringify({ masks }));
  return path;
};

describe('retarget masks', () => {
  it('reads the committed mask file: one kind per image, every rectangle inside the image', () => {
    const masks = readMasks('bench/retarget-masks.json');
    expect(Object.keys(masks).length).toBeGreaterThanOrEqual(16);
    expect(masks['5']).toMatchObject({ kind: 'remove', what: 'the red house' });
  });

  it('refuses both kinds at once, a rectangle outside the image or inside out', () => {
    expect(() => readMasks(file({ a: { keep: [0, 0, 1, 1], remove: [0, 0, 1, 1] } }))).toThrow('exactly one');
    expect(() => readMasks(file({ a: { keep: [0, 0, 1.2, 1] } }))).toThrow('fractions');
    expect(() => readMasks(file({ a: { remove: [0.5, 0, 0.4, 1] } }))).toThrow('x0 < x1');
    expect(() => readMasks('no/such/masks.json')).toThrow('no mask file');
  });

  it('labels the rectangle, rounded to pixels, with the kind', () => {
    const keep = maskLabels({ kind: 'keep', rect: [0.25, 0.5, 0.75, 1], what: 'x' }, 4, 4);
    expect(Array.from(keep)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0].map((v) => v * MASK_KEEP));
    const remove = maskLabels({ kind: 'remove', rect: [0, 0, 0.1, 0.1], what: 'x' }, 4, 4);
    // A sliver still covers one pixel, so a mask never vanishes at a small size.
    expect(remove.filter((v) => v === MASK_REMOVE).length).toBe(1);
  });

  it('tables a refused mask with its reason and a run one with both figures', () => {
    const lines = maskTable([
      {
        image: 'a',
        retargets: [
          {
            factor: 0.7,
            sifid: 1.5,
            masked: {
              kind: 'keep',
              what: 'dogs',
              sifid: null,
              ms: 10,
              error: 'too wide',
              objectMatch: { masked: null, plain: 0.2 },
            },
          },
          {
            factor: 1.5,
            sifid: 1.25,
            masked: {
              kind: 'keep',
              what: 'dogs',
              sifid: 2,
              ms: 10,
              error: null,
              objectMatch: { masked: 0, plain: 0.125 },
            },
          },
        ],
      },
    ]).join('\n');
    expect(lines).toContain('| a | 0.7 | keep dogs | refused: too wide |');
    expect(lines).toContain('| a | 1.5 | keep dogs | 1.250 → 2.000 | 0.125 → 0.000 |');
  });
});
