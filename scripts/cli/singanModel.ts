/** A .singan model file read from disk and imported into the headless studio's model store. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { HeadlessStudio } from '../lib/headlessStudio';
import { fail } from './args';

export interface ModelFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

export function readModelFile(path: string): ModelFile {
  try {
    return { path, bytes: new Uint8Array(readFileSync(path)) };
  } catch {
    fail(`cannot read ${path}`);
  }
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
