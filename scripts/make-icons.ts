/**
 * Draws the studio's app icons (public/icons/): a patch grid over a valley
 * gradient, the studio's subject in one glance. Deterministic bytes.
 *   npx tsx scripts/make-icons.ts
 * The maskable variant keeps everything inside the central 80% safe zone.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

type Rgb = readonly [number, number, number];
const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
];
const SKY: Rgb = [46, 94, 170];
const DUSK: Rgb = [240, 170, 110];
const HILL: Rgb = [38, 92, 64];
const GRID: Rgb = [255, 255, 255];

function draw(size: number, safe: number): Buffer {
  const png = new PNG({ width: size, height: size });
  const inset = ((1 - safe) / 2) * size;
  const cells = 4;
  const cell = (size - 2 * inset) / cells;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = x / size;
      const v = y / size;
      // A ridge line: two sines, the valley the studio's example shows.
      const ridge = 0.58 + 0.08 * Math.sin(u * 6.3) + 0.05 * Math.sin(u * 15 + 1);
      let c = v < ridge ? mix(SKY, DUSK, v / ridge) : mix(HILL, [20, 50, 36], (v - ridge) / (1 - ridge));
      // The patch grid, inside the safe zone only.
      const gx = (x - inset) / cell;
      const gy = (y - inset) / cell;
      const inside = gx >= 0 && gy >= 0 && gx <= cells && gy <= cells;
      const line = Math.max(1, size / 96);
      const onLine = Math.min(Math.abs(gx - Math.round(gx)), Math.abs(gy - Math.round(gy))) * cell < line;
      if (inside && onLine) c = mix(c, GRID, 0.85);
      // One highlighted patch: the nearest neighbour the search found.
      if (gx >= 1 && gx < 2 && gy >= 1 && gy < 2) c = mix(c, GRID, 0.35);
      const i = (y * size + x) * 4;
      png.data[i] = Math.round(c[0]);
      png.data[i + 1] = Math.round(c[1]);
      png.data[i + 2] = Math.round(c[2]);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

mkdirSync('public/icons', { recursive: true });
for (const [name, size, safe] of [
  ['icon-192.png', 192, 0.9],
  ['icon-512.png', 512, 0.9],
  ['maskable-512.png', 512, 0.7],
  ['apple-touch-icon.png', 180, 0.9],
] as const) {
  writeFileSync(`public/icons/${name}`, draw(size, safe));
  console.log(`public/icons/${name}`);
}
