import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ImageSlot } from '../../protocol/images';

/**
 * The persisted session: what the user had open (images by slot, settings
 * and masks) and the results gallery, in IndexedDB. Every write is one
 * IndexedDB transaction, so a crash or a reload mid-write leaves the old entry
 * or the new one, never half of one. A separate database from the worker's
 * model library: clearing the session never deletes a trained model.
 */
export interface SavedInput {
  readonly slot: ImageSlot;
  readonly name: string;
  readonly blob: Blob;
}

export interface SavedResult<R = unknown> {
  /** Stable across sessions (run ids are not). */
  readonly key: string;
  readonly savedAt: number;
  readonly run: R;
  /** Approximate bytes, for the storage line and for picking what to drop. */
  readonly bytes: number;
}

interface SessionSchema extends DBSchema {
  settings: { key: 'settings'; value: unknown };
  inputs: { key: ImageSlot; value: SavedInput };
  results: { key: string; value: SavedResult; indexes: { savedAt: number } };
}

const DB_NAME = 'single-image-studio-session';
const DB_VERSION = 1;

let db: Promise<IDBPDatabase<SessionSchema>> | null = null;

function open(): Promise<IDBPDatabase<SessionSchema>> {
  db ??= openDB<SessionSchema>(DB_NAME, DB_VERSION, {
    upgrade(database) {
      database.createObjectStore('settings');
      database.createObjectStore('inputs', { keyPath: 'slot' });
      database.createObjectStore('results', { keyPath: 'key' }).createIndex('savedAt', 'savedAt');
    },
  });
  db.catch(() => (db = null));
  return db;
}

export interface SavedSession<S, R> {
  readonly settings: S | undefined;
  readonly inputs: readonly SavedInput[];
  /** Oldest first. */
  readonly results: readonly SavedResult<R>[];
}

/** Everything saved, read in one transaction (a consistent snapshot). */
export async function loadSession<S, R>(): Promise<SavedSession<S, R>> {
  const tx = (await open()).transaction(['settings', 'inputs', 'results'], 'readonly');
  const [settings, inputs, results] = await Promise.all([
    tx.objectStore('settings').get('settings'),
    tx.objectStore('inputs').getAll(),
    tx.objectStore('results').index('savedAt').getAll(),
    tx.done,
  ]);
  return { settings: settings as S | undefined, inputs, results: results as SavedResult<R>[] };
}

export async function saveSettings(settings: unknown): Promise<void> {
  await (await open()).put('settings', settings, 'settings');
}

/** Replaces the saved images with these (slots not listed are removed), atomically. */
export async function saveInputs(inputs: readonly SavedInput[]): Promise<void> {
  const tx = (await open()).transaction('inputs', 'readwrite');
  const store = tx.objectStore('inputs');
  await store.clear();
  for (const input of inputs) await store.put(input);
  await tx.done;
}

export async function saveResult(result: SavedResult): Promise<void> {
  await (await open()).put('results', result);
}

export async function deleteResults(keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const tx = (await open()).transaction('results', 'readwrite');
  for (const key of keys) await tx.store.delete(key);
  await tx.done;
}

export async function clearSession(): Promise<void> {
  const tx = (await open()).transaction(['settings', 'inputs', 'results'], 'readwrite');
  await Promise.all([
    tx.objectStore('settings').clear(),
    tx.objectStore('inputs').clear(),
    tx.objectStore('results').clear(),
    tx.done,
  ]);
}

/** A write the browser refused for lack of space (the names differ between engines). */
export function isQuotaError(err: unknown): boolean {
  return (
    err instanceof DOMException && (err.name === 'QuotaExceededError' || err.name === 'NS_ERROR_DOM_QUOTA_REACHED')
  );
}
