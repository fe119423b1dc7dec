/** SinGAN's commands: `singan train|sample|sr` (cliTrain.ts, cliSample.ts, cliSr.ts) and its engine for `animate singan`. */
import { fail } from '../../../scripts/cli/args';
import type { CliCommand, FeatureCli } from '../../../scripts/cli/command';
import { animateSingan } from './cliAnimate';
import { singanSample } from './cliSample';
import { singanSr } from './cliSr';
import { singanTrain } from './cliTrain';

const SINGAN_TASKS = ['train', 'sample', 'sr'] as const;
type SinganCliTask = (typeof SINGAN_TASKS)[number];

const singanCommand: CliCommand = {
  name: 'singan',
  tasks: SINGAN_TASKS,
  usage: [
    '  npm run cli -- singan train --input IMG [--preset fast|paper] [--attention P] [--ff] [options] --out model.singan',
    '  npm run cli -- singan sample --model model.singan --samples K [--seed S] [--height-factor F --width-factor F] --out DIR',
    '  npm run cli -- singan sr --model model.singan --factor 2|4|8 [--input LR.png [--reference HI.png]] --out sr.png',
  ],
  help: [
    'SinGAN training (singan train; every flag overrides the preset)',
    "  --input IMG            training image (worked on at a longer side of max(--max-size, 256), as the studio's default)",
    '  --preset fast|paper    starting hyper-parameters (default fast: 128 px, 300 iterations; paper: 250 px, 2000)',
    '  --attention none|head|body|tail|head+tail   where axial attention sits in G (mirrored in D; default none)',
    '  --ff                   a feed-forward block after each attention block (needs --attention)',
    '  --max-size N           longer side of the finest scale, px; --min-size N shorter side of the coarsest (preset: 25)',
    "  --iterations N         iterations per scale; the learning-rate drop stays at the preset's share of them (80%)",
    '  --channels N           conv channels of both nets at the first four scales (preset: 32)',
    '  --steps N              D steps and G steps per iteration (preset: 3 each)',
    '  --seed S               training seed (default 1); --backend as above',
    '  --out FILE             the trained model file (default: out/model.singan)',
    '  --report FILE          JSON report: config, per-scale ms and iterations/s, final SIFIDs, elapsed, GPU/tfjs peak bytes, backend',
    'SinGAN use (singan sample, animate singan)',
    '  --model FILE           a .singan model file (from singan train, or exported from the studio)',
    '  --samples K            samples to make, 1–64 (default 1); --seed S is the first seed (default 1)',
    '  --height-factor F, --width-factor F   sample size as factors 0.5–3 of the training size (default 1)',
    '  --out DIR              sample: writes DIR/sample-<seed>.png (default: out)',
    '  --beta B               animate singan: noise walk z_t = B·z_{t−1} + (1−B)·ε, 0 ≤ B < 1 (default 0.95)',
    '  --start-scale S        animate singan: first scale whose noise walks, 0 = coarsest (default 0);',
    "                         gif2gif generate: first scale drawn anew, the coarser ones keep the source's layout and motion (default 0)",
    '  (animate singan also takes --frames, --fps, --loop, --seed, --out, --png-zip, --report as animate gpnn)',
    "SinGAN super-resolution (singan sr; as the paper does it: the training image upsampled by about the pyramid's",
    'factor and refined by the finest generator, step after step, until ×F)',
    '  --model FILE           a still-image .singan model file',
    "  --factor F             2, 4 or 8 (default 4); the output, F × the finest scale's size, must be at most 1024 px a side",
    '  --input IMG            the image the model was trained on, as given to singan train (a model file carries',
    "                         none: without it super-resolution starts from the model's reconstruction of it)",
    '  --reference IMG        the high-resolution original, exactly ×F the finest scale (needs --input): prints RMSE,',
    '                         PSNR and SSIM of the result and of a bicubic upscale of the training image against it',
    '  --out PNG              the result, carrying its recipe (default: out/sr-x<F>.png)',
    '  --report FILE          JSON report: model, steps, sizes, metrics (PSNR null when identical), timings, backend',
  ],
  run([task, extra], flags) {
    if (!SINGAN_TASKS.includes(task as SinganCliTask))
      fail(`singan needs a task: ${SINGAN_TASKS.join(', ')}${task ? ` (got "${task}")` : ''}`);
    if (extra !== undefined) fail(`unexpected argument "${extra}"`);
    if (task === 'sr') return singanSr(flags);
    return task === 'train' ? singanTrain(flags) : singanSample(flags);
  },
};

export const cli: FeatureCli = { commands: [singanCommand], animations: [animateSingan] };
