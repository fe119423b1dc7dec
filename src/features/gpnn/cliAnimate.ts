/** `animate gpnn`: GPNN frames from one image, each (by default) started from the previous one. */
import type { AnimationEngine } from '../../../scripts/cli/animationEngine';
import { GIF2GIF_ONLY, SINGAN_TRAIN_ONLY, SINGAN_USE_ONLY, fail, refuse } from '../../../scripts/cli/args';
import { gpnnParams } from './cliOptions';

export const animateGpnn: AnimationEngine = {
  name: 'gpnn',
  usage: ['  npm run cli -- animate gpnn --input IMG --frames N --fps F [options] --out anim.gif'],
  help: [
    'Animation (animate gpnn takes the Inputs/Task options above that a sample takes: --height, --seed, --nn, GPNN parameters)',
    '  --frames N             frames to make, 2–240 (default 24); --fps F frame rate, 1–50 (default 12)',
    '  --loop loop|pingpong   play round (default) or forwards then backwards (written out in the GIF)',
    '  --coherence temporal|independent   start each frame from the previous one (default), or not (the flicker baseline)',
    '  --out GIF              the animated GIF (default: out/animation.gif); --png-zip ZIP also writes the frames as PNGs',
    '  --report FILE          JSON report: frames, flicker, timings, backend/adapter, files written',
  ],
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
