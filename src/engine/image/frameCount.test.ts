import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { encodeTestGif, movingObjectFrames, waterfallFrames } from '../../../scripts/make-test-gifs';
import { declaredFrames } from './frameCount';

const chunk = (type: string, data: number[]) => {
  const len = data.length;
  return [
    len >>> 24,
    (len >>> 16) & 255,
    (len >>> 8) & 255,
    len & 255,
    ...Array.from(type, (c) => c.charCodeAt(0)),
    ...data,
    0,
    0,
    0,
    0,
  ];
};

/** A PNG's signature and IHDR, then the given chunks (CRCs are not checked by the count). */
function pngWith(...chunks: number[][]): Uint8Array {
  const ihdr = chunk('IHDR', [0, 0, 0, 32, 0, 0, 0, 32, 8, 2, 0, 0, 0]);
  return Uint8Array.from([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...ihdr,
    ...chunks.flat(),
    ...chunk('IEND', []),
  ]);
}

function webpWith(chunks: [string, number][]): Uint8Array {
  const body: number[] = [...'WEBP'].map((c) => c.charCodeAt(0));
  for (const [type, size] of chunks) {
    body.push(
      ...Array.from(type, (c) => c.charCodeAt(0)),
      size & 255,
      (size >> 8) & 255,
      0,
      0,
      ...new Array<number>(size + (size & 1)).fill(0),
    );
  }
  const n = body.length;
  return Uint8Array.from(
    [...'RIFF'].map((c) => c.charCodeAt(0)).concat([n & 255, (n >> 8) & 255, (n >> 16) & 255, 0], body),
  );
}

describe('declaredFrames', () => {
  it('counts a GIF’s images, whole frames or sub-rectangles', () => {
    expect(declaredFrames(encodeTestGif(waterfallFrames({ frames: 5 })), 'gif')).toBe(5);
    expect(declaredFrames(encodeTestGif(movingObjectFrames({ frames: 6 }), { subRectangles: true }), 'gif')).toBe(6);
    expect(declaredFrames(encodeTestGif(waterfallFrames({ frames: 40, step: 1 })), 'gif')).toBe(40);
    expect(declaredFrames(encodeTestGif(waterfallFrames({ frames: 1 })), 'gif')).toBe(1);
  });

  it('reads an APNG’s frame count from acTL; a plain PNG is one frame', () => {
    const still = new PNG({ width: 32, height: 32 });
    expect(declaredFrames(PNG.sync.write(still), 'png')).toBe(1);
    expect(declaredFrames(pngWith(chunk('acTL', [0, 0, 0, 7, 0, 0, 0, 0]), chunk('IDAT', [1, 2, 3])), 'png')).toBe(7);
    // acTL after the image data is not an animation (the APNG spec requires it first).
    expect(declaredFrames(pngWith(chunk('IDAT', [1, 2, 3]), chunk('acTL', [0, 0, 0, 7, 0, 0, 0, 0])), 'png')).toBe(1);
  });

  it('counts an animated WebP’s ANMF chunks; a still WebP is one frame', () => {
    expect(
      declaredFrames(
        webpWith([
          ['VP8X', 10],
          ['ANIM', 6],
          ['ANMF', 30],
          ['ANMF', 31],
          ['ANMF', 30],
        ]),
        'webp',
      ),
    ).toBe(3);
    expect(declaredFrames(webpWith([['VP8L', 25]]), 'webp')).toBe(1);
  });

  it('calls every other format, and a cut-off header, one frame', () => {
    expect(declaredFrames(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]), 'jpeg')).toBe(1);
    expect(declaredFrames(Uint8Array.from([0x47, 0x49, 0x46]), 'gif')).toBe(1);
  });
});
