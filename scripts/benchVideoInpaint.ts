/**
 * `npm run bench -- --suite video-inpaint`: GIF → GIF inpainting (the page's
 * Inpaint (patches) task, docs/algorithms.md, "Inpainting a video") on the
 * real videos of the video benchmark, against the one thing a user could do
 * without it: fill each frame on its own with the still GPNN inpainting.
 *
 * The hole is the same rectangle on every video (the middle of the frame,
 * 16% of its width, 26% of its height), painted over real content, so what
 * was there is known. Per video and method, over every frame:
 * - in the hole, mean |Δ| to what was there (a plausible fill need not be
 *   what was there, so this says how close, not how good);
 * - in the hole, the frame-to-frame change over the source's there (1: it
 *   moves as much as the source did; far above: it flickers; near 0:
 *   frozen), and over the source's in the ring around the hole (a patch to
 *   two patches out): where the hole covered something moving, a fill of the
 *   background should move as its surroundings, not as what it removed;
 * - outside the hole and the patch-wide band around it, the mean change
 *   (ours keeps it: 0);
 * - CPU seconds per fill, one thread.
 * The fills are written as GIFs under samples/ (git-ignored: made from
 * ../shared videos). Resumable: a finished video is read back from
 * records.jsonl.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_GPNN } from '../src/engine/gpnn/gpnnParams';
import { MASK_REMOVE } from '../src/engine/gpnn/gpnnTask';
import { runGpnnTask } from '../src/engine/gpnn/runGpnnTask';
import type { RgbImage } from '../src/engine/image/rgbImage';
import { inpaintPlan, inpaintVgpnn, prepareVgpnnInpaint } from '../src/engine/vgpnn/inpaintVideo';
import { videoFromFrames, videoShape, videoToFrames } from '../src/engine/vgpnn/video';
import { resizeVideo } from '../src/engine/vgpnn/videoPyramid';
import {
  DEFAULT_VGPNN_SETTINGS,
  VGPNN_MAX_SIDE,
  checkVgpnnInpaintJob,
  vgpnnInpaintParamsOf,
  vgpnnSearchOf,
  vgpnnSourceSize,
  type VgpnnInpaintJob,
} from '../src/features/vgpnn';
import { decodeGifFrames } from './lib/motionMetrics';
import { listVideos, writeGif } from './benchVideo';
import { readJsonLines } from './lib/jsonLines';
import { startNodeGpnn } from './lib/nodeGpnn';

export const VIDEO_INPAINT_USAGE =
  '  video-inpaint: --video-seeds K (fills per video, default 2), --video-only a,b, --video-max-side N (default the page’s), --video-data DIR, --run NAME';

export interface VideoInpaintOptions {
  readonly seeds: number;
  readonly only: readonly string[] | null;
  readonly maxSide: number;
  readonly data: string;
  readonly dir: string;
}

export function videoInpaintOptions(
  values: Readonly<Record<string, string | undefined>>,
  out: string,
): VideoInpaintOptions {
  const seeds = Number(values['video-seeds'] ?? '2');
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > 10) throw new Error('--video-seeds must be a whole number 1…10');
  const maxSide = Number(values['video-max-side'] ?? String(DEFAULT_VGPNN_SETTINGS.maxSide));
  if (!Number.isInteger(maxSide) || maxSide < VGPNN_MAX_SIDE.min || maxSide > VGPNN_MAX_SIDE.max)
    throw new Error(`--video-max-side must be a whole number from ${VGPNN_MAX_SIDE.min} to ${VGPNN_MAX_SIDE.max}`);
  const data = resolve(values['video-data'] ?? '../shared/data/videos');
  if (!existsSync(data)) throw new Error(`no video folder ${data} (give --video-data DIR)`);
  const only = values['video-only']?.split(',').filter(Boolean) ?? null;
  return { seeds, only, maxSide, data, dir: join(out, values.run ?? `video-inpaint-${maxSide}-k${seeds}`) };
}

/** benchHole's rectangle: rows y0 ≤ y < y1, columns x0 ≤ x < x1. */
export function benchHoleBox(height: number, width: number): { y0: number; y1: number; x0: number; x1: number } {
  return {
    y0: Math.round(height * 0.36),
    y1: Math.round(height * 0.62),
    x0: Math.round(width * 0.42),
    x1: Math.round(width * 0.58),
  };
}

