/**
 * Procedural videos for the space-time engine (its tests, demos): seeded random ones, and a small
 * procedural clip (a bar moving over a gradient) with real structure.
 */
import { mulberry32 } from '../random/prng';
import { createVideo, type Video, type VideoShape } from './video';

export function randomVideo([T, H, W]: VideoShape, seed: number): Video {
  const rng = mulberry32(seed);
  return createVideo(
    T,
    H,
    W,
    Float32Array.from({ length: T * H * W * 3 }, () => rng()),
  );
}

/**
 * A vertical bar, 4 px wide and warm-coloured, moving 3 px right per frame
 * over a blue-to-green horizontal gradient with faint rows, so its patches
 * have structure in space and motion in time.
 */
export function movingBarVideo(frames = 6, height = 24, width = 32): Video {
  const v = createVideo(frames, height, width);
  for (let t = 0; t < frames; t++) {
    const left = 4 + 3 * t;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = ((t * height + y) * width + x) * 3;
        const g = x / (width - 1);
        const rows = 0.08 * Math.sin(y * 0.9);
        const onBar = x >= left && x < left + 4;
        v.data[i] = onBar ? 0.9 : 0.1 + rows;
        v.data[i + 1] = onBar ? 0.6 : 0.2 + 0.6 * g;
        v.data[i + 2] = onBar ? 0.1 : 0.8 - 0.6 * g + rows;
      }
    }
  }
  return v;
}

/**
 * A smooth texture, periodic across the frame's width, scrolling `speed` px
 * right per frame with wrap-around: every frame is a cyclic shift of frame 0,
 * so every frame has the same content and only the order of the frames
 * carries the motion (what frame-shuffle tests of video metrics need).
 */
export function scrollingTextureVideo(frames = 6, height = 24, width = 48, speed = 3): Video {
  const v = createVideo(frames, height, width);
  const tau = 2 * Math.PI;
  for (let t = 0; t < frames; t++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        // Whole periods across the width, so the shift wraps without a seam.
        const u = (((x - speed * t) % width) + width) % width;
        const a = Math.sin(tau * ((2 * u) / width + y / height));
        const b = Math.sin(tau * ((3 * u) / width)) * Math.cos(tau * ((2 * y) / height));
        const c = Math.cos(tau * ((5 * u) / width - (3 * y) / height));
        const i = ((t * height + y) * width + x) * 3;
        v.data[i] = 0.5 + 0.25 * a + 0.15 * c;
        v.data[i + 1] = 0.5 + 0.2 * b + 0.1 * a;
        v.data[i + 2] = 0.45 + 0.2 * c - 0.15 * b;
      }
    }
  }
  return v;
}
