/**
 * A GIF Comment Extension (0x21 0xFE): text that every GIF decoder skips.
 * Used to carry an exported animation's recipe inside the GIF itself.
 */
const HEADER = 6;
const SCREEN = 7;

function globalTableEnd(gif: Uint8Array): number {
  const flags = gif[HEADER + 4];
  const table = flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0;
  return HEADER + SCREEN + table;
}

const isGif = (b: Uint8Array) =>
  b.length >= HEADER + SCREEN && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38;

/** The GIF with a comment holding `text` (ASCII) right after its global colour table. */
export function addGifComment(gif: Uint8Array, text: string): Uint8Array {
  if (!isGif(gif)) throw new RangeError('Not a GIF file.');
  if (!/^[\x20-\x7e]*$/.test(text)) throw new RangeError('GIF comments here are printable ASCII.');
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  const blocks = Math.ceil(bytes.length / 255);
  const ext = new Uint8Array(2 + bytes.length + blocks + 1);
  ext[0] = 0x21;
  ext[1] = 0xfe;
  let at = 2;
  for (let i = 0; i < bytes.length; i += 255) {
    const part = bytes.subarray(i, i + 255);
    ext[at++] = part.length;
    ext.set(part, at);
    at += part.length;
  }
  ext[at] = 0;
  const cut = globalTableEnd(gif);
  const out = new Uint8Array(gif.length + ext.length);
  out.set(gif.subarray(0, cut), 0);
  out.set(ext, cut);
  out.set(gif.subarray(cut), cut + ext.length);
  return out;
}

/** Skips a chain of data sub-blocks starting at `at`; returns the index after the terminator, and their bytes when asked. */
function subBlocks(gif: Uint8Array, at: number, collect: number[] | null): number {
  while (at < gif.length) {
    const n = gif[at++];
    if (n === 0) return at;
    if (collect) for (let i = 0; i < n; i++) collect.push(gif[at + i]);
    at += n;
  }
  return at;
}

/** Every comment in the GIF, in order (empty for files that are not GIFs). */
export function readGifComments(gif: Uint8Array): string[] {
  if (!isGif(gif)) return [];
  const comments: string[] = [];
  let at = globalTableEnd(gif);
  while (at < gif.length) {
    const block = gif[at];
    if (block === 0x3b) break;
    if (block === 0x21) {
      const label = gif[at + 1];
      const text: number[] | null = label === 0xfe ? [] : null;
      at = subBlocks(gif, at + 2, text);
      if (text) comments.push(String.fromCharCode(...text));
    } else if (block === 0x2c) {
      const flags = gif[at + 9];
      at += 10 + (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
      at = subBlocks(gif, at + 1, null);
    } else {
      break;
    }
  }
  return comments;
}
