import { describe, expect, it } from 'vitest';
import type { Run } from './store';
import { previewPlaceholder } from './trainingState';

const run = (status: Run['status'], position: NonNullable<Run['training']>['position']): Run =>
  ({ status, training: { position, preview: null, losses: [] } }) as unknown as Run;
const at = (iteration: number, iterations: number, previewEvery: number, scale = 0, scales = 7) => ({
  scale,
  scales,
  iteration,
  iterations,
  previewEvery,
});

describe('previewPlaceholder', () => {
  it('says when the first preview is due, at the interval or at the scale’s end if that comes first', () => {
    expect(previewPlaceholder(run('running', at(5, 300, 50)))).toBe(
      'First preview at iteration 50 of scale 1 (now at 5).',
    );
    expect(previewPlaceholder(run('running', at(5, 30, 50)))).toBe(
      'First preview at iteration 30 of scale 1 (now at 5).',
    );
    expect(previewPlaceholder(run('running', at(2, 30, 0, 0, 1)))).toBe('First preview at iteration 30 (now at 2).');
  });
  it('before any progress, and for a run that ended without a preview', () => {
    expect(previewPlaceholder(run('running', null))).toMatch(/^Starting/);
    expect(previewPlaceholder(run('cancelled', at(5, 300, 50)))).toBe('Stopped before the first preview.');
    expect(previewPlaceholder(run('error', null))).toBe('Stopped before the first preview.');
  });
});
