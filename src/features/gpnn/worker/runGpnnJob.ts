import { GpnnInputError } from '../../../engine/gpnn/gpnnPlan';
import { applyResampleSteps } from '../../../engine/image/resample';
import type { RgbImage } from '../../../engine/image/rgbImage';
import { sifid, sifidDefinedFor } from '../../../worker/sifidService';
import { gpnnOutputWarning } from '../../../engine/gpnn/outputNotes';
import { runGpnnTask } from '../../../engine/gpnn/runGpnnTask';
import type { GpnnJob } from '..';
import type { JobContext } from '../../../worker/jobContext';
import { JobInputError } from '../../../worker/jobErrors';
import { searchChosen, searchHooks } from './searchHooks';
import { gpnnOutputLabel, gpnnStageName } from '..';
import { formatSize } from '../../../engine/image/formatSize';

/** Progress counts estimated microseconds of the device's time: this many ms each, the ETA's prior rate. */
export const STEP_UNIT_MS = 0.001;

/**
 * GPNN (docs/algorithms.md, "GPNN overview"): every task (samples, retargeting,
 * analogies, inpainting, collages, edits), every scale of every output streamed.
 */
export async function runGpnnJob(job: GpnnJob, ctx: JobContext): Promise<void> {
  const { task, params } = job;
  let depth = 0;
  let outputs = 1;
  // Progress in estimated microseconds per step (this device's measured search speed), not in steps:
  // a fine level costs hundreds of coarse ones, and the ETA must know.
  let stepCost: number[] = [];
  let total = 1;
  let done = 0;
  // Where the current output's current noise draw started counting, for a redraw to add its work to the total.
  let drawOutput = -1;
  let drawStarted = 0;
  let scaleStarted = performance.now();
  let keyLevels: RgbImage[] | null = null;
  try {
    await runGpnnTask(ctx.runtime.gpnn, ctx.images, task, params, {
      signal: ctx.signal,
      ...searchHooks(ctx),
      onPlan: (plan, n, start, keySource) => {
        depth = start;
        // SIFID compares each scale with the source at that scale: the key image's own pyramid level.
        if (job.sifid !== false) {
          const levels: RgbImage[] = [];
          plan.sourceSteps.forEach((steps, k) =>
            levels.push(k === 0 ? keySource : applyResampleSteps(levels[k - 1], steps)),
          );
          keyLevels = levels;
        }
        outputs = n;
        ctx.emitProgress(0, 1, 'Building the source pyramid');
      },
      onSearch: (decision) => {
        ctx.emitSearch(searchChosen(decision, ctx.runtime.gpnn.exactSearch));
        stepCost = [...decision.stepUs];
        total = decision.totalUs;
        // A second decision (an automatic exact search that ran far over its estimate, switched to PatchMatch)
        // counts the work already done in the old units: the progress carries on, it does not restart.
        ctx.emitProgress(Math.min(done, total), total, decision.choice.reason, { unitMs: STEP_UNIT_MS });
        scaleStarted = performance.now();
      },
      onRedraw: () => {
        // A refused draw (docs/algorithms.md, "No copies of the source") runs its coarse levels again: that work
        // joins the total, so the bar neither runs back nor overruns.
        total += done - drawStarted;
        drawStarted = done;
      },
      onStep: (i, level, t) => {
        if (i !== drawOutput) {
          drawOutput = i;
          drawStarted = done;
        }
        done += stepCost[level];
        // Held at the total only for a switched search, whose total restarts in the new units (onSearch).
        ctx.emitProgress(
          Math.min(done, total),
          total,
          `${gpnnStageName(task, i, outputs)} · level ${level} · iteration ${t + 1}/${params.iterations}`,
          { unitMs: STEP_UNIT_MS },
        );
      },
      onScale: async (i, level, image) => {
        const ms = performance.now() - scaleStarted;
        ctx.emitScale(i, level, depth, image, `Level ${level} · ${formatSize(image.width, image.height)}`, ms);
        if (keyLevels) await emitSifid(ctx, i, level, keyLevels[level], image);
        await ctx.pace();
        scaleStarted = performance.now();
      },
      onOutput: (i, image, seed, note) => {
        ctx.emitOutput(i, image, gpnnOutputLabel(task, i, image, seed), seed, note && gpnnOutputWarning(note));
      },
    });
  } catch (err) {
    if (err instanceof GpnnInputError) throw new JobInputError('bad-params', err.message);
    throw err;
  }
}

/** SIFID of one streamed scale; scales too small for the Inception stem are skipped, a metric failure never fails the job. */
async function emitSifid(
  ctx: JobContext,
  output: number,
  level: number,
  real: RgbImage,
  fake: RgbImage,
): Promise<void> {
  if (!sifidDefinedFor(real) || !sifidDefinedFor(fake)) return;
  try {
    ctx.emitMetric(output, level, 'sifid', await sifid(real, fake));
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    console.warn('SIFID failed:', err);
  }
}
