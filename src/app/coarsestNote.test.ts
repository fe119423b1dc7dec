import { describe, expect, it } from 'vitest';
import { squeezedCoarsestNote } from './coarsestNote';

describe('squeezedCoarsestNote', () => {
  it('explains a square coarsest level below a level with the image’s aspect, width first', () => {
    const note = squeezedCoarsestNote({ width: 14, height: 14 }, { width: 19, height: 15 });
    expect(note).toMatch(/squeezed to a square, 14×14, as the reference GPNN code/);
    expect(note).toMatch(/next one is 19×15/);
  });

  it('says nothing where the coarsest level keeps the aspect, the image is square, or nothing finer is known', () => {
    expect(squeezedCoarsestNote({ width: 19, height: 14 }, { width: 25, height: 19 })).toBeNull();
    expect(squeezedCoarsestNote({ width: 14, height: 14 }, { width: 19, height: 19 })).toBeNull();
    expect(squeezedCoarsestNote({ width: 14, height: 14 }, null)).toBeNull();
  });
});
