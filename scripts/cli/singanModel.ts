/** A .singan model file read from disk and imported into the headless studio's model store. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { HeadlessStudio } from '../lib/headlessStudio';
import { fail } from './args';
import { SINGAN_MODEL_MAGIC } from '../../src/engine/singan/singanModelFile';

export interface ModelFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Reads a model file; one that is not a SinGAN model file at all (no signature) is bad usage, refused before the browser starts. */
export function readModelFile(path: string): ModelFile {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch {
    fail(`cannot read ${path}`);
  }
  if (!SINGAN_MODEL_MAGIC.every((b, i) => bytes[i] === b))
    fail(`${path} is not a SinGAN model file (it does not start with the model file signature)`);
  return { path, bytes };
}

/**
 * Imports a model file into the headless browser's model store and returns
 * the new entry. The store starts empty in every run, but the new id is
 * taken as the one missing before, not as the first of the list.
 */
export async function importModel(studio: HeadlessStudio, file: ModelFile) {
  const before = await studio.models({ kind: 'list' });
  const known = new Set(before.models.map((m) => m.id));
  const reply = await studio.models({ kind: 'import', bytes: file.bytes, name: basename(file.path) });
  // The engine's own message (e.g. "model.singan cannot be imported: The model file is truncated: …"): a bad file, not bad usage.
  if (reply.error) throw new Error(reply.error.message);
  const added = reply.models.find((m) => !known.has(m.id));
  if (!added) throw new Error(`${file.path}: the engine stored no model`);
  return added;
}
