import { GpnnInputError } from '../../engine/gpnn/gpnnPlan';
import { runGpnnTask } from '../../engine/gpnn/gpnnTask';
import type { GpnnJob } from '../../protocol/messages';
import type { JobContext } from '../jobContext';
import { JobInputError } from './jobErrors';

/** GPNN (ALGORITHMS.md §1): random samples or retargeting, every scale of every output streamed. */
export async function runGpnnJob(job: GpnnJob, ctx: JobContext): Promise<void> {
  const { task, params } = job;
  let depth = 0;
  let outputs = 1;
  let done = 0;
  const total = () => outputs * (depth + 1) * params.iterations;
  const name = (i: number) => (task.kind === 'sample' ? `Sample ${i + 1}/${outputs}` : 'Retarget');
  try {
    await runGpnnTask(ctx.runtime.gpnn, ctx.images, task, params, {
      signal: ctx.signal,
      onPlan: (_plan, n, start) => {
        depth = start;
        outputs = n;
        ctx.emitProgress(0, total(), 'Building the source pyramid');
      },
      onStep: (i, level, t) => {
        done++;
        ctx.emitProgress(done, total(), `${name(i)} · level ${level} · iteration ${t + 1}/${params.iterations}`);
      },
      onScale: async (i, level, image) => {
        ctx.emitScale(i, level, depth, image, `Level ${level} · ${image.height}×${image.width}`);
        await ctx.pace();
      },
      onOutput: (i, image, seed) => {
        const label = task.kind === 'sample' ? `Sample ${i + 1} · seed ${seed}` : `Retargeted ${image.height}×${image.width}`;
        ctx.emitOutput(i, image, label, seed);
      },
    });
  } catch (err) {
    if (err instanceof GpnnInputError) throw new JobInputError('bad-params', err.message);
    throw err;
  }
}
