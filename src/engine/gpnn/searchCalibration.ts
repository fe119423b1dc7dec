import { CHANNELS, createRgbImage, type RgbImage } from '../image/rgbImage';
import { mulberry32 } from '../random/prng';
import type { GpnnBackend, NearestFoldOptions } from './gpnnBackend';
import type { SearchSpeed } from './searchChoice';

/**
 * Measures a backend's search speed once (searchChoice.ts's SearchSpeed):
 * a tiny search for the fixed cost of a step, then exact and PatchMatch
 * searches on photo-like random images, each grown (×√2 per side) until its
 * work takes MIN_WORK_MS beyond that fixed cost, so a fast GPU is timed on
 * work and not on dispatch alone, and no single measurement holds a CPU
 * backend's thread for more than a few hundred milliseconds. The smallest of
 * two runs is kept: a busy machine slows a run, it never speeds one up.
 * About a second on the CPU backends.
 *
 * The speed is work over time less the fixed cost, and both times are noisy
 * on a busy machine, so the size is grown on the same two-run minimum the
 * speed is then computed from (one slow run must not stop the growth at a size
 * whose work is lost in the noise), and the fixed cost never takes more than
 * half of that time (workRate): a near-zero difference once gave a speed
 * ~1000× too high, and "about 3 s" for a 7-minute output
 * (docs/algorithms.md, "Automatic search choice").
 */

/** The patch size speeds are measured at; searchChoice.ts scales by (p / 7)² for others. */
export const CALIBRATION_PATCH = 7;
const PATCH = CALIBRATION_PATCH;
/** A measurement counts once its work takes this much longer than the fixed cost. */
const MIN_WORK_MS = 40;
const MAX_EXACT_SIDE = 192;
const MAX_PM_SIDE = 384;
const PM_ROUNDS = 4;

/**
 * Smooth structure plus grain, as in a photo. Queries and keys share the
 * structure and differ in grain, as a GPNN guess and its source level do:
 * PatchMatch's fields then grow coherent, which is what makes its steps in a
 * real run cheaper than on unrelated images.
 */
function photoLike(side: number, seed: number, grainSeed: number): RgbImage {
  const r = mulberry32(seed);
  const grain = mulberry32(grainSeed);
  const waves = Array.from({ length: 4 }, () => ({
    fy: r() * 0.3,
    fx: r() * 0.3,
    phase: r() * 6.3,
    c: [r(), r(), r()],
  }));
  const img = createRgbImage(side, side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      for (let c = 0; c < CHANNELS; c++) {
        let v = 0.5;
        for (const w of waves) v += 0.12 * w.c[c] * Math.sin(w.fy * y + w.fx * x + w.phase);
        img.data[(y * side + x) * CHANNELS + c] = Math.min(1, Math.max(0, v + 0.08 * (grain() - 0.5)));
      }
    }
  }
  return img;
}

/**
 * Work per millisecond from a timing that includes the fixed cost of a step.
 * At most twice the raw rate (work / ms): the fixed cost is measured
 * separately, and subtracting a noisy estimate of it from a time barely above
 * it would divide by almost nothing.
 */
export function workRate(work: number, ms: number, overheadMs: number): number {
  return work / Math.max(ms - overheadMs, ms / 2, 1e-3);
}

/** Milliseconds of one search-and-fold step, readback included, so a GPU's queued work is counted. */
async function timeStep<Img>(
  backend: GpnnBackend<Img>,
  side: number,
  nn: 'exact' | 'patchmatch',
  warmStart: boolean,
  now: () => number,
): Promise<number> {
  const q = backend.upload(photoLike(side, side, 1));
  const k = backend.upload(photoLike(side, side, 2));
  const options: NearestFoldOptions = {
    patchSize: PATCH,
    alpha: 0.005,
    distance: 'l2',
    nn,
    pmRounds: PM_ROUNDS,
    seed: 1,
    warmStart,
  };
  try {
    await backend.settle();
    const t0 = now();
    const out = await backend.nearestFold(q, k, k, options);
    await backend.download(out);
    const ms = now() - t0;
    backend.release(out);
    return ms;
  } finally {
    backend.release(q);
    backend.release(k);
  }
}

