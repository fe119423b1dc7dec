/** `animate gpnn`: GPNN frames from one image, each (by default) started from the previous one. */
import type { AnimationEngine } from './animationEngine';
import { GIF2GIF_ONLY, SINGAN_TRAIN_ONLY, SINGAN_USE_ONLY, fail, refuse } from './args';
import { gpnnParams } from './gpnnOptions';

export const animateGpnn: AnimationEngine = {
  prepare(values, animation) {
    refuse(values, [...SINGAN_TRAIN_ONLY, ...SINGAN_USE_ONLY, ...GIF2GIF_ONLY], 'animate gpnn');
    if (!values.input) fail('--input is required');
    const params = gpnnParams(values);
    const coherence = values.coherence ?? 'temporal';
    if (coherence !== 'temporal' && coherence !== 'independent')
      fail(`--coherence must be temporal or independent, got "${coherence}"`);
    return {
      inputs: [{ slot: 'source', path: values.input }],
      job: () => ({ kind: 'gpnn-animate', params, animation: { ...animation, coherence } }),
      report: { params, coherence },
    };
  },
};
