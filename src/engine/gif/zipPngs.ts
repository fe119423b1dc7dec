import { zipSync, type Zippable } from 'fflate';
import { MAX_EXPORT_FRAMES } from './gifLimits';

/** frame-0001.png, frame-0002.png, …: zero-padded so every file manager sorts them in order. */
export function frameFileName(index: number): string {
  return `frame-${String(index + 1).padStart(4, '0')}.png`;
}

/**
 * A zip of encoded PNG files named in frame order. Stored, not deflated: PNG
 * data is already deflate-compressed, so a second pass costs time for nothing.
 */
export function zipPngs(pngs: readonly Uint8Array[]): Uint8Array {
  if (pngs.length === 0) throw new RangeError('There are no frames to export.');
  if (pngs.length > MAX_EXPORT_FRAMES)
    throw new RangeError(`At most ${MAX_EXPORT_FRAMES} frames can be exported (got ${pngs.length}).`);
  const files: Zippable = {};
  pngs.forEach((png, i) => {
    files[frameFileName(i)] = [png, { level: 0 }];
  });
  return zipSync(files, { level: 0 });
}
