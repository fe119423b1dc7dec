/**
 * GPNN (docs/algorithms.md, "GPNN"): one job kind for all its image tasks
 * (samples, retargeting, analogies, inpainting, editing, collage) and its
 * animation.
 */
import { checkFps, checkFrameCount } from '../../engine/animation/animationLimits';
import { validateGpnnAnimation } from '../../engine/animation/gpnnAnimation';
import { quickCheckGpnnTask } from '../../engine/gpnn/gpnnTask';
import type { Shape } from '../../engine/pyramid/pyramidShape';
import { formatSize } from '../../engine/image/formatSize';
import { definePageFeature, QUICK, RUN_AGAIN, type JobFacts } from '../../jobs/kindInfo';
import { COLLAGE_SLOTS } from '../../protocol/images';
import type { GpnnAnimateJob, GpnnJob } from './jobs';
import { GPNN_TASK_NOUNS } from './labels';
import { gpnnPage } from './tasks';

export type { GpnnAnimateJob, GpnnJob } from './jobs';
export { retargetSize, type GpnnSettings } from './tasks';
export { GPNN_TASK_NOUNS, gpnnOutputLabel, gpnnStageName } from './labels';

const collageShapes = (facts: JobFacts): Shape[] =>
  COLLAGE_SLOTS.flatMap((slot) => (facts.images[slot] ? [facts.images[slot]] : []));

export const gpnnFeature = definePageFeature<GpnnJob | GpnnAnimateJob>()(
  'gpnn',
  {
    gpnn: {
      scaleSifid: true,
      squaresCoarsest: true,
      fileWords: (job) => (job ? `gpnn-${job.task.kind}` : 'gpnn'),
      // An analogy's structure and a collage's images are the task's own checks (quickCheckGpnnTask).
      needs: () => ({ source: true, model: false }),
      validate: (job, facts) =>
        quickCheckGpnnTask(
          job.task,
          { source: facts.images.source!, structure: facts.images.structure, collage: collageShapes(facts) },
          job.params,
        ),
      title: (job, n) => {
        const t = job.task;
        if (t.kind === 'sample')
          return `${t.seeds.length} GPNN sample${t.seeds.length === 1 ? '' : 's'} of ${n.source}`;
        if (t.kind === 'retarget') return `GPNN retarget of ${n.source} to ${formatSize(t.width, t.height)}`;
        return `GPNN ${GPNN_TASK_NOUNS[t.kind]} of ${n.source}`;
      },
      outputs: (job) => (job.task.kind === 'sample' ? job.task.seeds.length : 1),
      oneOutput: (job, output, searchRan) => {
        const params = searchRan ? { ...job.params, nn: searchRan } : job.params;
        if (job.task.kind !== 'sample') return { job: { ...job, params }, seed: null };
        const seed = job.task.seeds[output];
        return { job: { ...job, params, task: { kind: 'sample', seeds: [seed] } }, seed };
      },
      slots: (job) =>
        job.task.kind === 'analogy'
          ? ['source', 'structure']
          : job.task.kind === 'collage'
            ? ['source', ...COLLAGE_SLOTS]
            : ['source'],
      silence: QUICK,
      afterDeviceLoss: RUN_AGAIN,
    },
    'gpnn-animate': {
      squaresCoarsest: true,
      fileWords: () => 'gpnn-animation',
      needs: () => ({ source: true, model: false }),
      validate: (job, facts) => {
        const a = job.animation;
        return (
          checkFrameCount(a.frames) ??
          checkFps(a.fps) ??
          validateGpnnAnimation({ height: facts.images.source![0], width: facts.images.source![1] }, job.params, a) ??
          quickCheckGpnnTask(
            { kind: 'sample', seeds: [a.seed] },
            { source: facts.images.source!, collage: [] },
            job.params,
          )
        );
      },
      title: (job, n) => `GPNN animation of ${n.source} (${job.animation.frames} frames, ${job.animation.coherence})`,
      outputs: (job) => job.animation.frames,
      silence: QUICK,
      playback: (job) => ({ fps: job.animation.fps, loop: job.animation.loop }),
      afterDeviceLoss: RUN_AGAIN,
    },
  },
  gpnnPage,
);