/** The benchmark's hole: the middle of the frame, 16% of its width and 26% of its height. */
export function benchHole(height: number, width: number): Uint8Array {
  const { y0, y1, x0, x1 } = benchHoleBox(height, width);
  return Uint8Array.from({ length: height * width }, (_, i) => {
    const [y, x] = [Math.floor(i / width), i % width];
    return x >= x0 && x < x1 && y >= y0 && y < y1 ? MASK_REMOVE : 0;
  });
}

export interface FillScores {
  /** Mean |Δ| per value in the hole to what was there. */
  readonly toTruth: number;
  /** Mean frame-to-frame |Δ| in the hole over the source's there. */
  readonly motion: number;
  /** Mean frame-to-frame |Δ| in the hole over the source's in the ring around it (`band` to 2·`band` px out). */
  readonly motionAround: number;
  /** Mean |Δ| per value farther than `band` px from the hole. */
  readonly outside: number;
}

/** Per pixel of one frame: 0 in the hole, else its distance (Chebyshev, capped at `cap`) from the nearest hole pixel. */
export function holeDistance(hole: Uint8Array, H: number, W: number, cap: number): Uint8Array {
  const d = new Uint8Array(H * W).fill(cap);
  for (let i = 0; i < H * W; i++) {
    if (hole[i] !== MASK_REMOVE) continue;
    const [y, x] = [Math.floor(i / W), i % W];
    for (let yy = Math.max(0, y - cap); yy <= Math.min(H - 1, y + cap); yy++)
      for (let xx = Math.max(0, x - cap); xx <= Math.min(W - 1, x + cap); xx++) {
        const v = Math.max(Math.abs(yy - y), Math.abs(xx - x));
        if (v < d[yy * W + xx]) d[yy * W + xx] = v;
      }
  }
  return d;
}

/** The scores of one filled animation against its source (same shape), for a hole over one frame. */
export function scoreFill(
  fill: readonly RgbImage[],
  truth: readonly RgbImage[],
  hole: Uint8Array,
  band: number,
): FillScores {
  const { height: H, width: W } = truth[0];
  const dist = holeDistance(hole, H, W, 2 * band + 1);
  const sums = { toTruth: 0, inHole: 0, outside: 0, offHole: 0, moved: 0, movedTruth: 0, ring: 0, ringN: 0 };
  for (let t = 0; t < truth.length; t++) {
    for (let p = 0; p < H * W; p++) {
      for (let c = 0; c < 3; c++) {
        const o = p * 3 + c;
        const d = Math.abs(fill[t].data[o] - truth[t].data[o]);
        if (dist[p] === 0) {
          sums.toTruth += d;
          sums.inHole++;
          if (t > 0) {
            sums.moved += Math.abs(fill[t].data[o] - fill[t - 1].data[o]);
            sums.movedTruth += Math.abs(truth[t].data[o] - truth[t - 1].data[o]);
          }
        } else if (dist[p] > band) {
          sums.outside += d;
          sums.offHole++;
          if (dist[p] <= 2 * band && t > 0) {
            sums.ring += Math.abs(truth[t].data[o] - truth[t - 1].data[o]);
            sums.ringN++;
          }
        }
      }
    }
  }
  const holeSteps = (sums.inHole / truth.length) * (truth.length - 1);
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  return {
    toTruth: sums.toTruth / sums.inHole,
    motion: ratio(sums.moved, sums.movedTruth),
    motionAround: ratio(sums.moved / holeSteps, sums.ring / sums.ringN),
    outside: sums.outside / sums.offHole,
  };
}

