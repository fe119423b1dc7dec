/**
 * Headless command line for the studio's engines. It builds the app, opens it
 * in headless Chromium with WebGPU and drives the same engine worker the page
 * uses, so the WGSL that runs here is the WGSL that runs in the studio.
 *
 *   npm run cli -- gpnn sample --input photo.jpg --samples 4 --out out/sample.png --report report.json
 *   npm run cli -- animate gpnn --input photo.jpg --frames 24 --fps 12 --out out/anim.gif
 *   npm run cli -- singan train --input photo.jpg --preset fast --attention head --out out/model.singan --report train.json
 *   npm run cli -- singan sample --model out/model.singan --samples 4 --out out/samples
 *   npm run cli -- singan sr --model out/model.singan --factor 4 --input photo.jpg --reference photo-x4.png --out out/sr.png
 *   npm run cli -- animate singan --model out/model.singan --frames 24 --fps 10 --out out/anim.gif
 *   npm run cli -- gif2gif train --input clip.gif --variant noise-lstm --out out/clip.singan --report train.json
 *   npm run cli -- gif2gif generate --model out/clip.singan --frames 24 --seed 2 --out out/clip-new.gif
 *
 * This file only dispatches: each command has its own module here, beside
 * the shared argument, file and report helpers.
 */
import { animate } from './animate';
import {
  GIF2GIF_TASKS,
  GPNN_TASKS,
  SINGAN_TASKS,
  USAGE,
  fail,
  isUsageError,
  parseCliArgs,
  type Flags,
  type Gif2gifCliTask,
  type GpnnCliTask,
  type SinganCliTask,
} from './args';
import { gif2gifGenerate, gif2gifTrain } from './gif2gif';
import { gpnn } from './gpnn';
import { replay } from './replay';
import { sifidCommand } from './sifid';
import { singanSample } from './singanSample';
import { singanSr } from './singanSr';
import { singanTrain } from './singanTrain';

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseCliArgs(argv);
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [engine, task] = positionals;
  if (engine === 'sifid') return sifidCommand(positionals.slice(1), values);
  if (engine === 'replay') return replay(values as Flags);
  if (engine === 'animate') return animate(task, values as Flags);
  if (engine === 'singan') {
    if (!SINGAN_TASKS.includes(task as SinganCliTask))
      fail(`singan needs a task: ${SINGAN_TASKS.join(', ')}${task ? ` (got "${task}")` : ''}`);
    if (positionals.length > 2) fail(`unexpected argument "${positionals[2]}"`);
    const flags = values as Flags;
    if (task === 'sr') return singanSr(flags);
    return task === 'train' ? singanTrain(flags) : singanSample(flags);
  }
  if (engine === 'gif2gif') {
    if (!GIF2GIF_TASKS.includes(task as Gif2gifCliTask))
      fail(`gif2gif needs a task: ${GIF2GIF_TASKS.join(', ')}${task ? ` (got "${task}")` : ''}`);
    if (positionals.length > 2) fail(`unexpected argument "${positionals[2]}"`);
    const flags = values as Flags;
    return task === 'train' ? gif2gifTrain(flags) : gif2gifGenerate(flags);
  }
  if (engine !== 'gpnn') fail(engine ? `unknown command "${engine}"` : 'no command given');
  if (!GPNN_TASKS.includes(task as GpnnCliTask)) fail(`gpnn needs a task: ${GPNN_TASKS.join(', ')}`);
  await gpnn(task as GpnnCliTask, values as Flags);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (isUsageError(err)) {
    console.error(`error: ${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
