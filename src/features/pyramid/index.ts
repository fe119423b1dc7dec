/** The pyramid tool (docs/architecture.md, "Feature folders"): the Gaussian pyramid GPNN works on. */
import { validatePyramidParams } from '../../engine/pyramid/pyramidShape';
import { defineFeature, QUICK, RUN_AGAIN } from '../../jobs/kindInfo';
import type { PyramidJob } from './jobs';

export type { PyramidJob } from './jobs';

export const pyramidFeature = defineFeature<PyramidJob>('pyramid', {
  pyramid: {
    needs: () => ({ source: true, model: false }),
    shows: 'levels',
    fileWords: () => 'pyramid',
    validate: (job) => validatePyramidParams(job.params),
    title: (_job, n) => `Pyramid of ${n.source}`,
    outputs: () => 1,
    silence: QUICK,
    afterDeviceLoss: RUN_AGAIN,
  },
});
