/**
 * `gif2gif generate --engine patches`: GIF → GIF's Patches engine (VGPNN,
 * the vgpnn feature's vgpnn-generate job; docs/algorithms.md, "VGPNN
 * (space-time patches)") from the command line. Nothing to train: the GIF
 * goes in, one seeded animation comes out, encoded in the worker as the page
 * exports it (a GIF, or a zip of PNGs). The same job and the same checks as
 * the page's Patches form. With `--mask hole.png` it fills the painted hole
 * on every frame instead (vgpnn-inpaint, the page's Inpaint (patches) task;
 * docs/algorithms.md, "Inpainting a video").
 */
import { basename, extname, resolve } from 'node:path';
import { checkFps } from '../../engine/animation/animationLimits';
import { declaredFrames } from '../../engine/image/frameCount';
import { framesToUse } from '../../engine/image/frameLimits';
import { formatSize } from '../../engine/image/formatSize';
import { DEFAULT_WORKING_SIDE, workingSize } from '../../engine/image/imageLimits';
import { sniffImage } from '../../engine/image/sniffImage';
import { VOTINGS, type Voting } from '../../engine/patches/voting';
import { jobProblem } from '../../jobs/jobKinds';
import type { LoopMode } from '../../protocol/jobs';
import {
  DEFAULT_VGPNN_SETTINGS,
  VGPNN_NO_COMPLETENESS,
  vgpnnShapes,
  type VgpnnGenerateJob,
  type VgpnnInpaintJob,
  type VgpnnJob,
} from '../vgpnn';
import { startHeadlessStudio } from '../../../scripts/lib/headlessStudio';
import {
  GIF2GIF_ONLY,
  SINGAN_TRAIN_ONLY,
  SINGAN_USE_ONLY,
  backendOption,
  fail,
  num,
  refuse,
  type Flags,
} from '../../../scripts/cli/args';
import { runChecked } from '../../../scripts/cli/checkedRun';
import { readImage, writeFile } from '../../../scripts/cli/imageIo';
import { log, writeReport } from '../../../scripts/cli/report';
import { readMask } from '../../../scripts/cli/maskFile';

/** The metric of a whole animation by name (its first output, no level), or null. */
const metricOf = (metrics: readonly { name: string; level: number | null; value: number }[], name: string) =>
  metrics.find((m) => m.name === name && m.level === null)?.value ?? null;

