import { describe, expect, it } from 'vitest';
import { createRgbImage, type RgbImage } from '../image/rgbImage';
import { cpuGpnnBackend } from './cpuGpnnBackend';
import type { GpnnBackend } from './gpnnBackend';
import { DEFAULT_GPNN, type GpnnParams } from './gpnnParams';
import type { SearchDecision } from './resolveSearch';
import { animateGpnn } from '../animation/gpnnAnimation';
import { runGpnnTask } from './runGpnnTask';
import type { SearchSpeed } from './searchChoice';

/** The CPU backend on a simulated clock that runs exact search at `exactPairsPerMs`, whatever the calibration said. */
function slowClockBackend(exactPairsPerMs: number) {
  const inner = cpuGpnnBackend({ yieldToHost: async () => {} });
  let clock = 0;
  const ran: ('exact' | 'patchmatch')[] = [];
  const queryPixels: number[] = [];
  const backend: GpnnBackend<RgbImage> = {
    ...inner,
    async nearestFold(query, keys, values, o) {
      const count = (img: RgbImage) => (img.height - o.patchSize + 1) * (img.width - o.patchSize + 1);
      clock += 1 + (o.nn === 'exact' ? (count(query) * count(keys)) / exactPairsPerMs : count(query) / 50);
      ran.push(o.nn);
      queryPixels.push(query.height * query.width);
      return inner.nearestFold(query, keys, values, o);
    },
  };
  return { backend, ran, queryPixels, now: () => clock };
}

function texture(h: number, w: number): RgbImage {
  const img = createRgbImage(h, w);
  let s = 7;
  for (let i = 0; i < img.data.length; i++) img.data[i] = ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 0.6;
  return img;
}

// The calibration claims 10,000 pairs/ms: retargeting 36×48 to 36×60 then takes under a second with exact search.
const CLAIMED: SearchSpeed = {
  exactPairsPerMs: 10_000,
  pmQueryRoundsPerMs: 50,
  pmColdMsPerPatch: 0.01,
  stepOverheadMs: 1,
};
const P: GpnnParams = { ...DEFAULT_GPNN, iterations: 2, nn: 'auto' };

async function run(realPairsPerMs: number, params: GpnnParams = P) {
  const { backend, ran, now } = slowClockBackend(realPairsPerMs);
  const decisions: SearchDecision[] = [];
  await runGpnnTask(
    backend,
    { source: texture(36, 48) },
    { kind: 'retarget', height: 36, width: 60, alpha: 1 },
    params,
    {
      searchSpeed: async () => CLAIMED,
      deviceName: 'the CPU',
      onSearch: (d) => decisions.push(d),
      now,
    },
  );
  return { decisions, ran };
}

describe('an automatic exact search that runs far over its estimate', () => {
  it('hands the rest of the job to PatchMatch and reports the new decision with the reason', async () => {
    // Really 100× slower than calibrated.
    const { decisions, ran } = await run(100);
    expect(decisions.map((d) => d.choice.nn)).toEqual(['exact', 'patchmatch']);
    expect(decisions[0].choice.reason).toMatch(/^Exact search \(auto\): each output takes about/);
    expect(decisions[1].choice.reason).toMatch(
      /^PatchMatch \(auto, switched\): exact search was estimated at about .* per output on the CPU but ran \d+× slower, so the rest of this job uses PatchMatch/,
    );
    expect(decisions[1].speed.exactPairsPerMs).toBeLessThan(CLAIMED.exactPairsPerMs / 5);
    // Exact steps first, PatchMatch steps after the switch, and never back.
    const first = ran.indexOf('patchmatch');
    expect(first).toBeGreaterThan(0);
    expect(ran.slice(first).every((nn) => nn === 'patchmatch')).toBe(true);
    expect(ran.length).toBe(decisions[0].stepUs.filter((us) => us > 0).length * P.iterations);
  });

  it("keeps exact search when it runs as estimated, and when exact search was the user's choice", async () => {
    const onTime = await run(10_000);
    expect(onTime.decisions.map((d) => d.choice.nn)).toEqual(['exact']);
    expect(onTime.ran.every((nn) => nn === 'exact')).toBe(true);
    const chosen = await run(100, { ...P, nn: 'exact' });
    expect(chosen.decisions.map((d) => d.choice.nn)).toEqual(['exact']);
    expect(chosen.ran.every((nn) => nn === 'exact')).toBe(true);
  });
});

describe('an animation whose automatic exact search runs far over its estimate', () => {
  it('hands the remaining frames to PatchMatch, as a still job does', async () => {
    const { backend, ran, queryPixels, now } = slowClockBackend(100);
    const decisions: SearchDecision[] = [];
    const frames: number[] = [];
    await animateGpnn(
      backend,
      texture(36, 48),
      { ...P, sigma: 0 },
      { frames: 4, loop: 'loop', seed: 1, coherence: 'temporal' },
      {
        searchSpeed: async () => CLAIMED,
        deviceName: 'the CPU',
        onSearch: (d) => decisions.push(d),
        onFrame: (frame) => {
          frames.push(frame);
        },
        now,
      },
    );
    expect(frames).toEqual([0, 1, 2, 3]);
    expect(decisions.map((d) => d.choice.nn)).toEqual(['exact', 'patchmatch']);
    expect(decisions[1].choice.reason).toMatch(/^PatchMatch \(auto, switched\)/);
    // Every frame goes through the coarse levels again, where PatchMatch is not worth it and exact runs anyway
    // (levelSearch); the two finest levels, where the time goes, ran exact until the switch (in frame 0) and
    // PatchMatch in every frame after it.
    const first = ran.indexOf('patchmatch');
    expect(first).toBeGreaterThan(0);
    const big = ran.flatMap((nn, i) => (queryPixels[i] >= 27 * 36 ? [{ nn, i }] : []));
    expect(big.some(({ nn, i }) => nn === 'exact' && i < first)).toBe(true);
    expect(big.filter(({ i }) => i >= first).every(({ nn }) => nn === 'patchmatch')).toBe(true);
    expect(big.filter(({ i }) => i >= first).length).toBeGreaterThanOrEqual(3 * 2 * P.iterations);
  });
});
