/** Walking a GIF's block structure without decoding it (frame counts, cutting a GIF after n images). */

const colourTable = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);

function skipSubBlocks(b: Uint8Array, at: number): number {
  while (at < b.length) {
    const n = b[at++];
    if (n === 0) return at;
    at += n;
  }
  return at;
}

/**
 * Image descriptors from the start, up to `limit` images, the trailer, or the
 * end of what is there. `end` is the offset just past the last image counted
 * (its data sub-blocks included); past the file's length when that image is
 * cut short.
 */
export function walkGifImages(b: Uint8Array, limit = Infinity): { images: number; end: number } {
  if (b.length < 13) return { images: 0, end: b.length };
  let at = 13 + colourTable(b[10]);
  let images = 0;
  while (at < b.length && images < limit) {
    const block = b[at];
    if (block === 0x21) {
      at = skipSubBlocks(b, at + 2);
    } else if (block === 0x2c) {
      if (at + 10 > b.length) break;
      images++;
      // Image descriptor (10 bytes), its local palette, the LZW minimum code size, then the data sub-blocks.
      at = skipSubBlocks(b, at + 10 + colourTable(b[at + 9]) + 1);
    } else {
      break;
    }
  }
  return { images, end: at };
}
