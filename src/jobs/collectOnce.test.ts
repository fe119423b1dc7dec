import { describe, expect, it } from 'vitest';
import { collectOnce } from './collectOnce';

const words = { item: 'runner', key: 'job kind' };

describe('collectOnce', () => {
  it('merges the tables in order', () => {
    expect(
      collectOnce(
        words,
        [
          ['a', { x: 1 }],
          ['b', { y: 2 }],
        ],
        { keys: ['x', 'y'], complete: true },
      ),
    ).toEqual({
      x: 1,
      y: 2,
    });
    expect(collectOnce(words, [['a', { x: 1 }]], { keys: ['x', 'y'], complete: false })).toEqual({ x: 1 });
    expect(collectOnce(words, [['a', { anything: 1 }]])).toEqual({ anything: 1 });
  });

  it('names both places of a key given twice, the place of an undeclared key, and every missing key', () => {
    expect(() =>
      collectOnce(words, [
        ['a', { x: 1 }],
        ['b', { x: 2 }],
      ]),
    ).toThrow('Job kind "x" has two runners: in a and in b.');
    expect(() => collectOnce(words, [['a', { x: 1, z: 3 }]], { keys: ['x'], complete: false })).toThrow(
      'a has a runner for "z", a job kind no feature declares.',
    );
    expect(() => collectOnce(words, [['a', {}]], { keys: ['x', 'y'], complete: true })).toThrow(
      'No runner for job kinds x, y.',
    );
    expect(() => collectOnce(words, [['a', { x: 1 }]], { keys: ['x', 'y'], complete: true })).toThrow(
      'No runner for job kind y.',
    );
  });
});
