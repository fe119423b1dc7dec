import { formatSize } from '../engine/image/formatSize';

interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * Why the coarsest level is square when the image is not: GPNN squeezes it to
 * coarseDim × coarseDim as the reference code does (its noise array is square),
 * and the level above already has the image's aspect again. Null where the
 * coarsest level keeps the aspect (SinGAN, GPNN with the aspect kept, a square image).
 */
export function squeezedCoarsestNote(coarsest: Size, finer: Size | null | undefined): string | null {
  if (!finer || coarsest.width !== coarsest.height || finer.width === finer.height) return null;
  return (
    `The coarsest level is squeezed to a square, ${formatSize(coarsest.width, coarsest.height)}, as the reference GPNN code builds it; ` +
    `the finer levels keep the image's aspect (the next one is ${formatSize(finer.width, finer.height)}).`
  );
}
