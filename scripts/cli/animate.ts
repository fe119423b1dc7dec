/**
 * `animate <engine>`: make the frames in the worker, then encode them there (GIF, optionally a PNG zip) and write the
 * files. The driver is shared; the engines (their options and job) come from the feature folders' cli.ts.
 */
import { basename, extname, resolve } from 'node:path';
import { checkFps, checkFrameCount } from '../../src/engine/animation/animationLimits';
import { startHeadlessStudio, type LoadedImage } from '../lib/headlessStudio';
import type { AnimationEngine, AnimationOptions } from './animationEngine';
import { backendOption, fail, num, type Flags } from './args';
import type { CliCommand } from './command';
import { maxSideFor, readImage, writeFile } from './imageIo';
import { log, writeReport } from './report';
import { runChecked } from './checkedRun';
import { formatSize } from '../../src/engine/image/formatSize';

/** Options that only make sense for still images; refused so a typo in a command is not silently ignored. */
const STILL_ONLY = ['samples', 'mask', 'input2', 'input3', 'input4', 'target-height', 'target-width', 'json'] as const;

function animationOptions(values: Flags): AnimationOptions {
  const frames = num(values.frames, 'frames', 24, true);
  const fps = num(values.fps, 'fps', 12);
  const loop = values.loop ?? 'loop';
  const bad = checkFrameCount(frames) ?? checkFps(fps);
  if (bad) fail(bad);
  if (loop !== 'loop' && loop !== 'pingpong') fail(`--loop must be loop or pingpong, got "${loop}"`);
  return { frames, fps, loop, seed: num(values.seed, 'seed', 1, true) };
}

/** The `animate` command over the given engines (in the order its usage and messages list them). */
export function animateCommand(engines: readonly AnimationEngine[]): CliCommand {
  return {
    name: 'animate',
    tasks: engines.map((e) => e.name),
    usage: engines.flatMap((e) => e.usage),
    help: engines.flatMap((e) => e.help),
    run: ([engineName], flags) => animate(engines, engineName, flags),
  };
}

async function animate(
  engines: readonly AnimationEngine[],
  engineName: string | undefined,
  values: Flags,
): Promise<void> {
  const engine = engines.find((e) => e.name === engineName);
  if (!engine)
    fail(
      `animate needs an engine: ${engines.map((e) => e.name).join(', ')}${engineName ? ` (got "${engineName}")` : ''}`,
    );
  for (const o of STILL_ONLY) if (values[o] !== undefined) fail(`--${o} does not apply to animate`);
  const animation = animationOptions(values);
  const plan = engine.prepare(values, animation);
  const backend = backendOption(values.backend);
  const workHeight = values.height === undefined ? null : num(values.height, 'height', 0, true);
  const files = plan.inputs.map((i) => ({ ...i, ...readImage(i.path) }));
  const out = values.out ?? 'out/animation.gif';

  const studio = await startHeadlessStudio({ backend, log });
  try {
    const loaded: LoadedImage[] = [];
    for (const f of files) loaded.push(await studio.load(f.slot, f.bytes, basename(f.path), maxSideFor(f, workHeight)));
    await plan.setup?.(studio);
    const size = loaded[0] ? ` on ${formatSize(loaded[0].working.width, loaded[0].working.height)}` : '';
    log(`animating with ${engineName}${size}: ${animation.frames} frames…`);
    const made = await runChecked(
      studio,
      plan.job(loaded),
      files.map((f, i) => ({ slot: f.slot, image: loaded[i] })),
    );
    const name = basename(out, extname(out));
    const exportSpec = { fps: animation.fps, loop: animation.loop, name };
    log('encoding the GIF…');
    const gif = await studio.exportFrames(made.jobId, { ...exportSpec, format: 'gif' });
    const written = [writeFile(out, gif.files[0])];
    if (values['png-zip']) {
      log('zipping the PNG frames…');
      const zip = await studio.exportFrames(made.jobId, { ...exportSpec, format: 'png-zip' });
      written.push(writeFile(values['png-zip'], zip.files[0]));
    }
    const flicker = made.metrics.find((m) => m.name === 'flicker')?.value ?? null;
    const first = made.outputs[0];
    for (const w of written) console.log(`${w.path}  ${w.bytes} bytes`);
    console.log(
      `${made.outputs.length} frames ${first ? formatSize(first.width, first.height) : ''}  flicker ${flicker?.toFixed(5) ?? 'n/a'}`,
    );
    if (values.report) {
      const report = {
        command: `animate ${engineName}`,
        ...plan.report,
        animation,
        backend: made.backend,
        inputs: files.map((f, i) => ({
          path: resolve(f.path),
          slot: f.slot,
          original: loaded[i].original,
          working: loaded[i].working,
        })),
        frames: made.outputs.map((o) => ({ output: o.output, label: o.label, height: o.height, width: o.width })),
        flicker,
        elapsedMs: made.elapsedMs,
        exportMs: gif.elapsedMs,
        gpuPeakBytes: made.stats.gpuPeakBytes,
        files: written,
      };
      writeReport(values.report, report);
    }
  } finally {
    await studio.close();
  }
}
