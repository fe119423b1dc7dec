import * as tf from '@tensorflow/tfjs-core';
import type { RgbImage } from '../engine/image/rgbImage';
import type { SequenceModel } from '../engine/gif2gif/sequenceModel';
import type { SinganModel } from '../engine/singan/singanModel';
import {
  disposeFileModel,
  isSequenceModel,
  parseModelFile,
  serializeSinganModel,
  SinganModelError,
  type AnyModel,
} from '../engine/singan/singanModelFile';
import type { ModelSummary } from '../protocol/facts';
import { JobInputError } from './jobErrors';
import { loadModel, ModelLibraryError, type StoredModel } from './modelLibrary';

/** Between the stored bytes and live tfjs models: parsing with clear errors, summaries, import. Both kinds: still-image SinGAN and GIF → GIF. */
export function summaryOf(
  model: AnyModel,
  bytes: Uint8Array,
  meta: { id: string; name: string; createdAt: number; trainingMs: number; hasImage: boolean },
): ModelSummary {
  const summary: ModelSummary = {
    ...meta,
    config: model.config,
    imageShape: [model.imageShape[0], model.imageShape[1]],
    scales: model.scaleShapes.length,
    scalesDone: model.scales.length,
    updatedAt: Date.now(),
    bytes: bytes.byteLength,
  };
  if (!isSequenceModel(model)) return summary;
  const { variant, frames, hidden, chunk, motion } = model.sequence;
  return { ...summary, sequence: { variant, frames, hidden, chunk, motion } };
}

/** What is stored with a model so its training can resume: the still image, or a GIF → GIF model's frames. */
export type TrainingInput = { readonly image: RgbImage } | { readonly frames: readonly RgbImage[] } | null;

export function toStored(model: AnyModel, meta: Parameters<typeof summaryOf>[2], input: TrainingInput): StoredModel {
  const bytes = serializeSinganModel(model);
  const image = input && 'image' in input ? input.image : (input?.frames[0] ?? null);
  const frames = input && 'frames' in input ? input.frames : undefined;
  return { summary: summaryOf(model, bytes, meta), bytes, image, ...(frames ? { frames } : {}) };
}

/** Parses stored or imported bytes; a bad file becomes a job error the user can read. */
export function parseModel(bytes: Uint8Array): AnyModel {
  try {
    return parseModelFile(tf, bytes);
  } catch (err) {
    if (err instanceof SinganModelError) throw new JobInputError('bad-model', err.message);
    throw err;
  }
}

async function loadStored(id: string): Promise<StoredModel> {
  try {
    return await loadModel(id);
  } catch (err) {
    if (err instanceof ModelLibraryError) throw new JobInputError(err.code, err.message);
    throw err;
  }
}

/** Loads a stored model of either kind as live tensors; the caller disposes it (disposeFileModel). */
export async function openStoredModelOfEitherKind(id: string): Promise<{ stored: StoredModel; model: AnyModel }> {
  const stored = await loadStored(id);
  return { stored, model: parseModel(stored.bytes) };
}

/** Loads a stored still-image SinGAN as live tensors; the caller disposes it. A GIF → GIF model is refused with what to use instead. */
export async function openStoredModel(id: string): Promise<{ stored: StoredModel; model: SinganModel }> {
  const stored = await loadStored(id);
  const model = parseModel(stored.bytes);
  if (isSequenceModel(model)) {
    disposeFileModel(model);
    throw new JobInputError('bad-model', 'This is a GIF → GIF model (trained on an animation): use it with GIF → GIF.');
  }
  return { stored, model };
}

/** Loads a stored GIF → GIF model as live tensors; the caller disposes it. A still-image model is refused. */
export async function openStoredSequenceModel(id: string): Promise<{ stored: StoredModel; model: SequenceModel }> {
  const stored = await loadStored(id);
  const model = parseModel(stored.bytes);
  if (!isSequenceModel(model)) {
    disposeFileModel(model);
    throw new JobInputError('bad-model', 'This model was trained on a still image: pick a GIF → GIF model.');
  }
  return { stored, model };
}

/** Validates an imported file (either kind) by parsing it fully before anything is stored. */
export async function importModelFile(bytes: Uint8Array, name: string): Promise<StoredModel> {
  let model: AnyModel;
  try {
    model = parseModelFile(tf, bytes);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ModelLibraryError('bad-model', `${name} cannot be imported: ${message}`);
  }
  try {
    const now = Date.now();
    const id = `m${now.toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
    // The imported bytes are kept as they are: export → import → export gives the same file.
    return {
      summary: summaryOf(model, bytes, { id, name, createdAt: now, trainingMs: 0, hasImage: false }),
      bytes,
      image: null,
    };
  } finally {
    disposeFileModel(model);
  }
}
