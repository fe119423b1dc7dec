/**
 * Draws the studio's built-in example images, a procedural mountain valley
 * and a rocky coast at dusk, so the product ships pictures it owns outright
 * (see public/examples/NOTICE). The coast is the valley's opposite in layout
 * and colour, which the Gallery's analogy and collage need from a second
 * image. Deterministic: the same PNG bytes on every run.
 *   npx tsx scripts/make-example-image.ts
 */
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { mulberry32 } from '../src/engine/random/prng';
import { formatSize } from '../src/engine/image/formatSize';

const W = 256;
const H = 192;

const rand = mulberry32(20261123);
const lattice = Array.from({ length: 256 * 256 }, () => rand());
const smooth = (t: number) => t * t * (3 - 2 * t);
function valueNoise(x: number, y: number): number {
  const xi = Math.floor(x),
    yi = Math.floor(y);
  const fx = smooth(x - xi),
    fy = smooth(y - yi);
  const at = (i: number, j: number) => lattice[((j & 255) << 8) | (i & 255)];
  const a = at(xi, yi),
    b = at(xi + 1, yi),
    c = at(xi, yi + 1),
    d = at(xi + 1, yi + 1);
  return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
}
function fbm(x: number, y: number, octaves: number): number {
  let sum = 0,
    amp = 0.5,
    f = 1;
  for (let o = 0; o < octaves; o++) {
    sum += amp * valueNoise(x * f, y * f);
    f *= 2;
    amp *= 0.5;
  }
  return sum;
}

type RGB = [number, number, number];
const mix = (a: RGB, b: RGB, t: number): RGB => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
];
const img: RGB[] = new Array<RGB>(W * H);

// Sky with drifting clouds.
for (let y = 0; y < H; y++) {
  for (let x = 0; x < W; x++) {
    const sky = mix([0.36, 0.56, 0.86], [0.86, 0.9, 0.95], y / (H * 0.6));
    const cloud = Math.max(0, fbm(x / 48, y / 18, 5) - 0.52) * 2.6;
    img[y * W + x] = mix(sky, [1, 1, 1], Math.min(1, cloud));
  }
}

// Three mountain ridges, paler with distance (aerial perspective), snow on the far one.
const ridges: { base: number; amp: number; scale: number; col: RGB; snow: boolean; seed: number }[] = [
  { base: 0.42, amp: 0.22, scale: 70, col: [0.55, 0.6, 0.72], snow: true, seed: 11 },
  { base: 0.55, amp: 0.16, scale: 46, col: [0.33, 0.42, 0.42], snow: false, seed: 37 },
  { base: 0.66, amp: 0.1, scale: 30, col: [0.22, 0.36, 0.24], snow: false, seed: 71 },
];
for (const r of ridges) {
  for (let x = 0; x < W; x++) {
    const top = H * (r.base - r.amp * fbm(x / r.scale + r.seed, r.seed, 6));
    for (let y = Math.max(0, Math.floor(top)); y < H; y++) {
      const shade = 0.85 + 0.3 * fbm(x / 9 + r.seed, y / 9, 4) - 0.15 * ((y - top) / H);
      let c: RGB = [r.col[0] * shade, r.col[1] * shade, r.col[2] * shade];
      if (r.snow && y - top < 10 + 14 * fbm(x / 12, 3, 3)) c = mix(c, [0.95, 0.96, 0.98], 0.85);
      img[y * W + x] = c;
    }
  }
}

// Meadow with a winding river and scattered trees.
const meadowTop = Math.floor(H * 0.74);
for (let y = meadowTop; y < H; y++) {
  for (let x = 0; x < W; x++) {
    const g = fbm(x / 6, y / 3, 4);
    img[y * W + x] = mix([0.3, 0.5, 0.18], [0.62, 0.7, 0.26], g);
    const riverX = W * 0.5 + 40 * Math.sin(y / 11) + (y - meadowTop) * 0.9;
    const halfWidth = 3 + (y - meadowTop) * 0.35;
    if (Math.abs(x - riverX) < halfWidth)
      img[y * W + x] = mix([0.2, 0.42, 0.66], [0.7, 0.84, 0.95], fbm(x / 3, y, 3) * 0.8);
  }
}
for (let t = 0; t < 34; t++) {
  const cx = rand() * W;
  const cy = meadowTop - 6 + rand() * (H - meadowTop);
  const size = 3 + (cy - meadowTop + 6) * 0.12 + rand() * 3;
  for (let y = Math.floor(cy - size * 2.2); y <= cy; y++) {
    for (let x = Math.floor(cx - size); x <= cx + size; x++) {
      if (x < 0 || y < 0 || x >= W || y >= H) continue;
      const rel = (cy - y) / (size * 2.2);
      if (Math.abs(x - cx) <= size * (1 - rel))
        img[y * W + x] = mix([0.06, 0.2, 0.1], [0.14, 0.32, 0.14], fbm(x / 2, y / 2, 2));
    }
  }
}

function writeExample(pixels: RGB[], name: string): void {
  const png = new PNG({ width: W, height: H, colorType: 2 });
  for (let i = 0; i < W * H; i++) {
    const [r, g, b] = pixels[i];
    png.data[i * 4] = Math.round(Math.min(1, Math.max(0, r)) * 255);
    png.data[i * 4 + 1] = Math.round(Math.min(1, Math.max(0, g)) * 255);
    png.data[i * 4 + 2] = Math.round(Math.min(1, Math.max(0, b)) * 255);
    png.data[i * 4 + 3] = 255;
  }
  writeFileSync(new URL(`../public/examples/${name}`, import.meta.url), PNG.sync.write(png, { colorType: 2 }));
  console.log(`wrote public/examples/${name} (${formatSize(W, H)})`);
}
writeExample(img, 'valley.png');

