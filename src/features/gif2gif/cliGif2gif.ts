/**
 * `gif2gif train` and `gif2gif generate`: SinGAN over an animated GIF's
 * frames with a ConvLSTM over time (docs/algorithms.md, "GIF → GIF overview"), in the same worker the page uses.
 * Training prints a line per scale as singan train does and exports the
 * stored model to --out; generating imports that file, makes the frames and
 * encodes them in the worker as animate does (a GIF, or a zip of PNGs).
 */
import { basename, extname, resolve } from 'node:path';
import type { AutomationResult } from '../../automation/automation';
import { checkFps, checkFrameCount } from '../../engine/animation/animationLimits';
import {
  DEFAULT_SEQUENCE_OPTIONS,
  MAX_SEQUENCE_FRAMES,
  MIN_SEQUENCE_FRAMES,
  SEQUENCE_VARIANTS,
  type SequenceOptions,
  type SequenceVariant,
} from '../../engine/gif2gif/sequenceConfig';
import { FILM_STRIP_GAP } from '../../engine/image/filmStrip';
import { declaredFrames } from '../../engine/image/frameCount';
import { framesToUse } from '../../engine/image/frameLimits';
import { workingSize } from '../../engine/image/imageLimits';
import { rgbaToRgb, type RgbImage } from '../../engine/image/rgbImage';
import { sniffImage } from '../../engine/image/sniffImage';
import { jobProblem } from '../../jobs/jobKinds';
import type { LoopMode } from '../../protocol/jobs';
import type { Gif2gifGenerateJob, Gif2gifTrainJob } from './jobs';
import { startHeadlessStudio } from '../../../scripts/lib/headlessStudio';
import { animationMetrics, decodeGifFrames } from '../../../scripts/lib/motionMetrics';
import {
  GPNN_ONLY,
  SINGAN_SR_ONLY,
  SINGAN_TRAIN_ONLY,
  SINGAN_USE_ONLY,
  backendOption,
  fail,
  num,
  refuse,
  type Flags,
} from '../../../scripts/cli/args';
import { runChecked } from '../../../scripts/cli/checkedRun';
import { runTrainingJob } from '../../../scripts/cli/trainingRun';
import { firstGifFrames } from './cliGifFrames';
import { readImage, writeFile } from '../../../scripts/cli/imageIo';
import { log, mib, writeReport } from '../../../scripts/cli/report';
import { importModel, readModelFile } from '../../../scripts/cli/singanModel';
import { singanTrainConfig, singanWorkingSide } from '../../../scripts/cli/singanTrainConfig';
import { formatSize } from '../../engine/image/formatSize';

/** --variant, --hidden, --chunk, --motion over the studio's defaults; the numbers are checked by the engine's validateSequence with the frames. */
export function sequenceOptions(values: Flags): SequenceOptions {
  const variant = (values.variant ?? DEFAULT_SEQUENCE_OPTIONS.variant) as SequenceVariant;
  if (!SEQUENCE_VARIANTS.includes(variant))
    fail(`--variant must be one of ${SEQUENCE_VARIANTS.join(', ')}, got "${variant}"`);
  const hidden = num(values.hidden, 'hidden', DEFAULT_SEQUENCE_OPTIONS.hidden, true);
  const chunk = num(values.chunk, 'chunk', DEFAULT_SEQUENCE_OPTIONS.chunk, true);
  const motion = num(values.motion, 'motion', DEFAULT_SEQUENCE_OPTIONS.motion, true);
  return { variant, hidden, chunk, motion };
}

