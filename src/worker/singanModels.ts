import * as tf from '@tensorflow/tfjs-core';
import type { RgbImage } from '../engine/image/rgbImage';
import { disposeSinganModel, type SinganModel } from '../engine/singan/singanModel';
import { parseSinganModel, serializeSinganModel, SinganModelError } from '../engine/singan/singanModelFile';
import type { ModelSummary } from '../protocol/messages';
import { JobInputError } from './jobs/jobErrors';
import { loadModel, ModelLibraryError, type StoredModel } from './modelLibrary';

/** Between the stored bytes and live tfjs models: parsing with clear errors, summaries, import. */
export function summaryOf(
  model: SinganModel,
  bytes: Uint8Array,
  meta: { id: string; name: string; createdAt: number; trainingMs: number; hasImage: boolean },
): ModelSummary {
  return {
    ...meta,
    config: model.config,
    imageShape: [model.imageShape[0], model.imageShape[1]],
    scales: model.scaleShapes.length,
    scalesDone: model.scales.length,
    updatedAt: Date.now(),
    bytes: bytes.byteLength,
  };
}

export function toStored(model: SinganModel, meta: Parameters<typeof summaryOf>[2], image: RgbImage | null): StoredModel {
  const bytes = serializeSinganModel(model);
  return { summary: summaryOf(model, bytes, meta), bytes, image };
}

/** Parses stored or imported bytes; a bad file becomes a job error the user can read. */
export function parseModel(bytes: Uint8Array): SinganModel {
  try {
    return parseSinganModel(tf, bytes);
  } catch (err) {
    if (err instanceof SinganModelError) throw new JobInputError('bad-model', err.message);
    throw err;
  }
}

/** Loads a stored model as live tensors; the caller disposes it. */
export async function openStoredModel(id: string): Promise<{ stored: StoredModel; model: SinganModel }> {
  let stored: StoredModel;
  try {
    stored = await loadModel(id);
  } catch (err) {
    if (err instanceof ModelLibraryError) throw new JobInputError(err.code, err.message);
    throw err;
  }
  return { stored, model: parseModel(stored.bytes) };
}

/** Validates an imported file by parsing it fully before anything is stored. */
export async function importModelFile(bytes: Uint8Array, name: string): Promise<StoredModel> {
  let model: SinganModel;
  try {
    model = parseSinganModel(tf, bytes);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ModelLibraryError('bad-model', `${name} cannot be imported: ${message}`);
  }
  try {
    const now = Date.now();
    const id = `m${now.toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
    // The imported bytes are kept as they are: export → import → export gives the same file.
    return { summary: summaryOf(model, bytes, { id, name, createdAt: now, trainingMs: 0, hasImage: false }), bytes, image: null };
  } finally {
    disposeSinganModel(model);
  }
}
