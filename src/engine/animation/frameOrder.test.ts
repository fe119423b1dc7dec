import { describe, expect, it } from 'vitest';
import { frameAtStep, playbackLength, playbackOrder } from './frameOrder';

describe('playback order', () => {
  it('loops 0…N−1 and ping-pongs 0…N−1, N−2…1 without showing an end twice', () => {
    expect(playbackOrder(4, 'loop')).toEqual([0, 1, 2, 3]);
    expect(playbackOrder(4, 'pingpong')).toEqual([0, 1, 2, 3, 2, 1]);
    expect(playbackOrder(2, 'pingpong')).toEqual([0, 1]);
    expect(playbackLength(5, 'pingpong')).toBe(8);
    expect(playbackLength(5, 'loop')).toBe(5);
  });

  it('maps any step (negative or past the cycle) to the frame the order shows', () => {
    for (const loop of ['loop', 'pingpong'] as const) {
      const order = playbackOrder(5, loop);
      for (let s = -20; s < 20; s++)
        expect(frameAtStep(s, 5, loop)).toBe(order[((s % order.length) + order.length) % order.length]);
    }
  });
});
