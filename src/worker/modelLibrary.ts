import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RgbImage } from '../engine/image/rgbImage';
import type { ModelAction } from '../protocol/messages';
import type { ErrorCode, ModelSummary } from '../protocol/facts';

/**
 * Stored SinGAN models, in the worker's IndexedDB. A model is written after
 * every finished scale, so a reload (or a crash) during training loses at most
 * the scale in progress; the training image is stored beside the weights so
 * training can resume without the user loading the image again.
 */
export interface StoredModel {
  readonly summary: ModelSummary;
  /** The model file's bytes (src/engine/singan/singanModelFile.ts format). */
  readonly bytes: Uint8Array;
  /** The image it was trained on (a GIF → GIF model's first frame); absent for imported models. */
  readonly image: RgbImage | null;
  /** A GIF → GIF model's training frames, so its training can resume; absent for still-image models. */
  readonly frames?: readonly RgbImage[];
}

interface LibrarySchema extends DBSchema {
  models: { key: string; value: StoredModel };
}

const DB_NAME = 'single-image-studio';
const DB_VERSION = 1;

let db: Promise<IDBPDatabase<LibrarySchema>> | null = null;

function open(): Promise<IDBPDatabase<LibrarySchema>> {
  db ??= openDB<LibrarySchema>(DB_NAME, DB_VERSION, {
    upgrade(database) {
      database.createObjectStore('models');
    },
  });
  db.catch(() => (db = null));
  return db;
}

export class ModelLibraryError extends Error {
  override name = 'ModelLibraryError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export async function saveModel(model: StoredModel): Promise<void> {
  await (await open()).put('models', model, model.summary.id);
}

export async function loadModel(id: string): Promise<StoredModel> {
  const found = await (await open()).get('models', id);
  if (!found)
    throw new ModelLibraryError(
      'no-model',
      'That model is no longer stored (it was deleted, or the browser cleared its storage).',
    );
  return found;
}

export async function listModels(): Promise<ModelSummary[]> {
  const all = await (await open()).getAll('models');
  return all.map((m) => m.summary).sort((a, b) => b.updatedAt - a.updatedAt);
}

export async function deleteModel(id: string): Promise<void> {
  await (await open()).delete('models', id);
}

export const MODEL_FILE_EXTENSION = '.singan';

/** Import is supplied by the caller: it must parse (and so validate) the file before anything is stored. */
export type ModelImporter = (bytes: Uint8Array, name: string) => Promise<StoredModel>;

/** Answers a 'models' request: always with the updated list, plus a file or an error. */
export async function handleModelAction(
  action: ModelAction,
  importModel: ModelImporter,
): Promise<{
  models: ModelSummary[];
  file?: { name: string; blob: Blob };
  error?: { code: ErrorCode; message: string };
}> {
  let file: { name: string; blob: Blob } | undefined;
  let error: { code: ErrorCode; message: string } | undefined;
  try {
    switch (action.kind) {
      case 'list':
        break;
      case 'delete':
        await deleteModel(action.modelId);
        break;
      case 'export': {
        const model = await loadModel(action.modelId);
        const stem = model.summary.name.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'model';
        file = {
          name: `${stem}${MODEL_FILE_EXTENSION}`,
          blob: new Blob([model.bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
        };
        break;
      }
      case 'import': {
        const bytes = new Uint8Array(await action.file.arrayBuffer());
        await saveModel(await importModel(bytes, action.name));
        break;
      }
    }
  } catch (err) {
    error =
      err instanceof ModelLibraryError
        ? { code: err.code, message: err.message }
        : { code: 'internal', message: `The model store failed: ${err instanceof Error ? err.message : String(err)}` };
  }
  let models: ModelSummary[] = [];
  try {
    models = await listModels();
  } catch (err) {
    error ??= {
      code: 'internal',
      message: `The model store cannot be read: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  return { models, file, error };
}
