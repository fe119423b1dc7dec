/** The first frames of a GIF file, cut from its block structure: the kept frames are byte for byte those of the original. */
import { walkGifImages } from '../../engine/image/gifBlocks';

/**
 * The GIF cut after its n-th image, with the trailer written after it. GIF
 * frames are composed in order (each drawn over what the ones before left),
 * so the first n frames of the cut file decode to exactly the first n frames
 * of the whole: no decoding, no re-quantising. Everything before the first
 * image (screen size, global palette, loop count) is kept; the extensions of
 * frame n + 1 and later go with it. Throws when the file holds fewer images.
 */
export function firstGifFrames(bytes: Uint8Array, n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`firstGifFrames: n must be a whole number ≥ 1, got ${n}`);
  if (bytes.length < 13) throw new RangeError('firstGifFrames: not a GIF (too short)');
  const { images, end: at } = walkGifImages(bytes, n);
  if (images < n || at > bytes.length)
    throw new RangeError(`firstGifFrames: the GIF holds ${images} complete image${images === 1 ? '' : 's'}, not ${n}`);
  const out = new Uint8Array(at + 1);
  out.set(bytes.subarray(0, at));
  out[at] = 0x3b;
  return out;
}
