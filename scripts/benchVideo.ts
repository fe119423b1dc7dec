/**
 * VGPNN measured against the published samples (docs/algorithms.md, "Video
 * benchmark"): for every input video under ../shared/data/videos/<set>/<name>/
 * (gt.gif, VGPNN's vgpnn-N.gif, a GAN's baseline-N.gif), our engine makes K
 * samples (seeds 1…K) with the page's vgpnn-generate defaults (max side,
 * frames, σ, voting, completeness off, the automatic exact/PatchMatch choice),
 * timed in CPU and wall seconds on one thread (the engine is plain JS on
 * Node's main thread), and ours, up to K of VGPNN's and up to K of the GAN's
 * are scored against the input under one Inception stem (tfjs wasm in Node):
 * per-frame, temporal and space-time SIFID, diversity, mean |Δ| and motion.
 * Every score is taken at the size our engine works at (the input shrunk to
 * the max side, as the job shrinks it); published samples are resized to it.
 *
 *   npm run bench -- --suite video [--video-seeds 3] [--video-only birds,fish] [--video-max-side 256] [--run NAME]
 *
 * A run is one folder under bench/results: settings.json, records.jsonl (one
 * line per video, appended as each finishes, so a rerun with the same --run
 * resumes and skips the videos done), table.md, and under samples/ (git
 * ignored: made from videos whose licence is not ours) our GIFs.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus } from 'node:os';
import { encodeGif } from '../src/engine/gif/encodeGif';
import { rgbToRgba, type RgbImage } from '../src/engine/image/rgbImage';
import type { InceptionStem } from '../src/engine/metrics/inceptionStem';
import { STEM_MIN_INPUT_SIZE } from '../src/engine/metrics/stemArchitecture';
import { trimToShortest, videoDiversity } from '../src/engine/metrics/videoDiversity';
import { loopSeam } from '../src/engine/metrics/loopSeam';
import { fitFrames, prepareVideoReference, scoreVideo, summarizeMotion } from '../src/engine/metrics/videoScores';
import { prepareVgpnn, sampleVgpnn, type VideoSynthesisCallbacks } from '../src/engine/vgpnn/synthesizeVideo';
import { exactSearchPairs, vgpnnPlan } from '../src/engine/vgpnn/vgpnnParams';
import { videoFromFrames, videoShape, videoToFrames } from '../src/engine/vgpnn/video';
import { resizeVideo } from '../src/engine/vgpnn/videoPyramid';
import {
  checkVgpnnJob,
  DEFAULT_VGPNN_SETTINGS,
  VGPNN_MAX_SIDE,
  vgpnnParamsOf,
  vgpnnSearchOf,
  vgpnnShapes,
  type VgpnnGenerateJob,
} from '../src/features/vgpnn';
import { vgpnnPageJob } from './lib/vgpnnPageJob';
import { decodeGifFrames } from './lib/motionMetrics';
import { readJsonLines } from './lib/jsonLines';
import type { Voting } from '../src/engine/patches/voting';
import { startNodeGpnn } from './lib/nodeGpnn';
import { writeVideoTable, type MethodResult, type SampleRecord, type VideoRecord } from './benchVideoReport';

/** The published sets and the GAN each one's baseline-N.gif comes from. */
const SETS = { 'singan-gif': 'SinGAN-GIF', 'hp-vae-gan': 'HP-VAE-GAN' } as const;
type SetName = keyof typeof SETS;

export const VIDEO_BENCH_USAGE = `video: VGPNN (ours) vs VGPNN's and a GAN's published samples (scripts/benchVideo.ts; not in the default set)
  --video-seeds K       our samples per video (seeds 1…K) and at most K of each published set (default 3)
  --video-only a,b      only these videos (names under <set>/, e.g. birds,fish; default all)
  --video-max-side N    the source's longer side, as the job's Max side (default the page's ${DEFAULT_VGPNN_SETTINGS.maxSide}; above ${VGPNN_MAX_SIDE.max} the page cannot go)
  --video-sigma S       the coarsest level's noise sigma (default the page's ${DEFAULT_VGPNN_SETTINGS.sigma}): a variance sweep
  --video-voting V      median or mean (default the page's ${DEFAULT_VGPNN_SETTINGS.voting})
  --video-seamless      our samples made as seamless loops (the page's "Seamless loop")
  --video-data DIR      the videos (default ../shared/data/videos)
  --run NAME            the run's folder under --out (default video-<max side>-k<K>); rerun with it to resume`;

