import { useMemo } from 'react';
import { downloadBlob, safeFileStem } from '../../../app/downloadPng';
import { activeRun, useStudio, type Run } from '../../../app/store';
import { startJob } from '../../../app/studio';
import { PixelCanvas } from '../../../app/components/PixelCanvas';
import { placementName } from '../../../engine/singan/placements';
import type { RgbaPixels } from '../../../protocol/images';
import type { SinganStudyJob } from '../jobs';
import { STUDY_SR_FACTOR, studyOutput } from '../studyLimits';
import { cellText, STUDY_COLUMNS, studyCsv, studyRows, type StudyRow } from '../studyTable';

type Cell = { readonly title: string; readonly pixels: RgbaPixels | null };

/** Each variant's images in the view's and the sheet's order: reconstruction, samples, super-resolution. */
function variantCells(job: SinganStudyJob, run: Run, v: number): Cell[] {
  const at = studyOutput(job, v);
  const of = (output: number) => run.outputs.find((o) => o.output === output)?.pixels ?? null;
  // Until a variant is scored, its training's latest scale stands in for the reconstruction and the first sample.
  const latest = (output: number) =>
    run.scales
      .filter((s) => s.output === output)
      .reduce<(typeof run.scales)[number] | null>((b, s) => (!b || s.level < b.level ? s : b), null)?.pixels ?? null;
  return [
    { title: 'reconstruction', pixels: of(at.rec) ?? latest(at.rec) },
    ...Array.from({ length: job.samples }, (_, i) => ({
      title: `sample ${i + 1}`,
      pixels: of(at.sample(i)) ?? (i === 0 ? latest(at.sample(0)) : null),
    })),
    { title: `SR ×${STUDY_SR_FACTOR}`, pixels: of(at.sr) },
  ];
}

/**
 * The attention study's result: every placement's reconstruction, samples
 * and super-resolution side by side, the table of their scores, and exports
 * of both; a study that stopped (a reload, a cancel, a crash) resumes from
 * its stored models.
 */
export function StudyView({ run }: { run: Run }) {
  const job = run.recipeBase?.job as SinganStudyJob | undefined;
  const busy = useStudio((s) => Boolean(activeRun(s)));
  const sourceName = useStudio((s) => s.source?.name ?? null);
  const rows = useMemo(() => (job ? studyRows(job, run.metrics) : []), [job, run.metrics]);
  if (!job || job.kind !== 'singan-study') return null;
  const stopped = run.status === 'cancelled' || run.status === 'error';
  const stem = `${safeFileStem(job.name)}-singan-study`;
  return (
    <section className="panel viewer-panel study-view" aria-label="Attention study" data-testid="study-view">
      <h2>
        Attention study{' '}
        <small data-testid="study-status">
          {run.status === 'done'
            ? `${job.variants.length} placements scored`
            : stopped
              ? `stopped · ${rows.filter((r) => r.srSsim !== null || r.sifid !== null).length} of ${job.variants.length} placements scored`
              : run.progress.stage}
        </small>
      </h2>
      {stopped && (
        <p className="hint">
          Finished scales and placements are stored under Models.{' '}
          <button
            type="button"
            className="primary"
            data-testid="study-resume"
            disabled={busy || sourceName === null}
            title={sourceName === null ? 'Load the image the study was run on first.' : undefined}
            onClick={() => startJob(job)}
          >
            Resume study
          </button>
        </p>
      )}
      <div className="study-grid" data-testid="study-grid">
        {job.variants.map((label, v) => (
          <div key={label} className="study-row" data-testid="study-images" data-variant={label}>
            <strong className="study-name">{placementName(label)}</strong>
            {variantCells(job, run, v).map((c) => (
              <figure key={c.title} className="study-cell">
                {c.pixels ? (
                  <PixelCanvas
                    pixels={c.pixels}
                    className="study-canvas"
                    title={`${placementName(label)} · ${c.title}`}
                  />
                ) : (
                  <div className="study-canvas empty" />
                )}
                <figcaption>{c.title}</figcaption>
              </figure>
            ))}
          </div>
        ))}
      </div>
      <div className="study-table-wrap">
        <table className="study-table" data-testid="study-table">
          <thead>
            <tr>
              <th>placement</th>
              {STUDY_COLUMNS.map((c) => (
                <th key={c.key} title={c.title}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label} data-testid="study-row" data-variant={r.label}>
                <th>{r.name}</th>
                {STUDY_COLUMNS.map((c) => (
                  <td key={c.key} data-column={c.key}>
                    {cellText(r, c)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row">
        <button
          type="button"
          data-testid="study-export-png"
          onClick={() => void studySheet(job, run, rows).then((blob) => downloadBlob(blob, `${stem}.png`))}
        >
          Export sheet PNG
        </button>
        <button
          type="button"
          data-testid="study-export-csv"
          onClick={() => downloadBlob(new Blob([studyCsv(rows)], { type: 'text/csv' }), `${stem}.csv`)}
        >
          Export table CSV
        </button>
      </div>
    </section>
  );
}

/** The view as one PNG: a row of images per placement (each at the super-resolution's size), then the table. */
async function studySheet(job: SinganStudyJob, run: Run, rows: readonly StudyRow[]): Promise<Blob> {
  const cells = job.variants.map((_, v) => variantCells(job, run, v));
  const all = cells.flat().flatMap((c) => (c.pixels ? [c.pixels] : []));
  const cellW = Math.max(64, ...all.map((p) => p.width));
  const cellH = Math.max(48, ...all.map((p) => p.height));
  const pad = 8;
  const nameW = 110;
  const captionH = 16;
  const lineH = 18;
  const cols = job.samples + 2;
  const table = [
    ['placement', ...STUDY_COLUMNS.map((c) => c.header)],
    ...rows.map((r) => [r.name, ...STUDY_COLUMNS.map((c) => cellText(r, c))]),
  ];
  const colW = 96;
  const width = Math.max(nameW + cols * (cellW + pad) + pad, pad * 2 + table[0].length * colW);
  const gridH = job.variants.length * (cellH + captionH + pad) + pad;
  const height = gridH + (table.length + 1) * lineH + pad;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas available to draw the sheet.');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#111';
  ctx.font = '12px sans-serif';
  ctx.imageSmoothingEnabled = false;
  for (const [v, row] of cells.entries()) {
    const y = pad + v * (cellH + captionH + pad);
    ctx.fillText(placementName(job.variants[v]), pad, y + cellH / 2);
    for (const [i, c] of row.entries()) {
      const x = nameW + i * (cellW + pad);
      if (c.pixels) {
        // Small images enlarged to the cell without smoothing: the super-resolution is compared with its input's pixels.
        const bitmap = await createImageBitmap(
          new ImageData(new Uint8ClampedArray(c.pixels.rgba), c.pixels.width, c.pixels.height),
        );
        ctx.drawImage(bitmap, x, y, cellW, cellH);
        bitmap.close();
      }
      ctx.fillText(c.title, x, y + cellH + captionH - 4);
    }
  }
  for (const [i, line] of table.entries()) {
    const y = gridH + (i + 1) * lineH;
    ctx.font = i === 0 ? 'bold 11px sans-serif' : '11px sans-serif';
    for (const [j, text] of line.entries()) ctx.fillText(text, pad + j * colW, y, colW - 4);
  }
  return canvas.convertToBlob({ type: 'image/png' });
}
