import { unzlibSync, zlibSync, strFromU8, strToU8 } from 'fflate';
import { crc32 } from '../crc32';

/**
 * A text entry in a PNG file: an iTXt chunk (UTF-8, zlib-compressed) placed
 * before the image data, where every PNG reader keeps and ignores it. Used
 * to carry an export's recipe inside the PNG itself.
 */
const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

const isPng = (b: Uint8Array) => b.length >= 8 && SIGNATURE.every((v, i) => b[i] === v);

interface Chunk {
  readonly type: string;
  readonly start: number;
  readonly data: Uint8Array;
}

function* chunks(png: Uint8Array): Generator<Chunk> {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let at = 8; at + 12 <= png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (at + 12 + length > png.length) return;
    yield { type, start: at, data: png.subarray(at + 8, at + 8 + length) };
    at += 12 + length;
  }
}

/** The PNG with an iTXt chunk `keyword` = `text` added before its first IDAT. */
export function addPngText(png: Uint8Array, keyword: string, text: string): Uint8Array {
  if (!isPng(png)) throw new RangeError('Not a PNG file.');
  const idat = [...chunks(png)].find((c) => c.type === 'IDAT');
  if (!idat) throw new RangeError('The PNG has no image data.');
  // keyword \0, compression flag 1, method 0, language tag "" \0, translated keyword "" \0, zlib(text)
  const body = [...strToU8(keyword), 0, 1, 0, 0, 0, ...zlibSync(strToU8(text), { level: 9 })];
  const chunk = new Uint8Array(12 + body.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, body.length);
  chunk.set(strToU8('iTXt'), 4);
  chunk.set(body, 8);
  view.setUint32(8 + body.length, crc32(chunk.subarray(4, 8 + body.length)));
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, idat.start), 0);
  out.set(chunk, idat.start);
  out.set(png.subarray(idat.start), idat.start + chunk.length);
  return out;
}

/** The text of the first iTXt/tEXt chunk named `keyword`, or null (also for files that are not PNGs). */
export function readPngText(png: Uint8Array, keyword: string): string | null {
  if (!isPng(png)) return null;
  for (const c of chunks(png)) {
    if (c.type !== 'iTXt' && c.type !== 'tEXt') continue;
    const end = c.data.indexOf(0);
    if (end < 0 || strFromU8(c.data.subarray(0, end), true) !== keyword) continue;
    if (c.type === 'tEXt') return strFromU8(c.data.subarray(end + 1), true);
    const compressed = c.data[end + 1] === 1;
    // Skip the language tag and the translated keyword (two NUL-terminated strings).
    let at = end + 3;
    at = c.data.indexOf(0, at) + 1;
    at = c.data.indexOf(0, at) + 1;
    const payload = c.data.subarray(at);
    return strFromU8(compressed ? unzlibSync(payload) : payload);
  }
  return null;
}
