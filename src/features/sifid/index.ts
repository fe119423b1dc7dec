/** SIFID of images against one real image (docs/algorithms.md, "SIFID"): the Compare view's job. */
import { defineFeature, QUICK, RUN_AGAIN } from '../../jobs/kindInfo';
import type { SifidJob } from './jobs';

export type { SifidJob } from './jobs';

export const sifidFeature = defineFeature<SifidJob>('sifid', {
  sifid: {
    fileWords: () => 'sifid',
    needs: () => ({ source: false, model: false }),
    validate: (job) => (job.fakes.length > 0 ? null : 'Choose images to compare.'),
    title: () => 'SIFID comparison',
    outputs: (job) => job.fakes.length,
    silence: QUICK,
    afterDeviceLoss: RUN_AGAIN,
  },
});
