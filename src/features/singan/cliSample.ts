/** `singan sample`: imports the model file and writes DIR/sample-<seed>.png for K consecutive seeds, each carrying its recipe. */
import { join, resolve } from 'node:path';
import { startHeadlessStudio } from '../../../scripts/lib/headlessStudio';
import {
  ANIMATE_ONLY,
  GIF2GIF_ONLY,
  GPNN_ONLY,
  SINGAN_SR_ONLY,
  SINGAN_TRAIN_ONLY,
  backendOption,
  fail,
  num,
  refuse,
  type Flags,
} from '../../../scripts/cli/args';
import { writePng } from '../../../scripts/cli/imageIo';
import { DEFAULT_WORKING_SIDE } from '../../engine/image/imageLimits';
import { makeRecipe, sha256Hex, singleOutputJob } from '../../jobs/recipe';
import type { JobSpec } from '../index';
import { log, runTimings, writeReport } from '../../../scripts/cli/report';
import { runChecked } from '../../../scripts/cli/checkedRun';
import { checkSinganSampleCount, checkSinganSizeFactor } from '../../engine/singan/singanUseLimits';
import { importModel, readModelFile } from '../../../scripts/cli/singanModel';
import { formatSize } from '../../engine/image/formatSize';

export async function singanSample(values: Flags): Promise<void> {
  refuse(
    values,
    [
      'input',
      ...GPNN_ONLY,
      ...SINGAN_TRAIN_ONLY,
      ...ANIMATE_ONLY,
      ...GIF2GIF_ONLY,
      'iterations',
      'beta',
      'start-scale',
      'json',
      ...SINGAN_SR_ONLY,
    ],
    'singan sample',
  );
  if (!values.model) fail('--model is required (a .singan file)');
  const samples = num(values.samples, 'samples', 1, true);
  const badCount = checkSinganSampleCount(samples);
  if (badCount) fail(badCount);
  const seed = num(values.seed, 'seed', 1, true);
  const heightFactor = num(values['height-factor'], 'height-factor', 1);
  const widthFactor = num(values['width-factor'], 'width-factor', 1);
  const badFactor = checkSinganSizeFactor(heightFactor, widthFactor);
  if (badFactor) fail(badFactor);
  const backend = backendOption(values.backend);
  const file = readModelFile(values.model);
  const dir = values.out ?? 'out';

  const studio = await startHeadlessStudio({ backend, log });
  try {
    const model = await importModel(studio, file);
    const seeds = Array.from({ length: samples }, (_, i) => seed + i);
    log(
      `sampling ${model.name} (${model.scalesDone}/${model.scales} scales, ${formatSize(model.imageShape[1], model.imageShape[0])}): ${samples === 1 ? `seed ${seed}` : `seeds ${seed}–${seed + samples - 1}`}…`,
    );
    const job: JobSpec = { kind: 'singan-sample', modelId: model.id, seeds, heightFactor, widthFactor };
    const result = await runChecked(studio, job, []);
    // The id is this run's store's; the file's hash is what names the model for `replay --model`. No image is read: the page's default working size.
    const modelSha256 = await sha256Hex(file.bytes);
    const recipeFor = (output: number) =>
      makeRecipe({
        ...singleOutputJob(job, output),
        workingMaxSide: DEFAULT_WORKING_SIDE,
        sources: [],
        modelId: model.id,
        modelSha256,
      });
    const written = result.outputs.map((o) => {
      const path = join(dir, `sample-${o.seed}.png`);
      writePng(path, o.height, o.width, Buffer.from(o.rgba, 'base64'), recipeFor(o.output));
      return { path: resolve(path), height: o.height, width: o.width, seed: o.seed };
    });
    for (const w of written) console.log(`${w.path}  ${formatSize(w.width, w.height)}  seed ${w.seed}`);
    if (values.report) {
      const report = {
        command: 'singan sample',
        model: { path: resolve(file.path), ...model },
        heightFactor,
        widthFactor,
        backend: result.backend,
        outputs: written,
        ...runTimings(result),
      };
      writeReport(values.report, report);
    }
  } finally {
    await studio.close();
  }
}
