import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../image/rgbImage';
import type { GpnnBackend } from './gpnnBackend';
import { DEFAULT_GPNN } from './gpnnParams';
import { planGpnn } from './gpnnPlan';
import { measureSearchSpeed, workRate } from './searchCalibration';
import { chooseSearch, taskWork } from './searchChoice';

/** A device on a simulated clock: each step costs a fixed part plus its work; `stall` adds delay to chosen calls. */
function pacedDevice(opts: {
  exactPairsPerMs: number;
  pmQueryRoundsPerMs: number;
  overheadMs: number;
  stall?: (call: number, side: number) => number;
}) {
  let clock = 0;
  let call = 0;
  const backend: GpnnBackend<RgbImage> = {
    kind: 'cpu',
    exactSearch: 'js-blocked',
    upload: (image) => image,
    download: async (image) => image,
    shape: (image) => [image.height, image.width],
    resample: (image) => image,
    resize: (image) => image,
    async nearestFold(query, _keys, _values, o) {
      const n = (query.height - o.patchSize + 1) * (query.width - o.patchSize + 1);
      const work = o.nn === 'exact' ? (n * n) / opts.exactPairsPerMs : (n * o.pmRounds) / opts.pmQueryRoundsPerMs;
      clock += opts.overheadMs + work + (opts.stall?.(call++, query.width) ?? 0);
      return query;
    },
    release: () => {},
    settle: async () => {},
  };
  return { backend, now: () => clock };
}

// About what the wasm backend measures on one busy core here: 5,000–10,000 pairs/ms, 50 query-rounds/ms, 1.5–5 ms a step.
const CPU = { exactPairsPerMs: 8000, pmQueryRoundsPerMs: 50, overheadMs: 2 };

describe('timing the search on a busy device', () => {
  it('never lets a fixed cost nearly equal to the timing divide the work by almost nothing', () => {
    expect(workRate(1e4, 3, 3)).toBeLessThanOrEqual((2 * 1e4) / 3);
    expect(workRate(1e4, 3, 3.5)).toBeLessThanOrEqual((2 * 1e4) / 3);
    expect(workRate(1e6, 102, 2)).toBeCloseTo(1e4, 9);
  });

  it('is not thrown off by one stalled run and a fixed cost measured while the code was still cold', async () => {
    // The two fixed-cost runs (calls 2 and 3, side 8) take 1.25 ms longer than later ones, as long as a side-16
    // step; the first exact run at side 16 (call 4) is held up 60 ms by other work. Timed as before, that stopped
    // the growth at a side whose work (1.25 ms) drowned in the noise, and the speed came out 1250× too high.
    const { backend, now } = pacedDevice({
      ...CPU,
      stall: (call, side) => (side === 8 ? 1.25 : call === 4 ? 60 : 0),
    });
    const speed = await measureSearchSpeed(backend, now);
    expect(speed.exactPairsPerMs).toBeGreaterThan(CPU.exactPairsPerMs / 2);
    expect(speed.exactPairsPerMs).toBeLessThan(CPU.exactPairsPerMs * 2);
    expect(speed.pmQueryRoundsPerMs).toBeLessThan(CPU.pmQueryRoundsPerMs * 2);
  });

  it('bounds the speed of a device whose steps all cost the same, whatever their work', async () => {
    // A timer-bound device: every step takes 50 ms (±0.5), the work itself next to nothing.
    const { backend, now } = pacedDevice({
      exactPairsPerMs: 1e12,
      pmQueryRoundsPerMs: 1e12,
      overheadMs: 50,
      stall: (call) => (call % 3) * 0.25,
    });
    const speed = await measureSearchSpeed(backend, now);
    // At most twice the work of the largest calibration step (side 264: 258² patches, squared) per 50 ms.
    expect(speed.exactPairsPerMs).toBeLessThanOrEqual((2 * 258 ** 4) / 50);
  });

  it('estimates minutes, and picks PatchMatch, for a 128 px analogy and collage on a busy CPU', async () => {
    const { backend, now } = pacedDevice({ ...CPU, stall: (call, side) => (side === 8 ? 1.25 : call === 4 ? 60 : 0) });
    const speed = await measureSearchSpeed(backend, now);
    const analogyPlan = planGpnn([128, 171], [128, 192], DEFAULT_GPNN);
    const analogy = chooseSearch(
      'auto',
      taskWork(analogyPlan, DEFAULT_GPNN, analogyPlan.depth, 1, 2),
      1,
      speed,
      4,
      10,
      'the CPU',
    );
    expect(analogy.nn).toBe('patchmatch');
    expect(analogy.exactMs).toBeGreaterThan(60_000);
    expect(analogy.reason).toMatch(/exact search would take about \d+ (min|h) per output/);
    // Collage: two 128 px images side by side.
    const collagePlan = planGpnn([128, 340], [128, 340], DEFAULT_GPNN);
    const collage = chooseSearch(
      'auto',
      taskWork(collagePlan, DEFAULT_GPNN, collagePlan.depth, 1, 1),
      1,
      speed,
      4,
      10,
      'the CPU',
    );
    expect(collage.nn).toBe('patchmatch');
    expect(collage.exactMs).toBeGreaterThan(60_000);
  });
});
