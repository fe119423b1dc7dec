/** The pyramid tool (docs/architecture.md, "Feature folders"): the Gaussian pyramid GPNN works on. */
import { validatePyramidParams } from '../../engine/pyramid/pyramidShape';
import { definePageFeature, QUICK, RUN_AGAIN } from '../../jobs/kindInfo';
import type { PyramidJob } from './jobs';
import { pyramidPage } from './tasks';

export type { PyramidJob } from './jobs';
export type { PyramidSettings } from './tasks';

export const pyramidFeature = definePageFeature<PyramidJob>()(
  'pyramid',
  {
    pyramid: {
      needs: () => ({ source: true, model: false }),
      shows: 'levels',
      squaresCoarsest: true,
      fileWords: () => 'pyramid',
      validate: (job) => validatePyramidParams(job.params),
      title: (_job, n) => `Pyramid of ${n.source}`,
      outputs: () => 1,
      silence: QUICK,
      afterDeviceLoss: RUN_AGAIN,
    },
  },
  pyramidPage,
);