export async function gif2gifPatches(values: Flags): Promise<void> {
  const gpnnOnly = ['input2', 'input3', 'input4', 'height', 'nn', 'pm-rounds', 'target-height', 'target-width'];
  refuse(
    values,
    [
      ...gpnnOnly,
      'patch',
      'fine-alpha',
      'coarse',
      'coarse-shape',
      'distance',
      'coherence',
      'iterations',
      ...SINGAN_TRAIN_ONLY.filter((f) => f !== 'max-size'),
      ...SINGAN_USE_ONLY.filter((f) => f !== 'height-factor' && f !== 'width-factor'),
      ...GIF2GIF_ONLY.filter((f) => f !== 'engine' && f !== 'voting'),
      'png-zip',
      'samples',
      'json',
    ],
    'gif2gif generate --engine patches',
  );
  if (!values.input) fail('--input is required (an animated GIF) for gif2gif generate --engine patches');
  const out = values.out;
  if (!out) fail('--out is required (an animated GIF, or a .zip of PNG frames)');
  const ext = extname(out).toLowerCase();
  if (ext !== '.gif' && ext !== '.zip')
    fail(`--out must end in .gif (an animated GIF) or .zip (PNG frames), got "${out}"`);
  const format = ext === '.zip' ? 'png-zip' : 'gif';
  const d = DEFAULT_VGPNN_SETTINGS;
  const seed = num(values.seed, 'seed', d.seed, true);
  const fps = num(values.fps, 'fps', d.fps);
  const badFps = checkFps(fps);
  if (badFps) fail(badFps);
  // `seamless` makes the animation a loop with no jump back (docs/algorithms.md, "Seamless loops") and plays it as a loop.
  const loopFlag = values.loop ?? d.loop;
  if (loopFlag !== 'loop' && loopFlag !== 'pingpong' && loopFlag !== 'seamless')
    fail(`--loop must be loop, pingpong or seamless, got "${String(loopFlag)}"`);
  const seamless = loopFlag === 'seamless';
  const loop: LoopMode = seamless ? 'loop' : loopFlag;
  const voting = (values.voting ?? d.voting) as Voting;
  if (!VOTINGS.includes(voting)) fail(`--voting must be one of ${VOTINGS.join(', ')}, got "${voting}"`);
  const wanted = values.frames === undefined ? null : num(values.frames, 'frames', 0, true);
  // --mask: fill the painted hole on every frame (vgpnn-inpaint) instead of new variations.
  const inpainting = values.mask !== undefined;
  if (inpainting) {
    for (const flag of ['frames', 'height-factor', 'width-factor', 'alpha'] as const)
      if (values[flag] !== undefined)
        fail(`--${flag} does not apply with --mask: the hole is filled in the GIF's own frames, at alpha 1`);
    if (seamless) fail('--loop seamless does not apply with --mask: the GIF keeps its own frames');
  }
  const backend = backendOption(values.backend);
  const file = readImage(values.input);
  const inFile = declaredFrames(file.bytes, sniffImage(file.bytes)!.format);
  const job = (frames: number): VgpnnGenerateJob => ({
    kind: 'vgpnn-generate',
    seeds: [seed],
    maxSide: num(values['max-size'], 'max-size', d.maxSide, true),
    frames: wanted ?? frames,
    scale: {
      height: num(values['height-factor'], 'height-factor', d.height),
      width: num(values['width-factor'], 'width-factor', d.width),
    },
    sigma: num(values.sigma, 'sigma', d.sigma),
    voting,
    alpha: values.alpha === undefined ? VGPNN_NO_COMPLETENESS : num(values.alpha, 'alpha', 0),
    fps,
    loop,
    ...(seamless ? { seamless: true } : {}),
  });
  const inpaintJob = (frames: number, height: number, width: number): VgpnnInpaintJob => {
    const mask = readMask(values.mask!, height, width, 'inpaint');
    return {
      kind: 'vgpnn-inpaint',
      seeds: [seed],
      maxSide: num(values['max-size'], 'max-size', d.maxSide, true),
      frames,
      labels: mask.labels,
      colour: mask.colour,
      sigma: num(values.sigma, 'sigma', d.sigma),
      voting,
      fps,
      loop,
    };
  };
  const jobFor = (frames: number, height: number, width: number): VgpnnJob =>
    inpainting ? inpaintJob(frames, height, width) : job(frames);
  // The registry's check on what the worker will decode (a still, the limits), before the browser starts.
  const working = workingSize(file.height, file.width, DEFAULT_WORKING_SIDE);
  const expected = framesToUse(inFile);
  const early = jobProblem(jobFor(expected, working.height, working.width), {
    images: { source: [working.height, working.width] },
    models: null,
    frames: expected > 1 ? { source: expected } : {},
  });
  if (early) fail(early.message);

  const studio = await startHeadlessStudio({ backend, log });
  try {
    const loaded = await studio.load('source', file.bytes, basename(values.input), DEFAULT_WORKING_SIDE);
    if (loaded.notice) log(loaded.notice);
    const spec = jobFor(loaded.frames, loaded.working.height, loaded.working.width);
    // An inpainting keeps the GIF's own frames and size: the shapes of a job of factors 1.
    const shaped = spec.kind === 'vgpnn-generate' ? spec : { ...spec, scale: { height: 1, width: 1 } };
    const { source, output } = vgpnnShapes(shaped, loaded.frames, loaded.working.height, loaded.working.width);
    log(
      `GIF → GIF patches (VGPNN, no training) on ${loaded.frames} frames of ${formatSize(loaded.working.width, loaded.working.height)}` +
        `${source[1] !== loaded.working.height ? `, worked on at ${formatSize(source[2], source[1])}` : ''}: ` +
        (spec.kind === 'vgpnn-inpaint'
          ? `filling the painted hole on every frame, seed ${seed}…`
          : `${output[0]} frames of ${formatSize(output[2], output[1])}, seed ${seed}…`),
    );
    const made = await runChecked(studio, spec, [{ slot: 'source', image: loaded }]);
    log(format === 'gif' ? 'encoding the GIF…' : 'zipping the PNG frames…');
    const exported = await studio.exportFrames(made.jobId, { fps, loop, name: basename(out, extname(out)), format });
    const written = writeFile(out, exported.files[0]);
    const metrics = {
      flicker: metricOf(made.metrics, 'flicker'),
      motionAngleDeg: metricOf(made.metrics, 'motion-angle'),
      sourceMotionAngleDeg: metricOf(made.metrics, 'source-motion-angle'),
      motionAgreement: metricOf(made.metrics, 'motion-agreement'),
      loopSeam: metricOf(made.metrics, 'loop-seam'),
    };
    const f = (v: number | null, digits: number) => (v === null ? 'n/a' : v.toFixed(digits));
    console.log(`${written.path}  ${written.bytes} bytes`);
    console.log(
      `${made.outputs.length} frames ${formatSize(output[2], output[1])}  elapsed ${(made.elapsedMs / 1000).toFixed(1)} s · ` +
        `flicker ${f(metrics.flicker, 5)} · motion ${f(metrics.motionAngleDeg, 1)}° (source ${f(metrics.sourceMotionAngleDeg, 1)}°, agreement ${f(metrics.motionAgreement, 3)}) · ` +
        `loop seam ${f(metrics.loopSeam, 2)}× a step`,
    );
    if (values.report) {
      writeReport(values.report, {
        command: 'gif2gif generate',
        engine: 'patches',
        job: spec,
        backend: made.backend,
        input: {
          path: resolve(values.input),
          original: loaded.original,
          working: loaded.working,
          framesInFile: inFile,
          frames: loaded.frames,
          ...(loaded.notice ? { notice: loaded.notice } : {}),
        },
        shapes: { source, output },
        frames: made.outputs.map((o) => ({ output: o.output, label: o.label, height: o.height, width: o.width })),
        ...metrics,
        elapsedMs: made.elapsedMs,
        exportMs: exported.elapsedMs,
        files: [{ ...written, format }],
      });
    }
  } finally {
    await studio.close();
  }
}
