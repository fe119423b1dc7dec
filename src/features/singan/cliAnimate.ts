/** `animate singan`: a trained model's noise walk, frame by frame. */
import { resolve } from 'node:path';
import type { AnimationEngine } from '../../../scripts/cli/animationEngine';
import {
  GIF2GIF_ONLY,
  GPNN_ONLY,
  SINGAN_SR_ONLY,
  SINGAN_TRAIN_ONLY,
  fail,
  num,
  refuse,
} from '../../../scripts/cli/args';
import { importModel, readModelFile } from '../../../scripts/cli/singanModel';
import { checkWalkBeta } from '../../engine/singan/singanUseLimits';

export const animateSingan: AnimationEngine = {
  name: 'singan',
  usage: [
    '  npm run cli -- animate singan --model model.singan --frames N --fps F [--beta B] [--start-scale S] --out anim.gif',
  ],
  // Its options are in singan's "SinGAN use" section, beside singan sample's.
  help: [],
  prepare(values, animation) {
    refuse(
      values,
      [
        'input',
        ...GPNN_ONLY,
        ...SINGAN_TRAIN_ONLY,
        ...GIF2GIF_ONLY,
        'iterations',
        'height-factor',
        'width-factor',
        ...SINGAN_SR_ONLY,
      ],
      'animate singan',
    );
    if (!values.model) fail('--model is required (a .singan file)');
    const beta = num(values.beta, 'beta', 0.95);
    const badBeta = checkWalkBeta(beta);
    if (badBeta) fail(badBeta);
    const startScale = num(values['start-scale'], 'start-scale', 0, true);
    if (startScale < 0) fail(`--start-scale must be 0 or more, got ${startScale}`);
    const model = readModelFile(values.model);
    let modelId = '';
    return {
      inputs: [],
      async setup(studio) {
        modelId = (await importModel(studio, model)).id;
      },
      job: () => ({ kind: 'singan-animate', modelId, animation: { ...animation, beta, startScale } }),
      report: { model: resolve(values.model), beta, startScale },
    };
  },
};
