import { describe, expect, it } from 'vitest';

import { DEFAULT_SEQUENCE_OPTIONS, validateSequence } from './sequenceConfig';

const frame = (height = 32, width = 32) => ({ height, width });
const many = (n: number) => Array.from({ length: n }, () => frame());

describe('validateSequence', () => {
  it('accepts 2 to 32 equal frames with the defaults', () => {
    expect(DEFAULT_SEQUENCE_OPTIONS).toEqual({ variant: 'noise-lstm', hidden: 8, chunk: 2, motion: 3 });
    expect(validateSequence(many(2), DEFAULT_SEQUENCE_OPTIONS)).toBeNull();
    expect(validateSequence(many(32), { ...DEFAULT_SEQUENCE_OPTIONS, variant: 'one-to-many', chunk: 40 })).toBeNull();
  });

  it('explains what is wrong', () => {
    const o = DEFAULT_SEQUENCE_OPTIONS;
    expect(validateSequence(many(1), o)).toMatch(/2 to 32 frames; got 1/);
    expect(validateSequence(many(33), o)).toMatch(/2 to 32 frames; got 33/);
    expect(validateSequence([frame(), frame(), frame(32, 30)], o)).toMatch(/frame 1 is 32×32, frame 3 is 30×32/);
    expect(validateSequence(many(3), { ...o, chunk: 0 })).toMatch(/per chunk.*≥ 1; got 0/);
    expect(validateSequence(many(3), { ...o, chunk: 1.5 })).toMatch(/per chunk/);
    expect(validateSequence(many(3), { ...o, hidden: 0 })).toMatch(/hidden channels.*got 0/);
    expect(validateSequence(many(3), { ...o, motion: 7 })).toMatch(
      /Motion range must be a whole number of pixels from 0 to 6; got 7/,
    );
    expect(validateSequence(many(3), { ...o, motion: -1 })).toMatch(/Motion range/);
    expect(validateSequence(many(3), { ...o, motion: 0 })).toBeNull();
    expect(validateSequence(many(3), { ...o, variant: 'lstm' as never })).toMatch(
      /batch, noise-lstm, one-to-many; got lstm/,
    );
  });
});