export interface VideoBenchOptions {
  readonly seeds: number;
  readonly only: readonly string[] | null;
  readonly maxSide: number;
  /** The job's sigma and voting: the page's defaults unless a sweep sets them. */
  readonly sigma: number;
  readonly voting: Voting;
  /** Our samples made as seamless loops. */
  readonly seamless: boolean;
  readonly data: string;
  readonly dir: string;
}

export function videoBenchOptions(
  values: Readonly<Record<string, string | undefined>>,
  out: string,
): VideoBenchOptions {
  const seeds = Number(values['video-seeds'] ?? '3');
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > 10) throw new Error('--video-seeds must be a whole number 1…10');
  const maxSide = Number(values['video-max-side'] ?? String(DEFAULT_VGPNN_SETTINGS.maxSide));
  if (!Number.isInteger(maxSide) || maxSide < VGPNN_MAX_SIDE.min)
    throw new Error(`--video-max-side must be a whole number of at least ${VGPNN_MAX_SIDE.min}`);
  const data = resolve(values['video-data'] ?? '../shared/data/videos');
  if (!existsSync(data)) throw new Error(`no video folder ${data} (give --video-data DIR)`);
  const only = values['video-only']?.split(',').filter(Boolean) ?? null;
  const sigma = Number(values['video-sigma'] ?? String(DEFAULT_VGPNN_SETTINGS.sigma));
  if (!(sigma >= 0)) throw new Error('--video-sigma must be a number of at least 0');
  const voting = values['video-voting'] ?? DEFAULT_VGPNN_SETTINGS.voting;
  if (voting !== 'median' && voting !== 'mean') throw new Error('--video-voting must be median or mean');
  // A switch: bench.ts passes it as 'true' when given.
  const seamless = values['video-seamless'] === 'true';
  // A run at other settings than the page's says so in its name.
  const tag = `${sigma === DEFAULT_VGPNN_SETTINGS.sigma ? '' : `-sigma${sigma}`}${voting === DEFAULT_VGPNN_SETTINGS.voting ? '' : `-${voting}`}${seamless ? '-seamless' : ''}`;
  return {
    seeds,
    only,
    maxSide,
    sigma,
    voting,
    seamless,
    data,
    dir: join(out, values.run ?? `video-${maxSide}-k${seeds}${tag}`),
  };
}

/** The page's job for a source of `frames` frames: its default settings, but K samples and this run's max side. */
function pageJob(frames: number, o: VideoBenchOptions): VgpnnGenerateJob {
  return vgpnnPageJob(frames, {
    ...DEFAULT_VGPNN_SETTINGS,
    samples: o.seeds,
    maxSide: o.maxSide,
    sigma: o.sigma,
    voting: o.voting,
    seamless: o.seamless,
  });
}

const readGif = (path: string) => decodeGifFrames(new Uint8Array(readFileSync(path)));

/** prefix-N.gif files of a folder, by N, at most `count`. */
function published(dir: string, prefix: string, count: number): string[] {
  const pattern = new RegExp(`^${prefix}-(\\d+)\\.gif$`);
  return readdirSync(dir)
    .map((f) => ({ f, m: pattern.exec(f) }))
    .filter((x) => x.m)
    .sort((a, b) => Number(a.m![1]) - Number(b.m![1]))
    .slice(0, count)
    .map((x) => x.f);
}

/** The videos under `data` (each set's folders with a gt.gif), set by set, or only those named (name or set/name). */
export function listVideos(data: string, only: readonly string[] | null): { set: SetName; name: string }[] {
  const videos = (Object.keys(SETS) as SetName[]).flatMap((set) =>
    existsSync(join(data, set))
      ? readdirSync(join(data, set))
          .filter((name) => existsSync(join(data, set, name, 'gt.gif')))
          .sort()
          .map((name) => ({ set, name }))
      : [],
  );
  if (!only) return videos;
  const unknown = only.filter((o) => !videos.some((v) => v.name === o || `${v.set}/${v.name}` === o));
  if (unknown.length) throw new Error(`--video-only: no video ${unknown.join(', ')} under ${data}`);
  return videos.filter((v) => only.includes(v.name) || only.includes(`${v.set}/${v.name}`));
}

