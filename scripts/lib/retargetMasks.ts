/**
 * Painted masks for the retarget suite of bench:gpnn-quality (--masks, e.g.
 * bench/retarget-masks.json): one rectangle per image over its main object,
 * kept or removed, and how a masked retarget is recorded and tabled beside
 * the same retarget without its mask (docs/algorithms.md, "Keep and remove
 * masks").
 */
import { existsSync, readFileSync } from 'node:fs';
import { MASK_KEEP, MASK_REMOVE } from '../../src/engine/gpnn/gpnnTask';
import { fixedOrDash } from './benchStats';

/** One painted mask of --masks: a rectangle, as fractions [x0, y0, x1, y1] of the image. */
export interface MaskSpec {
  readonly kind: 'keep' | 'remove';
  readonly rect: readonly [number, number, number, number];
  readonly what: string;
}

/** A --masks file, checked once here: every rectangle inside the image and not empty, one kind per image. */
export function readMasks(path: string): Record<string, MaskSpec> {
  if (!existsSync(path)) throw new Error(`no mask file ${path}`);
  const file = JSON.parse(readFileSync(path, 'utf8')) as { masks?: Record<string, Record<string, unknown>> };
  const out: Record<string, MaskSpec> = {};
  for (const [image, m] of Object.entries(file.masks ?? {})) {
    const kinds = (['keep', 'remove'] as const).filter((k) => m[k] !== undefined);
    if (kinds.length !== 1) throw new Error(`${path}: ${image} needs exactly one of keep or remove`);
    const rect = m[kinds[0]];
    const ok =
      Array.isArray(rect) &&
      rect.length === 4 &&
      rect.every((v) => typeof v === 'number' && v >= 0 && v <= 1) &&
      rect[0] < rect[2] &&
      rect[1] < rect[3];
    if (!ok)
      throw new Error(`${path}: ${image}'s ${kinds[0]} must be [x0, y0, x1, y1], fractions with x0 < x1 and y0 < y1`);
    out[image] = {
      kind: kinds[0],
      rect: rect as [number, number, number, number],
      what: typeof m.what === 'string' ? m.what : kinds[0],
    };
  }
  return out;
}

/** A mask's rectangle in pixels of an image this size. */
export function maskBox(m: MaskSpec, height: number, width: number) {
  const x = Math.round(m.rect[0] * width);
  const y = Math.round(m.rect[1] * height);
  return {
    y,
    x,
    height: Math.max(1, Math.round(m.rect[3] * height) - y),
    width: Math.max(1, Math.round(m.rect[2] * width) - x),
  };
}

/** The mask as the engine's labels for an image this size (MASK_KEEP or MASK_REMOVE inside the rectangle). */
export function maskLabels(m: MaskSpec, height: number, width: number): Uint8Array {
  const box = maskBox(m, height, width);
  const labels = new Uint8Array(height * width);
  for (let y = box.y; y < box.y + box.height; y++)
    labels.fill(m.kind === 'keep' ? MASK_KEEP : MASK_REMOVE, y * width + box.x, y * width + box.x + box.width);
  return labels;
}

/** A retarget with a painted mask, beside the same retarget without. */
export interface MaskedRow {
  kind: 'keep' | 'remove';
  what: string;
  /** null where the engine refused the mask (error says why). */
  sifid: number | null;
  ms: number;
  error: string | null;
  /**
   * The painted object's source crop at its best match, mean |Δ| per channel:
   * in the masked output (~0 = a kept object whole; a removed one should
   * match no better than elsewhere) and in the output without the mask.
   */
  objectMatch: { masked: number | null; plain: number | null };
}

/** The masked retargets beside the same retargets without their mask. */
export function maskTable(
  records: readonly {
    readonly image: string;
    readonly retargets: readonly { readonly factor: number; readonly sifid: number; readonly masked?: MaskedRow }[];
  }[],
): string[] {
  const lines = [
    '## With a painted mask',
    '',
    "| image | width × | mask | SIFID without → with ↓ | object's best match \\|Δ\\| without → with | time s |",
    '|---|---|---|---|---|---|',
  ];
  for (const r of records)
    for (const t of r.retargets) {
      const m = t.masked;
      if (!m) continue;
      lines.push(
        m.error
          ? `| ${r.image} | ${t.factor} | ${m.kind} ${m.what} | refused: ${m.error} | | ${(m.ms / 1000).toFixed(1)} |`
          : `| ${r.image} | ${t.factor} | ${m.kind} ${m.what} | ${t.sifid.toFixed(3)} → ${fixedOrDash(m.sifid, 3)} | ${fixedOrDash(m.objectMatch.plain, 3)} → ${fixedOrDash(m.objectMatch.masked, 3)} | ${(m.ms / 1000).toFixed(1)} |`,
      );
    }
  lines.push(
    '',
    "Object's best match: the painted rectangle's source crop at the window of the output nearest to it, mean |Δ| per channel (a kept object pasted whole: ~0; a removed one: no closer than elsewhere).",
  );
  return lines;
}
