/** Input limits shared by the decoder, the UI and the tests. */
export const MIN_IMAGE_SIDE = 32;
/** Larger images are refused before decoding: 100 MP of RGBA is 400 MB. */
export const MAX_IMAGE_PIXELS = 100_000_000;
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
export const WORKING_SIDE_CHOICES = [128, 192, 256, 384, 512, 768, 1024] as const;
export const DEFAULT_WORKING_SIDE = 256;

/** Working size: the longer side is capped at maxSide, the aspect ratio kept, sides rounded. */
export function workingSize(height: number, width: number, maxSide: number): { height: number; width: number } {
  const longer = Math.max(height, width);
  if (longer <= maxSide) return { height, width };
  const f = maxSide / longer;
  return { height: Math.max(1, Math.round(height * f)), width: Math.max(1, Math.round(width * f)) };
}
