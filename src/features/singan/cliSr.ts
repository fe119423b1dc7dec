/**
 * `singan sr`: SinGAN's super-resolution (docs/algorithms.md, "Super-resolution") of the image a model was
 * trained on, in the worker the page uses; with --reference (the high-resolution original) it also measures
 * RMSE, PSNR and SSIM of the result and of a bicubic upscale of the same low-resolution image, in Node with the
 * engine's own functions (docs/algorithms.md, "RMSE and PSNR", "SSIM").
 */
import { basename, extname, resolve } from 'node:path';
import { formatSize } from '../../engine/image/formatSize';
import { resizeBicubic } from '../../engine/image/resizeBicubic';
import { as8bit, rgbaToRgb } from '../../engine/image/rgbImage';
import { imageQuality, type ImageQuality } from '../../engine/metrics/imageQuality';
import { resizeImageTo } from '../../engine/singan/singanPyramid';
import { badSuperResFactor, isSuperResFactor, superResTrainedShape } from '../../engine/singan/singanUseLimits';
import { jobProblem } from '../../jobs/jobKinds';
import { makeRecipe, sha256Hex } from '../../jobs/recipe';
import type { SinganSuperResJob } from './jobs';
import { startHeadlessStudio, type LoadedImage } from '../../../scripts/lib/headlessStudio';
import {
  ANIMATE_ONLY,
  GIF2GIF_ONLY,
  GPNN_ONLY,
  SINGAN_TRAIN_ONLY,
  backendOption,
  fail,
  num,
  refuse,
  type Flags,
} from '../../../scripts/cli/args';
import { runChecked } from '../../../scripts/cli/checkedRun';
import { readImage, writePng } from '../../../scripts/cli/imageIo';
import { log, runTimings, writeReport } from '../../../scripts/cli/report';
import { importModel, readModelFile } from '../../../scripts/cli/singanModel';
import { singanWorkingSide } from '../../../scripts/cli/singanTrainConfig';

/** The paper's default factor (the public code's sr_factor). */
const DEFAULT_FACTOR = 4;

const loadedRgb = (img: LoadedImage) => rgbaToRgb(img.rgba, img.working.height, img.working.width);
/** JSON has no Infinity: identical images (PSNR ∞) are written as null. */
const jsonQuality = (q: ImageQuality) => ({ ...q, psnr: Number.isFinite(q.psnr) ? q.psnr : null });
const line = (what: string, q: ImageQuality) =>
  `${what}  RMSE ${q.rmse.toFixed(4)} · PSNR ${q.psnr.toFixed(2)} dB · SSIM ${q.ssim.toFixed(4)}`;

