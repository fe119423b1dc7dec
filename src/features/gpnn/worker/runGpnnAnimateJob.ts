import { FlickerMeter } from '../../../engine/animation/flicker';
import { animateGpnn } from '../../../engine/animation/gpnnAnimation';
import { GpnnInputError } from '../../../engine/gpnn/gpnnPlan';
import type { GpnnAnimateJob } from '..';
import type { JobContext } from '../../../worker/jobContext';
import { JobInputError } from '../../../worker/jobErrors';
import { STEP_UNIT_MS } from './runGpnnJob';
import { searchChosen, searchHooks } from './searchHooks';

/**
 * GPNN animation: every frame streamed as an output the moment it is made
 * (output i = frame i), then the animation's flicker as a metric of output 0.
 */
export async function runGpnnAnimateJob(job: GpnnAnimateJob, ctx: JobContext): Promise<void> {
  const { params, animation } = job;
  const spec = { frames: animation.frames, loop: animation.loop, seed: animation.seed, coherence: animation.coherence };
  // Limits were checked against the registry (jobKinds.ts) before the job started.

  const n = spec.frames;
  // Progress in estimated microseconds per step, as the GPNN job counts it: a fine level costs hundreds of coarse ones.
  let stepCost: number[] = [];
  let total = 1;
  let done = 0;
  const meter = new FlickerMeter();
  try {
    await animateGpnn(ctx.runtime.gpnn, ctx.source, params, spec, {
      signal: ctx.signal,
      ...searchHooks(ctx),
      onPlan: () => ctx.emitProgress(0, 1, 'Building the source pyramid'),
      onSearch: (decision) => {
        ctx.emitSearch(searchChosen(decision, ctx.runtime.gpnn.exactSearch));
        stepCost = [...decision.stepUs];
        total = decision.totalUs;
        // A second decision (an automatic exact search switched to PatchMatch) carries the progress on.
        ctx.emitProgress(Math.min(done, total), total, decision.choice.reason, { unitMs: STEP_UNIT_MS });
      },
      onStep: (frame, level, t) => {
        done += stepCost[level];
        ctx.emitProgress(
          Math.min(done, total),
          total,
          `Frame ${frame + 1}/${n} · level ${level} · iteration ${t + 1}/${params.iterations}`,
          { unitMs: STEP_UNIT_MS },
        );
      },
      onFrame: async (frame, image) => {
        meter.add(image);
        ctx.emitOutput(frame, image, `Frame ${frame + 1}/${n}`, spec.seed);
        await ctx.pace();
        // Between frames: where a pause holds and a cancel lands.
        await ctx.checkpoint();
      },
    });
  } catch (err) {
    if (err instanceof GpnnInputError) throw new JobInputError('bad-params', err.message);
    throw err;
  }
  ctx.emitMetric(0, null, 'flicker', meter.value());
}
