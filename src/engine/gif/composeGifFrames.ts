/**
 * Turns a GIF's frames, as a GIF stores them (a sub-rectangle each, with
 * transparent pixels and a disposal method), into the full pictures a viewer
 * sees. WebCodecs' ImageDecoder does this itself; this is the fallback for
 * browsers without it, fed by gifuct-js.
 */

/** One stored frame: its rectangle on the logical screen and its RGBA patch (transparent pixels have alpha 0). */
export interface GifFramePatch {
  readonly dims: { readonly top: number; readonly left: number; readonly width: number; readonly height: number };
  readonly patch: Uint8ClampedArray;
  /** 0/1 leave the frame in place, 2 clears its rectangle, 3 restores what was there before it. */
  readonly disposalType: number;
}

/**
 * A compositor fed the frames in order, one at a time, returning each full
 * frame, RGBA (height, width): one frame at a time so a large GIF never holds
 * more than two screens. Pixels no frame has covered yet stay transparent, as
 * browsers show them.
 */
export function gifCompositor(width: number, height: number): (frame: GifFramePatch) => Uint8ClampedArray<ArrayBuffer> {
  let canvas: Uint8ClampedArray<ArrayBuffer> = new Uint8ClampedArray(width * height * 4);
  return (frame) => {
    // Disposal 3 goes back to the picture before this frame, so that picture is kept first.
    const before = frame.disposalType === 3 ? canvas.slice() : null;
    forEachPixel(width, height, frame.dims, (src, dst) => {
      if (frame.patch[src + 3] === 0) return;
      canvas.set(frame.patch.subarray(src, src + 4), dst);
    });
    const shown = canvas.slice();
    if (frame.disposalType === 2) forEachPixel(width, height, frame.dims, (_src, dst) => canvas.fill(0, dst, dst + 4));
    if (before) canvas = before;
    return shown;
  };
}

/** Every frame composed (tests, and callers that want them all at once). */
export function composeGifFrames(
  width: number,
  height: number,
  frames: readonly GifFramePatch[],
): Uint8ClampedArray<ArrayBuffer>[] {
  const next = gifCompositor(width, height);
  return frames.map(next);
}

/** Visits a frame rectangle's pixels that lie on the screen: (offset in the patch, offset on the screen), RGBA byte offsets. */
function forEachPixel(
  width: number,
  height: number,
  dims: GifFramePatch['dims'],
  visit: (src: number, dst: number) => void,
): void {
  for (let y = 0; y < dims.height; y++) {
    const sy = dims.top + y;
    if (sy < 0 || sy >= height) continue;
    for (let x = 0; x < dims.width; x++) {
      const sx = dims.left + x;
      if (sx < 0 || sx >= width) continue;
      visit((y * dims.width + x) * 4, (sy * width + sx) * 4);
    }
  }
}