interface InpaintRecord {
  readonly video: string;
  readonly shape: readonly number[];
  readonly search: string;
  readonly ours: readonly (FillScores & { seed: number; seconds: number })[];
  readonly perFrame: FillScores & { seconds: number };
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

export async function runVideoInpaintBench(
  o: VideoInpaintOptions,
  log: (s: string) => void,
): Promise<{ md: string; dir: string }> {
  // Named set/name, in that order (the table's).
  const videos = listVideos(o.data, o.only)
    .map((v) => `${v.set}/${v.name}`)
    .sort();
  if (videos.length === 0) throw new Error(`no videos under ${o.data}`);
  mkdirSync(join(o.dir, 'samples'), { recursive: true });
  const recordsPath = join(o.dir, 'records.jsonl');
  const done = new Map(
    (existsSync(recordsPath) ? readJsonLines<InpaintRecord>(recordsPath) : []).map((r) => [r.video, r] as const),
  );
  writeFileSync(
    join(o.dir, 'settings.json'),
    JSON.stringify(
      { suite: 'video-inpaint', data: o.data, seeds: o.seeds, maxSide: o.maxSide, hole: '0.42–0.58 × 0.36–0.62' },
      null,
      2,
    ),
  );
  const { backend } = await startNodeGpnn();
  for (const video of videos) {
    if (done.has(video)) continue;
    const gt = decodeGifFrames(new Uint8Array(readFileSync(join(o.data, video, 'gt.gif'))));
    const s = vgpnnSourceSize(gt[0].height, gt[0].width, o.maxSide);
    let source = videoFromFrames(gt);
    if (source.height !== s.height || source.width !== s.width)
      source = resizeVideo(source, [gt.length, s.height, s.width]);
    const truth = videoToFrames(source);
    const labels = benchHole(s.height, s.width);
    const job: VgpnnInpaintJob = {
      kind: 'vgpnn-inpaint',
      seeds: Array.from({ length: o.seeds }, (_, i) => i + 1),
      maxSide: o.maxSide,
      frames: gt.length,
      labels,
      sigma: DEFAULT_VGPNN_SETTINGS.sigma,
      voting: DEFAULT_VGPNN_SETTINGS.voting,
      fps: 10,
      loop: 'loop',
    };
    const problem = checkVgpnnInpaintJob(job, gt.length, s.height, s.width);
    if (problem) throw new Error(`${video}: ${problem}`);
    // The worker's choices (runVgpnnInpaintJob): its plan and search.
    const planned = inpaintPlan(videoShape(source), labels, vgpnnInpaintParamsOf(job));
    const params = { ...vgpnnInpaintParamsOf(job), search: vgpnnSearchOf(planned.plan, planned.params.alpha) };
    const prepared = prepareVgpnnInpaint(source, { labels }, params, planned);
    const band = Math.max(params.patch[1], params.patch[2]) - 1;
    const stem = video.replace('/', '-');
    const ours = [];
    for (const seed of job.seeds) {
      const cpu0 = process.cpuUsage();
      const fill = videoToFrames(await inpaintVgpnn(prepared, seed));
      const cpu = process.cpuUsage(cpu0);
      ours.push({ seed, seconds: (cpu.user + cpu.system) / 1e6, ...scoreFill(fill, truth, labels, band) });
      await writeGif(join(o.dir, 'samples', `${stem}-ours-seed${seed}.gif`), fill, 10);
    }
    // Each frame filled on its own by the still inpainting (its own defaults, PatchMatch as auto picks on a CPU).
    const cpu0 = process.cpuUsage();
    const frames: RgbImage[] = [];
    for (const frame of truth) {
      const [filled] = await runGpnnTask(
        backend,
        { source: frame },
        { kind: 'inpaint', labels },
        { ...DEFAULT_GPNN, nn: 'patchmatch' },
      );
      frames.push(filled);
    }
    const cpu = process.cpuUsage(cpu0);
    const perFrame = { seconds: (cpu.user + cpu.system) / 1e6, ...scoreFill(frames, truth, labels, band) };
    await writeGif(join(o.dir, 'samples', `${stem}-per-frame-gpnn.gif`), frames, 10);
    const record: InpaintRecord = { video, shape: videoShape(source), search: params.search, ours, perFrame };
    appendFileSync(recordsPath, `${JSON.stringify(record)}\n`);
    done.set(video, record);
    const f = (v: number) => v.toFixed(3);
    log(
      `${video}: ours hole→truth ${f(mean(ours.map((r) => r.toTruth)))} motion ${f(mean(ours.map((r) => r.motion)))}× (around ${f(mean(ours.map((r) => r.motionAround)))}×) outside ${f(Math.max(...ours.map((r) => r.outside)))} ${mean(ours.map((r) => r.seconds)).toFixed(0)} s · per-frame GPNN ${f(perFrame.toTruth)} motion ${f(perFrame.motion)}× (around ${f(perFrame.motionAround)}×) outside ${f(perFrame.outside)} ${perFrame.seconds.toFixed(0)} s`,
    );
  }
  const rows = videos.map((v) => done.get(v)!);
  const f = (v: number) => v.toFixed(3);
  type Score = (x: FillScores) => number;
  const pair = (r: InpaintRecord, score: Score) => `${f(mean(r.ours.map(score)))} / ${f(score(r.perFrame))}`;
  const meanPair = (score: Score) =>
    `${f(mean(rows.map((r) => mean(r.ours.map(score)))))} / ${f(mean(rows.map((r) => score(r.perFrame))))}`;
  const lines = [
    `# Video inpainting: the hole filled across frames (ours) vs each frame filled alone (still GPNN)`,
    '',
    `Max side ${o.maxSide}, ${o.seeds} fills per video (seeds 1–${o.seeds}), hole: the middle 16% × 26% of the frame; CPU seconds on one thread. Each cell: ours (mean over the fills) / each frame filled alone by the still inpainting.`,
    '',
    '| video | frames | search | hole → what was there | hole motion ÷ source’s there | hole motion ÷ source’s around the hole | mean change off the hole | s per fill |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.video} | ${r.shape[0]} × ${r.shape[2]}×${r.shape[1]} | ${r.search} | ${pair(r, (x) => x.toTruth)} | ${pair(r, (x) => x.motion)} | ${pair(r, (x) => x.motionAround)} | ${pair(r, (x) => x.outside)} | ${mean(r.ours.map((x) => x.seconds)).toFixed(0)} / ${r.perFrame.seconds.toFixed(0)} |`,
    ),
    `| **mean** | | | ${meanPair((x) => x.toTruth)} | ${meanPair((x) => x.motion)} | ${meanPair((x) => x.motionAround)} | ${meanPair((x) => x.outside)} | ${mean(rows.map((r) => mean(r.ours.map((x) => x.seconds)))).toFixed(0)} / ${mean(rows.map((r) => r.perFrame.seconds)).toFixed(0)} |`,
    '',
  ];
  const md = lines.join('\n');
  writeFileSync(join(o.dir, 'table.md'), md);
  return { md, dir: o.dir };
}

/** The part as bench.ts runs it: its options (usage and exit 2 when wrong), the run, the table printed. */
export async function videoInpaintPart(
  values: Readonly<Record<string, string | undefined>>,
  out: string,
  log: (s: string) => void,
): Promise<void> {
  let options: VideoInpaintOptions;
  try {
    options = videoInpaintOptions(values, out);
  } catch (err) {
    console.error(`error: ${(err as Error).message}\n${VIDEO_INPAINT_USAGE}`);
    process.exit(2);
  }
  const written = await runVideoInpaintBench(options, log);
  console.log(`${written.md}\ntable and records in ${written.dir} (the fills' GIFs under samples/)`);
}
