import { flicker } from '../../../engine/animation/flicker';
import { filmStrip } from '../../../engine/image/filmStrip';
import type { RgbImage } from '../../../engine/image/rgbImage';
import { directionAgreement, motionDirection } from '../../../engine/metrics/motion/motionDirection';
import { loopSeam } from '../../../engine/metrics/loopSeam';
import {
  prepareVgpnn,
  sampleVgpnn,
  type PreparedVgpnn,
  type VideoSynthesisCallbacks,
} from '../../../engine/vgpnn/synthesizeVideo';
import {
  describeVideoShape,
  videoFromFrames,
  videoShape,
  videoToFrames,
  type Video,
} from '../../../engine/vgpnn/video';
import { resizeVideo } from '../../../engine/vgpnn/videoPyramid';
import type { JobContext } from '../../../worker/jobContext';
import { JobInputError } from '../../../worker/jobErrors';
import { vgpnnExactPairs, vgpnnParamsOf, vgpnnSearchOf, vgpnnShapes, type VgpnnGenerateJob } from '..';
import { spaceTimeGrid } from '../../../engine/vgpnn/spaceTimePatches';
import { exactLevelPairs, vgpnnLevelSearch, vgpnnPlan, type VgpnnSearch } from '../../../engine/vgpnn/vgpnnParams';

/** Lets the worker take its messages (a Cancel, a heartbeat) between slices of a long search. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * VGPNN in the worker (docs/algorithms.md, "VGPNN (space-time patches)"):
 * the source slot's frames, shrunk to the job's max side, make one pyramid
 * shared by every sample; each seed's sample is rebuilt coarse to fine, every
 * finished level streamed as a film strip of its frames (scale `level` of the
 * sample's first output), then its frames stream as outputs, sample after
 * sample, so the page's player, compare view and GIF export take them as
 * they take any animation's. Each sample is measured by its flicker and
 * motion against the source's.
 */
export async function runVgpnnJob(job: VgpnnGenerateJob, ctx: JobContext): Promise<void> {
  const frames = ctx.frames('source');
  // The registry's check (jobProblem) refuses a still source with the user's message.
  if (!frames) throw new Error('vgpnn-generate started without an animated source');
  const shared = vgpnnParamsOf(job);
  const { source: sourceShape, output } = vgpnnShapes(job, frames.length, frames[0].height, frames[0].width);
  // Exact search where it takes about half a minute a sample, PatchMatch above (vgpnnLimits.ts).
  const { params, exactPairs } = inUserWords(() => {
    const planned = vgpnnPlan(sourceShape, output, shared);
    return {
      exactPairs: vgpnnExactPairs(planned, shared.alpha),
      params: { ...shared, search: vgpnnSearchOf(planned, shared.alpha) },
    };
  });
  ctx.emitProgress(0, 1, `Building the space-time pyramid · ${searchWords(params.search, exactPairs, 'sample')}`);
  let source: Video = videoFromFrames(frames);
  if (videoShape(source).join() !== sourceShape.join()) source = resizeVideo(source, sourceShape);
  const prepared = inUserWords(() => prepareVgpnn(source, params, output));
  await streamSamples(ctx, job.seeds, prepared, source, job.frames, (seed, callbacks) =>
    sampleVgpnn(prepared, seed, callbacks),
  );
}

/** What the engine refuses in its own words (a RangeError) is the user's input error; anything else is a bug. */
export function inUserWords<T>(make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof RangeError) throw new JobInputError('bad-params', err.message);
    throw err;
  }
}

/** The first progress line's words for the search a run takes, with the pairs exact search would compare. */
export function searchWords(search: VgpnnSearch, exactPairs: number, per: string): string {
  return search === 'exact'
    ? 'exact search'
    : `PatchMatch (exact search would compare ${(exactPairs / 1e9).toFixed(1)} billion patch pairs per ${per})`;
}

/**
 * Runs `make` for every seed and streams what it makes: each finished level
 * as a film strip of its frames (scale `level` of the sample's first output),
 * then the sample's frames as outputs, sample after sample, each measured by
 * its flicker and motion against `source`'s. Progress is counted in patch
 * pairs compared, so a fine level weighs what it costs.
 */
export async function streamSamples(
  ctx: JobContext,
  seeds: readonly number[],
  prepared: PreparedVgpnn,
  source: Video,
  framesPerSample: number,
  make: (seed: number, callbacks: VideoSynthesisCallbacks) => Promise<Video>,
  noun = 'Sample',
): Promise<void> {
  const { plan, params } = prepared;
  // A PatchMatch level compares about (4 jump passes × 6 neighbours + a random search) keys per query and round.
  const stepCost = plan.output.map((_s, k) =>
    vgpnnLevelSearch(plan, k, params.search) === 'exact'
      ? exactLevelPairs(plan, k)
      : spaceTimeGrid(plan.output[k], plan.patch[k]).count * 40 * params.pmRounds,
  );
  const perSample = stepCost.reduce((sum, c, k) => sum + c * plan.iterations[k], 0);
  let total = perSample * seeds.length;
  const sourceMotion = motionDirection(videoToFrames(source));
  let done = 0;
  for (const [i, seed] of seeds.entries()) {
    await ctx.checkpoint();
    const first = i * framesPerSample;
    const sample = `${noun} ${i + 1}/${seeds.length} · seed ${seed}`;
    let levelStarted = performance.now();
    let drawStarted = done;
    const video = await make(seed, {
      signal: ctx.signal,
      pause: async () => {
        await ctx.checkpoint();
        await nextTask();
      },
      // A redraw starts the sample again from its coarsest level: the refused draw's work is added to the total,
      // so the bar never runs back and never overruns.
      onRedraw: () => {
        total += done - drawStarted;
        drawStarted = done;
      },
      onStep: (k, t) => {
        done += stepCost[k];
        ctx.emitProgress(done, total, `${sample} · level ${k} · step ${t + 1}/${plan.iterations[k]}`);
      },
      onLevel: async (k, v) => {
        const label = `Level ${k} · ${describeVideoShape(videoShape(v))}`;
        ctx.emitScale(first, k, plan.depth, filmStrip(videoToFrames(v)), label, performance.now() - levelStarted);
        await ctx.checkpoint();
        await ctx.pace();
        levelStarted = performance.now();
      },
    });
    const made: RgbImage[] = videoToFrames(video);
    for (const [j, frame] of made.entries())
      ctx.emitOutput(first + j, frame, `Seed ${seed} · frame ${j + 1}/${made.length}`, seed);
    emitMotion(ctx, first, made, sourceMotion);
  }
}

/** Flicker and motion direction of one sample, against the source's (the figures GIF → GIF's compare view shows). */
function emitMotion(
  ctx: JobContext,
  output: number,
  made: readonly RgbImage[],
  source: ReturnType<typeof motionDirection>,
): void {
  ctx.emitMetric(output, null, 'flicker', flicker(made));
  const motion = motionDirection(made);
  ctx.emitMetric(output, null, 'motion-angle', motion.angleDeg);
  ctx.emitMetric(output, null, 'source-motion-angle', source.angleDeg);
  ctx.emitMetric(output, null, 'motion-agreement', directionAgreement(motion, source));
  ctx.emitMetric(output, null, 'loop-seam', loopSeam(made, motion.perPair).ratio);
}
