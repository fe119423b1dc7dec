import type { RgbaPixels } from '../../protocol/images';

/** SIFID of each fake image against one real image: files (decoded in the worker at full size) or pixels. */
export interface SifidJob {
  readonly kind: 'sifid';
  readonly real: Blob | RgbaPixels;
  readonly fakes: readonly (Blob | RgbaPixels)[];
}
