import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '../protocol/facts';
import { handleModelAction, loadModel, saveModel, type StoredModel } from './modelLibrary';
import { SINGAN_PRESETS } from '../engine/singan/singanConfig';

function stored(id: string, updatedAt: number): StoredModel {
  const summary: ModelSummary = {
    id,
    name: `model ${id}`,
    config: SINGAN_PRESETS.fast,
    imageShape: [20, 24],
    scales: 3,
    scalesDone: 1,
    trainingMs: 10,
    hasImage: false,
    createdAt: 1,
    updatedAt,
    bytes: 4,
  };
  return { summary, bytes: new Uint8Array([1, 2, 3, id.length]), image: null };
}

describe('model library (IndexedDB)', () => {
  it('stores, lists newest first, exports the exact bytes, deletes', async () => {
    await saveModel(stored('a', 1));
    await saveModel(stored('bb', 2));
    const listed = await handleModelAction({ kind: 'list' }, async () => stored('x', 0));
    expect(listed.models.map((m) => m.id)).toEqual(['bb', 'a']);
    const exported = await handleModelAction({ kind: 'export', modelId: 'bb' }, async () => stored('x', 0));
    expect(exported.file?.name).toBe('model_bb.singan');
    expect([...new Uint8Array(await exported.file!.blob.arrayBuffer())]).toEqual([1, 2, 3, 2]);
    const afterDelete = await handleModelAction({ kind: 'delete', modelId: 'a' }, async () => stored('x', 0));
    expect(afterDelete.models.map((m) => m.id)).toEqual(['bb']);
    await expect(loadModel('a')).rejects.toThrow(/no longer stored/);
  });

  it('a failed import stores nothing and answers with a message and the unchanged list', async () => {
    const before = (await handleModelAction({ kind: 'list' }, async () => stored('x', 0))).models.length;
    const result = await handleModelAction(
      { kind: 'import', file: new Blob([new Uint8Array([0])]), name: 'junk' },
      async () => {
        throw new Error('junk is not a SinGAN model file');
      },
    );
    expect(result.error?.message).toMatch(/not a SinGAN model file/);
    expect(result.models.length).toBe(before);
  });

  it('exporting a model that is gone is an error, not a crash', async () => {
    const result = await handleModelAction({ kind: 'export', modelId: 'missing' }, async () => stored('x', 0));
    expect(result.error?.code).toBe('no-model');
    expect(result.file).toBeUndefined();
  });
});