const pick = <T extends object, K extends keyof T>(o: T, keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;

/** The metric of the whole animation by name (output 0, no level), or null. */
const animationMetric = (result: AutomationResult, name: string) =>
  result.metrics.find((m) => m.name === name && m.level === null)?.value ?? null;

export async function gif2gifTrain(values: Flags): Promise<void> {
  refuse(
    values,
    [...GPNN_ONLY, ...SINGAN_USE_ONLY, 'fps', 'loop', 'png-zip', 'reverse', 'samples', 'json', 'engine', 'voting'],
    'gif2gif train',
  );
  if (!values.input) fail('--input is required (an animated GIF)');
  if (!values.out) fail('--out is required (the .singan model file to write)');
  const sequence = sequenceOptions(values);
  const { preset, config } = singanTrainConfig(values);
  const wanted = values.frames === undefined ? null : num(values.frames, 'frames', 0, true);
  if (wanted !== null && (wanted < MIN_SEQUENCE_FRAMES || wanted > MAX_SEQUENCE_FRAMES)) {
    fail(
      `--frames must be a whole number from ${MIN_SEQUENCE_FRAMES} to ${MAX_SEQUENCE_FRAMES} for training, got ${wanted}`,
    );
  }
  const backend = backendOption(values.backend);
  const file = readImage(values.input);
  const format = sniffImage(file.bytes)!.format;
  const inFile = declaredFrames(file.bytes, format);
  let bytes = file.bytes;
  let trimmedTo: number | null = null;
  if (wanted !== null && inFile >= MIN_SEQUENCE_FRAMES) {
    if (inFile < wanted) {
      log(`${values.input} has only ${inFile} frames (--frames ${wanted}): training on all ${inFile}`);
    } else if (inFile > wanted) {
      // Cut, not re-encoded: the frames kept are the file's own (cliGifFrames.ts).
      if (format !== 'gif')
        fail(
          `--frames can only cut a GIF; ${values.input} is ${format.toUpperCase()}: leave --frames out to train on its first ${framesToUse(inFile)} frames`,
        );
      bytes = firstGifFrames(file.bytes, wanted);
      trimmedTo = wanted;
    }
  }
  const expected = framesToUse(trimmedTo ?? inFile);
  const out = values.out;
  const stem = basename(values.input, extname(values.input));
  const job: Gif2gifTrainJob = {
    kind: 'gif2gif-train',
    config,
    sequence,
    modelId: `cli-${Date.now().toString(36)}`,
    name: `${stem} · GIF → GIF ${sequence.variant} · ${preset}`,
    sifid: true,
  };
  // The registry's check on what the worker will decode (a still, the config, the sequence), before the browser starts.
  const working = workingSize(file.height, file.width, singanWorkingSide(config));
  const early = jobProblem(job, {
    images: { source: [working.height, working.width] },
    models: null,
    frames: expected > 1 ? { source: expected } : {},
  });
  if (early) fail(early.message);

  const studio = await startHeadlessStudio({ backend, log });
  try {
    const loaded = await studio.load('source', bytes, basename(values.input), singanWorkingSide(config));
    if (loaded.notice) log(loaded.notice);
    log(
      `training GIF → GIF (${sequence.variant}, hidden ${sequence.hidden}, chunk ${sequence.chunk}; ${preset}) on ${loaded.frames} frames of ` +
        `${formatSize(loaded.working.width, loaded.working.height)}: ${config.iterations} iterations per scale…`,
    );
    // Streamed scales are film strips of every frame: the frame's own width, from the strip's.
    const frameWidth = (strip: number) => (strip - (loaded.frames - 1) * FILM_STRIP_GAP) / loaded.frames;
    const {
      result,
      modelBytes,
      perScale,
      finalSifid: sifid,
    } = await runTrainingJob(studio, job, loaded, out, {
      iterations: config.iterations,
      trainedWidth: frameWidth,
      sizeSuffix: ` × ${loaded.frames} frames`,
      sifidLine: {
        after: 'sifid-rec',
        line: (m) => `    SIFID of frame 1: real–fake ${m.sifid?.toFixed(4)} · real–rec ${m['sifid-rec']?.toFixed(4)}`,
      },
      finalMetrics: { sifid: 'sifid', sifidRec: 'sifid-rec' },
    });
    console.log(`${resolve(out)}  ${modelBytes} bytes  ${perScale.length} scales  ${loaded.frames} frames`);
    console.log(
      `elapsed ${(result.elapsedMs / 1000).toFixed(1)} s · SIFID of frame 1 ${sifid.sifid?.toFixed(4) ?? 'n/a'} (rec ${sifid.sifidRec?.toFixed(4) ?? 'n/a'}) · ` +
        `peak GPU buffers ${mib(result.stats.gpuPeakBytes)}, tfjs ${mib(result.stats.tfPeakBytes)}`,
    );
    if (values.report) {
      const report = {
        command: 'gif2gif train',
        preset,
        config,
        sequence,
        backend: result.backend,
        input: {
          path: resolve(values.input),
          original: loaded.original,
          working: loaded.working,
          framesInFile: inFile,
          frames: loaded.frames,
          trimmedTo,
          ...(loaded.notice ? { notice: loaded.notice } : {}),
        },
        frames: loaded.frames,
        model: { path: resolve(out), bytes: modelBytes, name: job.name },
        perScale,
        finalSifid: sifid,
        elapsedMs: result.elapsedMs,
        gpuPeakBytes: result.stats.gpuPeakBytes,
        tfPeakBytes: result.stats.tfPeakBytes,
      };
      writeReport(values.report, report);
    }
  } finally {
    await studio.close();
  }
}

export async function gif2gifGenerate(values: Flags): Promise<void> {
  refuse(
    values,
    [
      ...GPNN_ONLY,
      ...SINGAN_TRAIN_ONLY,
      'iterations',
      'variant',
      'hidden',
      'chunk',
      'motion',
      'png-zip',
      'samples',
      'json',
      ...SINGAN_SR_ONLY,
      'beta',
      'height-factor',
      'width-factor',
      'voting',
    ],
    'gif2gif generate',
  );
  if (!values.model) fail('--model is required (a GIF → GIF .singan file)');
  const wanted = values.frames === undefined ? null : num(values.frames, 'frames', 0, true);
  const fps = num(values.fps, 'fps', 12);
  const loop = (values.loop ?? 'loop') as LoopMode;
  const bad = (wanted === null ? null : checkFrameCount(wanted)) ?? checkFps(fps);
  if (bad) fail(bad);
  if (loop !== 'loop' && loop !== 'pingpong') fail(`--loop must be loop or pingpong, got "${String(loop)}"`);
  const seed = num(values.seed, 'seed', 1, true);
  const reverse = values.reverse !== undefined;
  // The range depends on the model's scales: the registry checks it once the model is imported.
  const startScale = num(values['start-scale'], 'start-scale', 0, true);
  const out = values.out;
  if (!out) fail('--out is required (an animated GIF, or a .zip of PNG frames)');
  const ext = extname(out).toLowerCase();
  if (ext !== '.gif' && ext !== '.zip')
    fail(`--out must end in .gif (an animated GIF) or .zip (PNG frames), got "${out}"`);
  const format = ext === '.zip' ? 'png-zip' : 'gif';
  const backend = backendOption(values.backend);
  const file = readModelFile(values.model);
  // The training GIF, for the metrics that compare with it: a model file carries no training frames, so the worker cannot.
  let source: RgbImage[] | null = null;
  if (values.input) {
    const gif = readImage(values.input);
    if (sniffImage(gif.bytes)!.format !== 'gif')
      fail(`--input for gif2gif generate must be the training GIF; ${values.input} is not a GIF`);
    source = decodeGifFrames(gif.bytes);
    if (source.length < 2)
      fail(`--input ${values.input} is a still: the source metrics need the animated GIF the model was trained on`);
  }

  const studio = await startHeadlessStudio({ backend, log });
  try {
    const model = await importModel(studio, file);
    // Default length: the model's own (a still model has none; the registry refuses it below in its words).
    const frames = wanted ?? model.sequence?.frames ?? 24;
    const animation = { frames, fps, loop, seed, reverse, startScale };
    const job: Gif2gifGenerateJob = { kind: 'gif2gif-generate', modelId: model.id, animation };
    const kind = model.sequence
      ? `${model.sequence.variant}, trained on ${model.sequence.frames} frames`
      : 'still image';
    log(
      `generating with ${model.name} (${kind}; ${model.scalesDone}/${model.scales} scales): ${frames} frames, seed ${seed}${startScale ? `, varied from scale ${startScale}` : ''}${reverse ? ', reversed' : ''}…`,
    );
    const made = await runChecked(studio, job, []);
    log(format === 'gif' ? 'encoding the GIF…' : 'zipping the PNG frames…');
    const exported = await studio.exportFrames(made.jobId, { fps, loop, name: basename(out, extname(out)), format });
    const written = writeFile(out, exported.files[0]);
    const perFrameSifid = made.metrics
      .filter((m) => m.name === 'sifid' && m.level !== null)
      .sort((a, b) => a.output - b.output)
      .map((m) => m.value);
    let metrics = {
      flicker: animationMetric(made, 'flicker'),
      motionAngleDeg: animationMetric(made, 'motion-angle'),
      sourceMotionAngleDeg: animationMetric(made, 'source-motion-angle'),
      motionAgreement: animationMetric(made, 'motion-agreement'),
      temporalSifid: animationMetric(made, 'temporal-sifid'),
      perFrameSifid,
      meanSifid: perFrameSifid.length ? perFrameSifid.reduce((s, v) => s + v, 0) / perFrameSifid.length : null,
    };
    // Where the comparisons with the source come from: the worker (a model holding its frames), --input measured here, or nowhere.
    let sourceMetrics: 'worker' | 'input' | null = metrics.sourceMotionAngleDeg === null ? null : 'worker';
    // With --input, every figure is measured here; the worker's (on its float frames) are kept beside them.
    let workerMotion: { flicker: number | null; motionAngleDeg: number | null } | null = null;
    if (sourceMetrics === null && source) {
      log('measuring against the source GIF…');
      const fake = made.outputs.map((o) => rgbaToRgb(Buffer.from(o.rgba, 'base64'), o.height, o.width));
      // All from the same 8-bit frames, so the angle and the agreement printed side by side agree with each other.
      const node = await animationMetrics(fake, source);
      workerMotion = { flicker: metrics.flicker, motionAngleDeg: metrics.motionAngleDeg };
      metrics = pick(node, [
        'flicker',
        'motionAngleDeg',
        'sourceMotionAngleDeg',
        'motionAgreement',
        'temporalSifid',
        'perFrameSifid',
        'meanSifid',
      ]);
      sourceMetrics = 'input';
    } else if (sourceMetrics === null) {
      log(
        'no source metrics: a model file carries no training frames; give --input with the training GIF to compare with it',
      );
    }
    const first = made.outputs[0];
    const f = (v: number | null, d: number) => (v === null ? 'n/a' : v.toFixed(d));
    console.log(`${written.path}  ${written.bytes} bytes`);
    console.log(
      `${made.outputs.length} frames ${first ? formatSize(first.width, first.height) : ''}  flicker ${f(metrics.flicker, 5)} · motion ${f(metrics.motionAngleDeg, 1)}°` +
        (metrics.sourceMotionAngleDeg === null
          ? ''
          : ` (source ${f(metrics.sourceMotionAngleDeg, 1)}°, agreement ${f(metrics.motionAgreement, 3)})`) +
        ` · temporal SIFID ${f(metrics.temporalSifid, 4)} · mean SIFID ${f(metrics.meanSifid, 4)}`,
    );
    if (values.report) {
      const report = {
        command: 'gif2gif generate',
        model: { path: resolve(file.path), ...model },
        animation,
        backend: made.backend,
        frames: made.outputs.map((o) => ({ output: o.output, label: o.label, height: o.height, width: o.width })),
        ...metrics,
        sourceMetrics,
        ...(workerMotion ? { workerMetrics: workerMotion } : {}),
        elapsedMs: made.elapsedMs,
        exportMs: exported.elapsedMs,
        gpuPeakBytes: made.stats.gpuPeakBytes,
        files: [{ ...written, format }],
      };
      writeReport(values.report, report);
    }
  } finally {
    await studio.close();
  }
}