/** Diversity of a set of at least two videos (cut to the shortest), or null. */
function diversityOf(samples: readonly (readonly RgbImage[])[], input: readonly RgbImage[]): number | null {
  return samples.length >= 2 ? videoDiversity(trimToShortest(samples), input) : null;
}

export async function writeGif(path: string, frames: readonly RgbImage[], fps: number): Promise<void> {
  const rgba = frames.map((f) => ({ height: f.height, width: f.width, rgba: rgbToRgba(f) }));
  writeFileSync(path, await encodeGif(rgba, { fps, loop: 'loop', pause: async () => {} }));
}

/** One video: ours sampled and scored, then each published set scored under the same reference. */
async function benchOne(
  stem: InceptionStem,
  o: VideoBenchOptions,
  set: SetName,
  name: string,
  log: (s: string) => void,
): Promise<VideoRecord> {
  const folder = join(o.data, set, name);
  const gt = readGif(join(folder, 'gt.gif'));
  const [T, H, W] = [gt.length, gt[0].height, gt[0].width];
  const job = pageJob(T, o);
  // The page's checks, at the page's largest max side when this run goes beyond it.
  const problem = checkVgpnnJob({ ...job, maxSide: Math.min(job.maxSide, VGPNN_MAX_SIDE.max) }, T, H, W);
  if (problem) throw new Error(`${set}/${name}: ${problem}`);
  const shapes = vgpnnShapes(job, T, H, W);
  const plan = vgpnnPlan(shapes.source, shapes.output, vgpnnParamsOf(job));
  const params = { ...vgpnnParamsOf(job), search: vgpnnSearchOf(plan) };
  let source = videoFromFrames(gt);
  if (videoShape(source).join() !== shapes.source.join()) source = resizeVideo(source, shapes.source);
  const [, h, w] = shapes.source;
  if (Math.min(h, w) < STEM_MIN_INPUT_SIZE)
    throw new Error(
      `${set}/${name}: max side ${o.maxSide} makes ${w}×${h} frames, below SIFID's ${STEM_MIN_INPUT_SIZE} px: give a larger --video-max-side`,
    );
  const input = videoToFrames(source);
  const reference = await prepareVideoReference(stem, input);
  const prepared = prepareVgpnn(source, params, shapes.output);
  log(
    `${set}/${name}: ${T} frames of ${W}×${H} → working ${w}×${h}, ${params.search} search (exact would compare ${exactSearchPairs(plan).toExponential(2)} pairs per sample)`,
  );

  const oursFrames: RgbImage[][] = [];
  const ours: SampleRecord[] = [];
  for (const seed of job.seeds) {
    const memory = peakMemory();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const video = await sampleVgpnn(prepared, seed, memory.callbacks);
    const cpu = process.cpuUsage(cpu0);
    const peakMB = memory.peakMB();
    const wallS = (performance.now() - wall0) / 1000;
    const cpuS = (cpu.user + cpu.system) / 1e6;
    const frames = videoToFrames(video);
    oursFrames.push(frames);
    const file = `${set}-${name}-seed${seed}.gif`;
    await writeGif(join(o.dir, 'samples', file), frames, job.fps);
    const scores = await scoreVideo(stem, reference, frames);
    ours.push({
      label: `seed ${seed}`,
      file,
      frames: frames.length,
      cpuS,
      wallS,
      peakMB,
      scores,
      loop: loopSeam(frames),
    });
    log(
      `  ours seed ${seed}: ${cpuS.toFixed(1)} s CPU (${wallS.toFixed(1)} s wall), ${peakMB.toFixed(0)} MB, per-frame SIFID ${scores.perFrameSifid.toFixed(2)}, temporal ${scores.temporalSifid.toFixed(2)}, space-time ${scores.spaceTimeSifid.toFixed(2)}, |Δ| ${scores.meanAbsDiff.toFixed(3)}`,
    );
  }

  const scoreSet = async (prefix: string, method: string): Promise<MethodResult> => {
    const all: RgbImage[][] = [];
    const samples: SampleRecord[] = [];
    for (const file of published(folder, prefix, o.seeds)) {
      const raw = readGif(join(folder, file));
      const frames = fitFrames(raw, h, w);
      all.push(frames);
      const scores = await scoreVideo(stem, reference, frames);
      samples.push({
        label: file,
        file,
        frames: raw.length,
        size: [raw[0].width, raw[0].height],
        scores,
        loop: loopSeam(frames),
      });
      log(
        `  ${method} ${file}: per-frame SIFID ${scores.perFrameSifid.toFixed(2)}, temporal ${scores.temporalSifid.toFixed(2)}, space-time ${scores.spaceTimeSifid.toFixed(2)}, |Δ| ${scores.meanAbsDiff.toFixed(3)}`,
      );
    }
    return { method, samples, diversity: diversityOf(all, input) };
  };

  return {
    video: `${set}/${name}`,
    input: { frames: T, width: W, height: H },
    working: { frames: shapes.source[0], width: w, height: h },
    search: params.search,
    exactPairs: exactSearchPairs(plan),
    inputMotion: summarizeMotion(reference.motion),
    inputLoop: loopSeam(input),
    ours: { method: 'ours', samples: ours, diversity: diversityOf(oursFrames, input) },
    vgpnn: await scoreSet('vgpnn', 'VGPNN (published)'),
    gan: await scoreSet('baseline', `${SETS[set]} (published)`),
  };
}

