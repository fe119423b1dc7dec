import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GPNN } from '../engine/gpnn/gpnnParams';
import type { JobSpec } from '../features';
import {
  encodeRecipe,
  encodeRecipeComment,
  makeRecipe,
  parseRecipe,
  recipeOfComment,
  sha256Hex,
  singleOutputJob,
} from './recipe';
import { STUDIO_VERSION } from './studioVersion';

const batch: JobSpec = {
  kind: 'gpnn',
  params: { ...DEFAULT_GPNN, nn: 'auto' },
  task: { kind: 'sample', seeds: [3, 4, 5] },
};

describe('recipes', () => {
  it('remake one output of a batch alone, with the search that ran', () => {
    const { job, seed } = singleOutputJob(batch, 1, 'exact');
    expect(seed).toBe(4);
    expect(job).toEqual({ ...batch, params: { ...DEFAULT_GPNN, nn: 'exact' }, task: { kind: 'sample', seeds: [4] } });
  });

  it('round-trip through text, masks included', () => {
    const labels = new Uint8Array([0, 1, 2, 2, 0]);
    const recipe = makeRecipe({
      job: {
        kind: 'gpnn',
        params: DEFAULT_GPNN,
        task: { kind: 'inpaint', labels, colour: new Uint8ClampedArray([1, 2, 3, 255]) },
      },
      seed: null,
      workingMaxSide: 256,
      sources: [{ slot: 'source', name: 'a.png', sha256: 'ab' }],
    });
    const back = parseRecipe(encodeRecipe(recipe));
    expect(back.error).toBeUndefined();
    expect(back.recipe).toEqual(recipe);
    const task = (back.recipe!.job as Extract<JobSpec, { kind: 'gpnn' }>).task as {
      labels: Uint8Array;
      colour: Uint8ClampedArray;
    };
    expect(task.labels).toBeInstanceOf(Uint8Array);
    expect(task.colour).toBeInstanceOf(Uint8ClampedArray);
  });

  it('say clearly why a recipe cannot be used', () => {
    const ok = JSON.parse(
      encodeRecipe(makeRecipe({ job: batch, seed: 3, workingMaxSide: 256, sources: [] })),
    ) as object;
    expect(parseRecipe('{"format": ')).toMatchObject({ error: expect.stringMatching(/damaged/) as string });
    expect(parseRecipe(JSON.stringify({ ...ok, format: 'x' }))).toMatchObject({
      error: expect.stringMatching(/not a studio recipe/) as string,
    });
    expect(parseRecipe(JSON.stringify({ ...ok, version: 99, studio: '9.0.0' }))).toMatchObject({
      error: expect.stringMatching(/newer studio.*9\.0\.0/) as string,
    });
    expect(parseRecipe(JSON.stringify({ ...ok, job: { kind: 'teleport' } }))).toMatchObject({
      error: expect.stringMatching(/does not know/) as string,
    });
  });

  it('may say which output and level a file holds, and read as before without them', () => {
    const whole = makeRecipe({ job: batch, seed: 3, workingMaxSide: 256, sources: [] });
    const part = { ...whole, output: 2, level: 4 };
    expect(parseRecipe(encodeRecipe(part)).recipe).toEqual(part);
    // A recipe written before parts existed has neither field, and is whole.
    const before = JSON.parse(encodeRecipe(whole)) as object;
    expect('output' in before || 'level' in before).toBe(false);
    expect(parseRecipe(JSON.stringify(before)).recipe).toEqual(whole);
    expect(parseRecipe(encodeRecipe({ ...whole, level: -1 }))).toMatchObject({
      error: expect.stringMatching(/damaged.*level/) as string,
    });
    expect(parseRecipe(JSON.stringify({ ...before, output: '2' }))).toMatchObject({
      error: expect.stringMatching(/damaged.*output/) as string,
    });
  });

  it('come back out of a GIF comment, and nothing comes out of other comments', () => {
    const recipe = makeRecipe({ job: batch, seed: 3, workingMaxSide: 256, sources: [] });
    expect(recipeOfComment(encodeRecipeComment(recipe))).toEqual(recipe);
    expect(recipeOfComment('made with love')).toBeNull();
    expect(recipeOfComment(encodeRecipeComment({ ...recipe, version: 99 }))).toBeNull();
  });

  it('hash sources with SHA-256 and carry the package version', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(STUDIO_VERSION).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });
});
