/** Exporting frames the page holds as a GIF or a zip of PNGs, encoded in the worker. */
import { checkLoopMode } from '../../engine/animation/animationLimits';
import { checkExportFps, checkExportFrames } from '../../engine/gif/gifLimits';
import { defineFeature, QUICK, RUN_AGAIN, rangeProblem } from '../../jobs/kindInfo';
import type { ExportAnimationJob } from './jobs';

export type { ExportAnimationJob } from './jobs';

export const exportFeature = defineFeature<ExportAnimationJob>('export', {
  'export-animation': {
    fileWords: () => 'animation',
    needs: () => ({ source: false, model: false }),
    validate: (job) => {
      if (job.format !== 'gif' && job.format !== 'png-zip')
        return `Export format must be gif or png-zip (got ${String(job.format)}).`;
      return (
        checkLoopMode(job.loop) ??
        rangeProblem(() => {
          checkExportFrames(job.frames);
          if (job.format === 'gif') checkExportFps(job.fps);
        })
      );
    },
    title: () => 'Export',
    outputs: () => 0,
    silence: QUICK,
    afterDeviceLoss: RUN_AGAIN,
  },
});