/**
 * A sample's engine memory: the JS heap in use plus ArrayBuffers (the
 * engine's videos, fields and votes are typed arrays) above what they were
 * before the sample, read after every step and level and at every pause
 * inside a search. A peak inside one vote is missed, and the heap's count
 * includes garbage not yet collected, so it is a rough figure (the same
 * sample read 42 and 64 MB in two runs); the pyramid, shared by a job's
 * samples and made before, is not counted.
 */
function peakMemory(): { callbacks: VideoSynthesisCallbacks; peakMB: () => number } {
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const base = used();
  let peak = base;
  const read = () => void (peak = Math.max(peak, used()));
  return {
    callbacks: { onStep: read, onLevel: read, pause: async () => read() },
    peakMB: () => (read(), (peak - base) / 2 ** 20),
  };
}

export async function runVideoBench(
  o: VideoBenchOptions,
  log: (s: string) => void,
): Promise<{ md: string; dir: string }> {
  const videos = listVideos(o.data, o.only);
  if (videos.length === 0) throw new Error(`no videos under ${o.data}`);
  mkdirSync(join(o.dir, 'samples'), { recursive: true });
  const settings = {
    suite: 'video',
    data: o.data,
    seeds: o.seeds,
    maxSide: o.maxSide,
    job: { ...pageJob(0, o), frames: 'as the input' },
    threads: 1,
    engine: 'VGPNN engine in plain JS on Node’s main thread (1 thread); SIFID stem on tfjs wasm in Node',
    host: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
    scoredAt: 'the working size (the input shrunk to maxSide as the job shrinks it); published samples resized to it',
  };
  const settingsPath = join(o.dir, 'settings.json');
  if (existsSync(settingsPath)) {
    const before = JSON.parse(readFileSync(settingsPath, 'utf8')) as {
      seeds: number;
      maxSide: number;
      job: { sigma: number; voting: string };
    };
    if (
      before.seeds !== o.seeds ||
      before.maxSide !== o.maxSide ||
      before.job.sigma !== o.sigma ||
      before.job.voting !== o.voting
    )
      throw new Error(
        `${o.dir} was run with ${before.seeds} seeds at max side ${before.maxSide}, sigma ${before.job.sigma}, ${before.job.voting} voting: give another --run`,
      );
  }
  writeFileSync(settingsPath, `${JSON.stringify(settings, null, 2)}\n`);
  const recordPath = join(o.dir, 'records.jsonl');
  const readRecords = () => readJsonLines<VideoRecord>(recordPath);
  const done = new Set(readRecords().map((r) => r.video));
  const { stem } = await startNodeGpnn();
  for (const { set, name } of videos) {
    if (done.has(`${set}/${name}`)) {
      log(`${set}/${name}: recorded, skipped`);
      continue;
    }
    const record = await benchOne(stem, o, set, name, log);
    appendFileSync(recordPath, `${JSON.stringify(record)}\n`);
  }
  const md = writeVideoTable(o.dir, readRecords(), settings);
  return { md, dir: o.dir };
}
