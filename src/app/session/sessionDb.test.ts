import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  clearSession,
  deleteResults,
  isQuotaError,
  loadSession,
  saveInputs,
  saveResult,
  saveSettings,
} from './sessionDb';

describe('session database', () => {
  it('keeps settings, inputs by slot and results oldest first, and clears them all', async () => {
    await saveSettings({ task: 'gpnn-sample', masks: { inpaint: { labels: new Uint8Array([0, 2]) } } });
    await saveInputs([
      { slot: 'source', name: 'a.png', blob: new Blob(['a']) },
      { slot: 'structure', name: 'b.png', blob: new Blob(['b']) },
    ]);
    // A newer set of inputs replaces the old one whole: the structure slot is gone.
    await saveInputs([{ slot: 'source', name: 'c.png', blob: new Blob(['c']) }]);
    await saveResult({ key: 'new', savedAt: 2, run: { title: 'second' }, bytes: 4 });
    await saveResult({ key: 'old', savedAt: 1, run: { title: 'first' }, bytes: 4 });
    const s = await loadSession<{ task: string; masks: { inpaint: { labels: Uint8Array } } }, { title: string }>();
    expect(s.settings?.task).toBe('gpnn-sample');
    expect(Array.from(s.settings!.masks.inpaint.labels)).toEqual([0, 2]);
    expect(s.inputs.map((i) => [i.slot, i.name])).toEqual([['source', 'c.png']]);
    expect(s.results.map((r) => r.run.title)).toEqual(['first', 'second']);
    await deleteResults(['old']);
    expect((await loadSession()).results.map((r) => r.key)).toEqual(['new']);
    await clearSession();
    expect(await loadSession()).toEqual({ settings: undefined, inputs: [], results: [] });
  });

  it('recognises a full disk by its error names', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError(new DOMException('x', 'AbortError'))).toBe(false);
    expect(isQuotaError(new Error('QuotaExceededError'))).toBe(false);
  });
});
