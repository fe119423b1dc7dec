import { buildPyramid } from '../../../engine/pyramid/buildPyramid';
import { pyramidDepth } from '../../../engine/pyramid/pyramidShape';
import type { PyramidJob } from '..';
import type { JobContext } from '../../../worker/jobContext';
import { formatSize } from '../../../engine/image/formatSize';

/**
 * "Build pyramid": every level of GPNN's Gaussian pyramid (docs/algorithms.md,
 * "Gaussian pyramid"), streamed finest first.
 */
export async function runPyramidJob(job: PyramidJob, ctx: JobContext): Promise<void> {
  const { source } = ctx;
  const total = pyramidDepth(source.height, source.width, job.params) + 1;
  ctx.emitProgress(0, total, 'Building pyramid');
  await buildPyramid(ctx.runtime.ops, source, job.params, {
    signal: ctx.signal,
    onLevel: async (level, image, depth) => {
      ctx.emitScale(0, level, depth, image, `Level ${level} · ${formatSize(image.width, image.height)}`);
      ctx.emitProgress(level + 1, total, `Level ${level} of ${depth}`);
      await ctx.pace();
    },
  });
}
