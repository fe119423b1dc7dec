import type { Run } from './store';

/** Where the training stands, in the header's words: starting → scale k/n → done / cancelled / failed. */
export function trainingState(run: Run): string {
  const t = run.training;
  const at = t?.position ?? null;
  const scales = at?.scales ?? t?.preview?.scales ?? null;
  // A scale counts as finished once its last iteration is reported (absolute, so a resumed training counts its earlier scales).
  const finished = at ? (at.iteration >= at.iterations ? at.scale + 1 : at.scale) : 0;
  const kept = scales !== null ? ` · ${finished}/${scales} scales finished` : ' before the first scale finished';
  switch (run.status) {
    case 'done':
      return scales !== null ? `done · ${scales} scales` : 'done';
    case 'cancelled':
      return `cancelled${kept}`;
    case 'error':
      return `failed${kept}`;
    default: {
      const prefix = run.status === 'cancelling' ? 'cancelling · ' : run.paused ? 'paused · ' : '';
      return (
        prefix + (at ? `scale ${at.scale + 1}/${at.scales} · iteration ${at.iteration}/${at.iterations}` : 'starting…')
      );
    }
  }
}

/**
 * What stands in a preview's place until the first one comes: a black box
 * for minutes on a CPU reads as a failure, so it says when the first preview
 * is due (the worker previews every previewEvery iterations and at each
 * scale's last one: previewDue in singanConfig.ts).
 */
export function previewPlaceholder(run: Run): string {
  const at = run.training?.position ?? null;
  if (run.status === 'cancelled' || run.status === 'error') return 'Stopped before the first preview.';
  if (run.status === 'done') return 'No preview was made.';
  if (!at) return 'Starting: the first preview follows the first iterations.';
  const due = at.previewEvery > 0 ? Math.min(at.previewEvery, at.iterations) : at.iterations;
  const scale = at.scales > 1 ? ` of scale ${at.scale + 1}` : '';
  return `First preview at iteration ${due}${scale} (now at ${at.iteration}).`;
}