export async function singanSr(values: Flags): Promise<void> {
  refuse(
    values,
    [
      ...GPNN_ONLY,
      ...SINGAN_TRAIN_ONLY,
      ...ANIMATE_ONLY,
      ...GIF2GIF_ONLY,
      'iterations',
      'seed',
      'samples',
      'height-factor',
      'width-factor',
      'beta',
      'start-scale',
      'json',
    ],
    'singan sr',
  );
  if (!values.model) fail('--model is required (a .singan file)');
  const factor = num(values.factor, 'factor', DEFAULT_FACTOR);
  if (!isSuperResFactor(factor)) fail(badSuperResFactor(factor));
  const out = values.out ?? `out/sr-x${factor}.png`;
  if (extname(out).toLowerCase() !== '.png') fail(`--out must end in .png, got "${out}"`);
  if (values.reference && !values.input)
    fail(
      '--reference needs --input, the image the model was trained on: a model file carries none, and the result and the bicubic baseline must start from the same image',
    );
  const file = readModelFile(values.model);
  const input = values.input ? { path: values.input, ...readImage(values.input) } : null;
  const reference = values.reference ? { path: values.reference, ...readImage(values.reference) } : null;
  const backend = backendOption(values.backend);

  const studio = await startHeadlessStudio({ backend, log });
  try {
    const model = await importModel(studio, file);
    const job: SinganSuperResJob = {
      kind: 'singan-superres',
      modelId: model.id,
      factor,
      ...(input ? { slot: 'source' as const } : {}),
    };
    // The registry's checks in its words (a GIF → GIF model, an output too large, then the input's size), before the reference's.
    const check = (images: Partial<Record<'source', readonly [number, number]>>) => {
      const problem = jobProblem(images.source ? job : { kind: job.kind, modelId: job.modelId, factor }, {
        images,
        models: [model],
        frames: {},
      });
      if (problem) fail(problem.message);
    };
    check({});
    const workingSide = singanWorkingSide(model.config);
    const loaded = input ? await studio.load('source', input.bytes, basename(input.path), workingSide) : null;
    if (loaded) check({ source: [loaded.working.height, loaded.working.width] });
    const [h, w] = superResTrainedShape(model);
    let hi: LoadedImage | null = null;
    if (reference) {
      // At its own size: the longer side as the working side, so nothing is downscaled.
      hi = await studio.load(
        'structure',
        reference.bytes,
        basename(reference.path),
        Math.max(reference.height, reference.width),
      );
      const { height, width } = hi.working;
      if (height !== h * factor || width !== w * factor)
        fail(
          `--reference must be ×${factor} the training size ${formatSize(w, h)}, so ${formatSize(w * factor, h * factor)}; ${reference.path} is ${formatSize(width, height)}`,
        );
    }
    log(
      `super-resolution ×${factor} with ${model.name} (${model.scalesDone}/${model.scales} scales, trained at ${formatSize(w, h)}) from ${
        loaded ? basename(input!.path) : 'its reconstruction (give --input, the training image, to start from it)'
      }…`,
    );
    const result = await runChecked(studio, job, loaded ? [{ slot: 'source', image: loaded }] : []);
    const o = result.outputs.find((x) => x.output === 0);
    if (!o) throw new Error('the engine made no output');
    const rgba = Buffer.from(o.rgba, 'base64');
    const modelSha256 = await sha256Hex(file.bytes);
    const recipe = makeRecipe({
      job,
      seed: null,
      workingMaxSide: workingSide,
      sources: input ? [{ slot: 'source', name: basename(input.path), sha256: await sha256Hex(input.bytes) }] : [],
      modelId: model.id,
      modelSha256,
    });
    writePng(out, o.height, o.width, rgba, recipe);
    if (o.warning) log(o.warning);
    const steps = result.scales.length;
    console.log(`${resolve(out)}  ${formatSize(o.width, o.height)}  ×${factor} in ${steps} steps · ${o.label}`);

    let metrics: { singan: ImageQuality; bicubic: ImageQuality } | null = null;
    if (hi && loaded) {
      const truth = loadedRgb(hi);
      // The low-resolution image the worker started from: the training image brought to the finest scale as training brings it.
      const low = resizeImageTo(loadedRgb(loaded), h, w);
      metrics = {
        singan: imageQuality(rgbaToRgb(rgba, o.height, o.width), truth),
        bicubic: imageQuality(as8bit(resizeBicubic(low, h * factor, w * factor)), truth),
      };
      console.log(line('SinGAN ', metrics.singan));
      console.log(line('bicubic', metrics.bicubic));
    }
    if (values.report) {
      const report = {
        command: 'singan sr',
        model: { path: resolve(file.path), sha256: modelSha256, ...model },
        factor,
        steps,
        trainedSize: { height: h, width: w },
        input:
          input && loaded ? { path: resolve(input.path), original: loaded.original, working: loaded.working } : null,
        startedFrom: loaded ? 'training image' : 'reconstruction',
        backend: result.backend,
        output: {
          path: resolve(out),
          height: o.height,
          width: o.width,
          label: o.label,
          ...(o.warning ? { warning: o.warning } : {}),
        },
        reference:
          reference && hi
            ? { path: resolve(reference.path), height: hi.working.height, width: hi.working.width }
            : null,
        ...(metrics
          ? {
              metrics: { singan: jsonQuality(metrics.singan), bicubic: jsonQuality(metrics.bicubic) },
              baseline:
                "bicubic (Pillow's BICUBIC, a = -0.5) upscale of the training image at the finest scale; both images as 8-bit PNG pixels",
              ssim: 'Wang et al. 2004 on BT.601 luma, 11x11 Gaussian window (sigma 1.5), K1 0.01, K2 0.03, data range 1',
            }
          : {}),
        ...runTimings(result),
      };
      writeReport(values.report, report);
    }
  } finally {
    await studio.close();
  }
}
