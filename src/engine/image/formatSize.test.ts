import { describe, expect, it } from 'vitest';
import { formatSize } from './formatSize';

describe('formatSize', () => {
  it('writes the width first, then the height', () => {
    expect(formatSize(250, 200)).toBe('250×200');
    expect(formatSize(14, 14)).toBe('14×14');
  });

  it('uses an ASCII x for file names', () => {
    expect(formatSize(375, 250, { ascii: true })).toBe('375x250');
  });
});
