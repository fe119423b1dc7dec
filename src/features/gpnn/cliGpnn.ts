/** `gpnn <task>`: one GPNN job on the input images; writes its outputs as PNGs. */
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { AutomationEvent } from '../../automation/automation';
import {
  ANALOGY_ALPHA,
  ANALOGY_COARSE_DIM,
  COLLAGE_ALPHA,
  COLLAGE_BLENDS,
  RETARGET_ALPHA,
  type CollageBlend,
  type GpnnTaskSpec,
} from '../../engine/gpnn/gpnnTask';
import type { JobSpec } from '../index';
import type { ImageSlot } from '../../protocol/images';
import { startHeadlessStudio, type HeadlessStudio, type LoadedImage } from '../../../scripts/lib/headlessStudio';
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
import { gpnnParams, type GpnnCliTask } from './cliOptions';
import { readMask } from '../../../scripts/cli/maskFile';
import { maxSideFor, readImage, writePng } from '../../../scripts/cli/imageIo';
import { log, runTimings, writeReport } from '../../../scripts/cli/report';
import { runChecked } from '../../../scripts/cli/checkedRun';
import { makeRecipe, sha256Hex, singleOutputJob } from '../../jobs/recipe';
import { formatSize } from '../../engine/image/formatSize';

export async function gpnn(task: GpnnCliTask, values: Flags): Promise<void> {
  if (!values.input) fail('--input is required');
  const params = gpnnParams(values);
  const nn = params.nn;
  const workHeight = values.height === undefined ? null : num(values.height, 'height', 0, true);
  const samples = num(values.samples, 'samples', 1, true);
  const seed = num(values.seed, 'seed', 1, true);
  if (task !== 'sample' && values.samples) fail('--samples only applies to gpnn sample');
  if ((task === 'analogy' || task === 'collage') && !values.input2) fail(`gpnn ${task} needs --input2`);
  if (task === 'inpaint' && !values.mask) fail('gpnn inpaint needs --mask (red marks the hole)');
  if (values.mask && task !== 'retarget' && task !== 'inpaint') fail('--mask applies to retarget and inpaint only');
  if (values.blend !== undefined && task !== 'collage') fail('--blend applies to collage only');
  const blend = (values.blend ?? 'whole') as CollageBlend;
  if (!COLLAGE_BLENDS.includes(blend)) fail(`--blend must be ${COLLAGE_BLENDS.join(' or ')}, got "${blend}"`);
  for (const o of ['frames', 'fps', 'loop', 'coherence', 'png-zip'])
    if (values[o] !== undefined) fail(`--${o} applies to animate only`);
  refuse(values, [...SINGAN_TRAIN_ONLY, ...SINGAN_USE_ONLY, ...GIF2GIF_ONLY], `gpnn ${task}`);
  const backend = backendOption(values.backend);

  const inputs: { slot: ImageSlot; path: string }[] = [{ slot: 'source', path: values.input }];
  if (values.input2) inputs.push({ slot: task === 'analogy' ? 'structure' : 'collage1', path: values.input2 });
  if (values.input3) inputs.push({ slot: 'collage2', path: values.input3 });
  if (values.input4) inputs.push({ slot: 'collage3', path: values.input4 });
  const files = inputs.map((i) => ({ ...i, ...readImage(i.path) }));

  const studio: HeadlessStudio = await startHeadlessStudio({ backend, log });
  try {
    const loaded: LoadedImage[] = [];
    for (const f of files) loaded.push(await studio.load(f.slot, f.bytes, basename(f.path), maxSideFor(f, workHeight)));
    const src = loaded[0].working;
    let spec: GpnnTaskSpec;
    switch (task) {
      case 'sample':
        spec = { kind: 'sample', seeds: Array.from({ length: samples }, (_, i) => seed + i) };
        break;
      case 'retarget': {
        const height = num(values['target-height'], 'target-height', src.height, true);
        const width = num(values['target-width'], 'target-width', Math.round(src.width * 1.5), true);
        // --alpha is retargeting's own completeness here, as the page's Retarget form has it.
        const alpha = values.alpha === undefined ? RETARGET_ALPHA : params.alpha;
        spec = {
          kind: 'retarget',
          height,
          width,
          labels: values.mask ? readMask(values.mask, src.height, src.width, task).labels : undefined,
          alpha,
        };
        break;
      }
      case 'inpaint': {
        const m = readMask(values.mask!, src.height, src.width, task);
        spec = { kind: 'inpaint', labels: m.labels, colour: m.colour };
        break;
      }
      case 'analogy':
        // --alpha and --coarse are the analogy's own here, as the page's Analogy form has them.
        spec = {
          kind: 'analogy',
          alpha: values.alpha === undefined ? ANALOGY_ALPHA : params.alpha,
          coarseDim: values.coarse === undefined ? ANALOGY_COARSE_DIM : params.coarseDim,
        };
        break;
      case 'collage': {
        // --alpha is the collage's own completeness, as the page's Collage form has it.
        spec = {
          kind: 'collage',
          alpha: values.alpha === undefined ? COLLAGE_ALPHA : params.alpha,
          blend,
        };
        break;
      }
    }
    const job: JobSpec = { kind: 'gpnn', task: spec, params };
    log(`running gpnn ${task} on ${formatSize(src.width, src.height)}…`);
    const stop = studio.onEvent((e: AutomationEvent) => {
      if (e.type === 'search') log(`search: ${e.reason} (exact search on this backend: ${e.exactSearch})`);
    });
    let result;
    try {
      result = await runChecked(
        studio,
        job,
        files.map((f, i) => ({ slot: f.slot, image: loaded[i] })),
      );
    } finally {
      stop();
    }
    const out = values.out ?? `out/${task}.png`;
    // A recipe when every image was worked at one longer side, as the page works them (replay loads them so).
    const sides = files.map((f) => maxSideFor(f, workHeight));
    const sources = sides.every((side) => side === sides[0])
      ? await Promise.all(
          files.map(async (f) => ({ slot: f.slot, name: basename(f.path), sha256: await sha256Hex(f.bytes) })),
        )
      : null;
    const recipeFor = (output: number) => {
      if (!sources) return undefined;
      const single = singleOutputJob(job, output, result.search?.nn);
      return makeRecipe({ ...single, workingMaxSide: sides[0], sources });
    };
    const written = result.outputs.map((o) => {
      const path =
        result.outputs.length > 1
          ? join(dirname(out), `${basename(out, extname(out))}-${o.seed}${extname(out) || '.png'}`)
          : out;
      writePng(path, o.height, o.width, Buffer.from(o.rgba, 'base64'), recipeFor(o.output));
      return {
        path: resolve(path),
        height: o.height,
        width: o.width,
        seed: o.seed,
        label: o.label,
        ...(o.warning ? { warning: o.warning } : {}),
      };
    });
    for (const w of written)
      console.log(`${w.path}  ${formatSize(w.width, w.height)}${w.seed !== null ? `  seed ${w.seed}` : ''}`);
    for (const w of written) if (w.warning) console.error(`warning: ${basename(w.path)}: ${w.warning}`);
    if (values.report) {
      const report = {
        command: `gpnn ${task}`,
        params,
        nn: result.search?.nn ?? nn,
        search: result.search,
        backend: result.backend,
        inputs: files.map((f, i) => ({
          path: resolve(f.path),
          slot: f.slot,
          original: loaded[i].original,
          working: loaded[i].working,
        })),
        outputs: written,
        ...runTimings(result),
      };
      writeReport(values.report, report);
    }
  } finally {
    await studio.close();
  }
}
