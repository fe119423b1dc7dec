/** The pyramid tool's page half: its settings and its one task. Pure: the form is in forms.tsx. */
import { DEFAULT_PYRAMID, type PyramidParams } from '../../engine/pyramid/pyramidShape';
import type { FeaturePage } from '../../jobs/kindInfo';
import type { PyramidJob } from './jobs';

export interface PyramidSettings {
  readonly pyramid: PyramidParams;
}

export const pyramidPage: FeaturePage<PyramidJob, PyramidSettings, 'pyramid'> = {
  settings: { pyramid: DEFAULT_PYRAMID },
  showRecipe: (job) => ({ task: 'pyramid', settings: { pyramid: job.params } }),
  tasks: {
    pyramid: {
      engine: 'Tools',
      label: 'Build pyramid',
      blurb: 'The Gaussian pyramid GPNN works on, level by level.',
      action: 'Build pyramid',
      build: (s) => ({ kind: 'pyramid', params: s.pyramid }),
    },
  },
};