// The coast draws from its own generator, so adding it left the valley's bytes as they were.
const coastRand = mulberry32(20261206);
const coast: RGB[] = new Array<RGB>(W * H);
const horizon = Math.floor(H * 0.5);
const sun = { x: W * 0.68, y: horizon - 14, r: 11 };

// Dusk sky, violet above to orange at the horizon, with long pink cloud bands and a low sun.
for (let y = 0; y < horizon; y++) {
  for (let x = 0; x < W; x++) {
    const t = y / horizon;
    let c =
      t < 0.6
        ? mix([0.2, 0.16, 0.38], [0.72, 0.38, 0.46], t / 0.6)
        : mix([0.72, 0.38, 0.46], [0.98, 0.66, 0.32], (t - 0.6) / 0.4);
    const glow = Math.exp(-((x - sun.x) ** 2 + (y - sun.y) ** 2) / (2 * 30 * 30));
    c = mix(c, [1, 0.84, 0.5], glow * 0.7);
    if (Math.hypot(x - sun.x, y - sun.y) < sun.r) c = [1, 0.93, 0.72];
    const band = Math.max(0, fbm(x / 60 + 5, y / 5, 5) - 0.5) * 3;
    coast[y * W + x] = mix(c, [0.96, 0.56, 0.6], Math.min(0.85, band));
  }
}

// Sea: darker towards the shore, broken into horizontal wave streaks, with the sun's glitter below it.
for (let y = horizon; y < H; y++) {
  for (let x = 0; x < W; x++) {
    const depth = (y - horizon) / (H - horizon);
    const streak = fbm(x / 40 + 9, y / 1.5, 4);
    let c = mix([0.42, 0.32, 0.5], [0.1, 0.16, 0.32], Math.sqrt(depth));
    c = mix(c, [0.7, 0.52, 0.6], Math.max(0, streak - 0.45) * 1.6);
    const spread = 6 + depth * 26;
    if (Math.abs(x - sun.x) < spread && streak > 0.5)
      c = mix(c, [1, 0.78, 0.45], Math.min(1, (streak - 0.5) * 4) * (1 - Math.abs(x - sun.x) / spread));
    coast[y * W + x] = c;
  }
}

// A dark headland on the left, falling into the sea, with a lighthouse on its top.
const headland = (x: number) => horizon - 58 * Math.max(0, 1 - x / (W * 0.42)) ** 1.4 - 6 * fbm(x / 14 + 3, 7, 4);
for (let x = 0; x < W; x++) {
  const top = headland(x);
  for (let y = Math.max(0, Math.floor(top)); y < H; y++) {
    if (x > W * 0.46 + (y - horizon) * 0.5) continue;
    const rock = fbm(x / 5 + 20, y / 5, 4);
    coast[y * W + x] = mix([0.12, 0.08, 0.14], [0.34, 0.22, 0.24], rock * (1 - (y - top) / H));
  }
}
const towerX = Math.round(W * 0.12);
const towerBase = Math.floor(headland(towerX)) + 2;
for (let y = towerBase - 26; y < towerBase; y++) {
  const half = 2.5 + (y - (towerBase - 26)) * 0.06;
  for (let x = Math.floor(towerX - half); x <= towerX + half; x++)
    coast[y * W + x] = Math.floor((y - towerBase) / 5) % 2 === 0 ? [0.92, 0.9, 0.86] : [0.7, 0.16, 0.16];
}
for (let y = towerBase - 31; y < towerBase - 26; y++)
  for (let x = towerX - 2; x <= towerX + 2; x++) coast[y * W + x] = [1, 0.95, 0.6];

// Sea stacks off the headland, their size shrinking with distance.
for (let k = 0; k < 6; k++) {
  const cx = W * (0.3 + coastRand() * 0.6);
  const base = horizon + 6 + coastRand() * (H * 0.22);
  const size = 2 + (base - horizon) * 0.18 + coastRand() * 3;
  for (let y = Math.floor(base - size * 1.6); y <= base; y++) {
    for (let x = Math.floor(cx - size); x <= cx + size; x++) {
      if (x < 0 || x >= W) continue;
      const rel = (base - y) / (size * 1.6);
      if (Math.abs(x - cx) <= size * Math.sqrt(1 - rel * rel))
        coast[y * W + x] = mix([0.1, 0.07, 0.12], [0.3, 0.2, 0.24], fbm(x / 2, y / 2 + 40, 2));
    }
  }
}

// A sandy beach along the bottom, its edge a wavy line of foam.
for (let x = 0; x < W; x++) {
  const shore = H * 0.8 - 10 * Math.sin(x / 37 + 1) - 6 * fbm(x / 20 + 30, 2, 3);
  for (let y = Math.max(0, Math.floor(shore)); y < H; y++) {
    const sand = fbm(x / 3 + 50, y / 3, 3);
    let c = mix([0.62, 0.44, 0.36], [0.84, 0.64, 0.5], sand);
    if (y - shore < 2.5) c = mix(c, [0.96, 0.88, 0.86], 0.8);
    coast[y * W + x] = c;
  }
}
writeExample(coast, 'coast.png');