const patches = (side: number) => (side - PATCH + 1) ** 2;
const grow = (side: number) => Math.round(side * Math.SQRT2);

/** `now` is the clock steps are timed with (tests pass a simulated one). */
export async function measureSearchSpeed<Img>(
  backend: GpnnBackend<Img>,
  now: () => number = () => performance.now(),
): Promise<SearchSpeed> {
  const step = (side: number, nn: 'exact' | 'patchmatch', warm = false) => timeStep(backend, side, nn, warm, now);
  // First calls compile pipelines; they are not part of any step later.
  await step(12, 'exact');
  await step(12, 'patchmatch');
  const overhead = Math.min(await step(8, 'exact'), await step(8, 'exact'));
  // Enough work to time: MIN_WORK_MS beyond the fixed cost, and at least as much as the fixed cost itself.
  const enough = (ms: number) => ms - overhead >= MIN_WORK_MS && ms >= 2 * overhead;

  let side = 16;
  let exactMs = Math.min(await step(side, 'exact'), await step(side, 'exact'));
  while (side < MAX_EXACT_SIDE && !enough(exactMs)) {
    side = grow(side);
    exactMs = Math.min(await step(side, 'exact'), await step(side, 'exact'));
  }
  const exactPairsPerMs = workRate(patches(side) ** 2, exactMs, overhead);

  // Warm steps follow a cold one on the same grids, as in synthesis; the second is timed, its field settled as most are.
  const pm = async (s: number) => {
    const cold = await step(s, 'patchmatch');
    await step(s, 'patchmatch', true);
    return { cold, warm: await step(s, 'patchmatch', true) };
  };
  const pmTwice = async (s: number) => {
    const [a, b] = [await pm(s), await pm(s)];
    return { cold: Math.min(a.cold, b.cold), warm: Math.min(a.warm, b.warm) };
  };
  let pmSide = 32;
  let pmMs = await pmTwice(pmSide);
  while (pmSide < MAX_PM_SIDE && !enough(pmMs.warm)) {
    pmSide = grow(pmSide);
    pmMs = await pmTwice(pmSide);
  }
  const n = patches(pmSide);
  return {
    exactPairsPerMs,
    pmQueryRoundsPerMs: workRate(n * PM_ROUNDS, pmMs.warm, overhead),
    pmColdMsPerPatch: Math.max(0, pmMs.cold - pmMs.warm) / (2 * n),
    stepOverheadMs: overhead,
  };
}

// Every CPU backend in a thread runs the same code on the same cores: one measurement serves them all.
let cpuSpeed: Promise<SearchSpeed> | null = null;
const gpuSpeeds = new WeakMap<object, Promise<SearchSpeed>>();

/** Whether searchSpeedOf will answer from what it already measured. */
export function searchSpeedKnown<Img>(backend: GpnnBackend<Img>): boolean {
  return backend.kind === 'cpu' ? cpuSpeed !== null : gpuSpeeds.has(backend);
}

/** The backend's speed, measured on first use and kept. */
export function searchSpeedOf<Img>(backend: GpnnBackend<Img>): Promise<SearchSpeed> {
  // A failed measurement (e.g. the device was lost, or a cancel) is not kept: the next job measures again.
  if (backend.kind === 'cpu') {
    cpuSpeed ??= measureSearchSpeed(backend).catch((err: unknown) => {
      cpuSpeed = null;
      throw err;
    });
    return cpuSpeed;
  }
  let speed = gpuSpeeds.get(backend);
  if (!speed) {
    speed = measureSearchSpeed(backend).catch((err: unknown) => {
      gpuSpeeds.delete(backend);
      throw err;
    });
    gpuSpeeds.set(backend, speed);
  }
  return speed;
}
