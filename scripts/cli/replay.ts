/**
 * `replay`: remakes an exported PNG from the recipe inside it, pixel for pixel, given the same source images. It
 * works for every job kind a recipe records, so it is shared here rather than owned by a feature folder.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { readPngText } from '../../src/engine/image/pngText';
import { parseRecipe, RECIPE_KEYWORD, sha256Hex, type Recipe } from '../../src/jobs/recipe';
import type { ImageSlot } from '../../src/protocol/images';
import { startHeadlessStudio, type LoadedImage } from '../lib/headlessStudio';
import { backendOption, fail, type Flags } from './args';
import type { CliCommand } from './command';
import { runChecked } from './checkedRun';
import { readImage, writePng } from './imageIo';
import { log } from './report';
import { importModel, readModelFile, type ModelFile } from './singanModel';
import { formatSize } from '../../src/engine/image/formatSize';

/** --input, --input2… fill the recipe's slots in order. */
const INPUT_FLAGS = ['input', 'input2', 'input3', 'input4'] as const;

export const replayCommand: CliCommand = {
  name: 'replay',
  tasks: [],
  usage: [
    '  npm run cli -- replay --recipe result.png --input source.jpg [--input2 IMG…] [--model model.singan] --out again.png',
  ],
  help: [
    'Replay (replay)',
    '  --recipe PNG           a PNG exported by the studio or by gpnn or singan sample here: it carries the job that made it',
    "  --input IMG …          the recipe's source images, in its order (checked by SHA-256)",
    '  --model FILE           SinGAN recipes: the model file (checked by SHA-256 where the recipe was made here)',
    '  --out PNG              the remade image, pixel for pixel the same (default: out/replay.png)',
  ],
  // Positional words were never read by replay; they stay ignored.
  run: (_args, flags) => replay(flags),
};

async function replay(values: Flags): Promise<void> {
  if (!values.recipe) fail('replay needs --recipe FILE (a PNG exported by the studio or the CLI)');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(values.recipe));
  } catch {
    fail(`cannot read ${values.recipe}`);
  }
  const text = readPngText(bytes, RECIPE_KEYWORD);
  if (text === null) fail(`${values.recipe} carries no recipe (only PNGs exported by the studio do)`);
  const parsed = parseRecipe(text);
  if (!parsed.recipe) fail(parsed.error);
  const recipe = parsed.recipe;
  const given = INPUT_FLAGS.flatMap((f) => (values[f] ? [values[f]] : []));
  if (given.length !== recipe.sources.length)
    fail(
      `the recipe reads ${recipe.sources.length} image${recipe.sources.length === 1 ? '' : 's'} (${recipe.sources.map((s) => s.name).join(', ') || 'none'}): give ${
        INPUT_FLAGS.slice(0, recipe.sources.length)
          .map((f) => `--${f}`)
          .join(' ') || 'no --input'
      }`,
    );
  const files = await Promise.all(
    recipe.sources.map(async (src, i) => {
      const file = readImage(given[i]);
      if ((await sha256Hex(file.bytes)) !== src.sha256)
        fail(`${given[i]} is not the recipe's ${src.slot} image ${src.name} (its SHA-256 differs)`);
      return { slot: src.slot, path: given[i], ...file };
    }),
  );
  const model = await recipeModel(recipe, values.model);
  const out = values.out ?? 'out/replay.png';

  const studio = await startHeadlessStudio({ backend: backendOption(values.backend), log });
  try {
    const loaded: { slot: ImageSlot; image: LoadedImage }[] = [];
    for (const f of files)
      loaded.push({ slot: f.slot, image: await studio.load(f.slot, f.bytes, basename(f.path), recipe.workingMaxSide) });
    let job = recipe.job;
    if (model && 'modelId' in job) job = { ...job, modelId: (await importModel(studio, model)).id };
    log(
      `replaying ${job.kind}${recipe.seed !== null ? ` (seed ${recipe.seed})` : ''} from ${basename(values.recipe)}…`,
    );
    const result = await runChecked(studio, job, loaded);
    const o = result.outputs.find((x) => x.output === 0);
    if (!o) throw new Error('the engine made no output');
    writePng(out, o.height, o.width, Buffer.from(o.rgba, 'base64'));
    console.log(`${resolve(out)}  ${formatSize(o.width, o.height)}${o.seed !== null ? `  seed ${o.seed}` : ''}`);
  } finally {
    await studio.close();
  }
}

/** The model file a SinGAN recipe needs, checked against the recipe's hash of it where the recipe has one. */
async function recipeModel(recipe: Recipe, path: string | undefined): Promise<ModelFile | null> {
  if (!recipe.modelId) {
    if (path) fail('this recipe uses no SinGAN model: leave out --model');
    return null;
  }
  if (!path) fail('this recipe uses a SinGAN model: give it with --model FILE');
  const file = readModelFile(path);
  if (!recipe.modelSha256) log(`the recipe names its model by the page's id only: ${basename(path)} is taken to be it`);
  else if ((await sha256Hex(file.bytes)) !== recipe.modelSha256)
    fail(`${path} is not the recipe's SinGAN model (its SHA-256 differs)`);
  return file;
}
