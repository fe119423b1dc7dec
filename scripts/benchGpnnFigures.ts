/**
 * The GPNN paper's application figures, remade (docs/algorithms.md, "Figure
 * sheets"): one sheet per application, input(s) beside our result, with the
 * Gallery's own presets (src/app/galleryEntries.ts) so a sheet shows what a
 * click in the Gallery makes. Runs the engine in Node on tfjs's wasm backend.
 *
 *   npm run bench -- --suite gpnn-figures                       # the shipped examples (committed sheets)
 *   npm run bench -- --suite gpnn-figures --figure-images ../shared/data/places50/5.jpg,../shared/data/places50/12.jpg
 *
 * The two images play the examples' parts: the first the valley's, the second
 * the coast's (its lighthouse, hole and sea stack are where the presets put
 * them: on another photo they land on whatever is there). Sheets made only of
 * the shipped examples are written into the run's folder and committed; any
 * other input's go under samples/, which git ignores.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GALLERY, editRegion, strokeMask, type ExampleId, type GalleryEntry } from '../src/app/galleryEntries';
import { DEFAULT_GPNN, type GpnnParams } from '../src/engine/gpnn/gpnnParams';
import {
  COLLAGE_ALPHA,
  ANALOGY_ALPHA,
  ANALOGY_COARSE_DIM,
  EDIT_ALPHA,
  MASK_KEEP,
  MASK_REMOVE,
  COLLAGE_BLENDS,
  RETARGET_ALPHA,
  type CollageBlend,
  type GpnnTaskSpec,
} from '../src/engine/gpnn/gpnnTask';
import { runGpnnTask } from '../src/engine/gpnn/runGpnnTask';
import { meanAbsChange } from '../src/engine/animation/flicker';
import { resizeAntialiased } from '../src/engine/image/resample';
import { createRgbImage, rgbToRgba, type RgbImage } from '../src/engine/image/rgbImage';
import { layoutCorrelation } from '../src/engine/metrics/layout';
import { prepareSifidReference, sifidToReference } from '../src/engine/metrics/sifid';
import { pyramidDepth } from '../src/engine/pyramid/pyramidShape';
import { writePng } from './cli/imageIo';
import { decodeImageFile } from './lib/imageFiles';
import { outline, row, stack, tint } from './lib/imageGrid';
import { startNodeGpnn, type NodeGpnn } from './lib/nodeGpnn';

const EXAMPLES_DIR = fileURLToPath(new URL('../public/examples/', import.meta.url));

export const GPNN_FIGURES_USAGE = `gpnn-figures: the paper's application figures with the Gallery's presets (scripts/benchGpnnFigures.ts; not in the default set)
  --figure-images A,B   the valley's and the coast's parts (default public/examples/valley.png,coast.png)
  --figure-height H     work at H px high (default 0: each image at its own size)
  --figure-nn exact|patchmatch   the search (default patchmatch)
  --run NAME            the run's folder under --out (default gpnn-figures-<A>-<B>-<H|full>-<nn>)`;

export interface GpnnFiguresOptions {
  /** [the valley's part, the coast's part]. */
  readonly images: readonly [string, string];
  readonly height: number;
  readonly nn: 'exact' | 'patchmatch';
  readonly dir: string;
  /** Sheets go into the run's folder (committed) only when every input is a shipped example. */
  readonly committable: boolean;
}

export function gpnnFiguresOptions(
  values: Readonly<Record<string, string | undefined>>,
  out: string,
): GpnnFiguresOptions {
  const images = (values['figure-images'] ?? `${join(EXAMPLES_DIR, 'valley.png')},${join(EXAMPLES_DIR, 'coast.png')}`)
    .split(',')
    .map((p) => resolve(p));
  if (images.length !== 2) throw new Error('--figure-images takes two images, A,B');
  const height = Number(values['figure-height'] ?? '0');
  if (!Number.isInteger(height) || height < 0)
    throw new Error('--figure-height must be a whole number (0 = full size)');
  const nn = values['figure-nn'] ?? 'patchmatch';
  if (nn !== 'exact' && nn !== 'patchmatch') throw new Error('--figure-nn must be exact or patchmatch');
  const stem = (p: string) => basename(p, extname(p));
  const run = values.run ?? `gpnn-figures-${stem(images[0])}-${stem(images[1])}-${height || 'full'}-${nn}`;
  return {
    images: [images[0], images[1]],
    height,
    nn,
    dir: join(out, run),
    committable: images.every((p) => resolve(p).startsWith(resolve(EXAMPLES_DIR))),
  };
}

/** One run of the engine, as figures.json records it. */
interface FigureRecord {
  readonly sheet: string;
  readonly label: string;
  readonly task: GpnnTaskSpec['kind'];
  readonly size: readonly [number, number];
  readonly ms: number;
  /** To the image whose patches it is made of (the source). */
  readonly sifid: number | null;
  readonly meanAbsDiffToSource: number | null;
  /** Analogies: correlation of the coarse layout with the structure image's and with the content's. */
  readonly layout?: { readonly structure: number; readonly content: number };
}

const GREEN = [0.2, 0.85, 0.35] as const;
const RED = [0.95, 0.2, 0.2] as const;
const WHITE = [1, 1, 1] as const;

export async function runGpnnFigures(
  o: GpnnFiguresOptions,
  log: (line: string) => void,
  engine?: NodeGpnn,
): Promise<{ dir: string; md: string }> {
  const { backend, stem } = engine ?? (await startNodeGpnn());
  const sheetDir = o.committable ? o.dir : join(o.dir, 'samples');
  mkdirSync(sheetDir, { recursive: true });
  const load = (path: string) => {
    const img = decodeImageFile(path);
    return o.height && o.height < img.height
      ? resizeAntialiased(img, o.height, Math.round((img.width * o.height) / img.height))
      : img;
  };
  const pictures: Record<ExampleId, RgbImage> = { valley: load(o.images[0]), coast: load(o.images[1]) };
  const names: Record<ExampleId, string> = { valley: basename(o.images[0]), coast: basename(o.images[1]) };
  const params: GpnnParams = { ...DEFAULT_GPNN, nn: o.nn };
  const records: FigureRecord[] = [];

  const entry = (id: string): GalleryEntry => {
    const e = GALLERY.find((g) => g.id === id);
    if (!e) throw new Error(`no Gallery entry "${id}"`);
    return e;
  };

  /** Runs one task and records it; `structure` for analogies (the layout measure). */
  async function make(
    sheet: string,
    label: string,
    images: { source: ExampleId; structure?: ExampleId; collage?: ExampleId },
    task: GpnnTaskSpec,
    extra: Partial<GpnnParams> = {},
  ): Promise<RgbImage> {
    const source = pictures[images.source];
    const t0 = performance.now();
    const [out] = await runGpnnTask(
      backend,
      {
        source,
        ...(images.structure ? { structure: pictures[images.structure] } : {}),
        ...(images.collage ? { collage: [pictures[images.collage]] } : {}),
      },
      task,
      { ...params, ...extra },
    );
    const ms = Math.round(performance.now() - t0);
    const sameSize = out.height === source.height && out.width === source.width;
    const sifid =
      task.kind === 'collage' ? null : await sifidToReference(stem, await prepareSifidReference(stem, source), out);
    const structure = images.structure ? pictures[images.structure] : null;
    const record: FigureRecord = {
      sheet,
      label,
      task: task.kind,
      size: [out.height, out.width],
      ms,
      sifid,
      meanAbsDiffToSource: sameSize ? meanAbsChange(out, source) : null,
      ...(structure
        ? { layout: { structure: layoutCorrelation(out, structure), content: layoutCorrelation(out, source) } }
        : {}),
    };
    records.push(record);
    log(
      `  ${sheet} · ${label}: ${out.width}×${out.height} in ${(ms / 1000).toFixed(1)} s${sifid === null ? '' : `, SIFID ${sifid.toFixed(3)}`}${record.layout ? `, layout r structure ${record.layout.structure.toFixed(2)} / content ${record.layout.content.toFixed(2)}` : ''}`,
    );
    return out;
  }

  const save = (sheet: string, img: RgbImage) =>
    writePng(join(sheetDir, `${sheet}.png`), img.height, img.width, Buffer.from(rgbToRgba(img)));

  // Retargeting: both images wider and narrower; the second with its keep preset as well.
  log('retarget…');
  const retargetRows: RgbImage[] = [];
  for (const id of ['valley', 'coast'] as const) {
    const src = pictures[id];
    const outs = [];
    for (const f of [1.5, 0.7])
      outs.push(
        await make(
          'retarget',
          `${names[id]} ×${f}`,
          { source: id },
          {
            kind: 'retarget',
            height: src.height,
            width: Math.round(src.width * f),
            alpha: RETARGET_ALPHA,
          },
        ),
      );
    retargetRows.push(row([src, ...outs]));
  }
  const keepEntry = entry('retarget-keep');
  if (keepEntry.settings.task !== 'gpnn-retarget' || !keepEntry.settings.keep) throw new Error('no keep preset');
  {
    const id = keepEntry.images.source;
    const src = pictures[id];
    const mask = strokeMask(keepEntry.settings.keep, src.height, src.width, MASK_KEEP);
    const outs = [];
    for (const f of [1.5, 0.7])
      outs.push(
        await make(
          'retarget',
          `${names[id]} ×${f}, keep painted`,
          { source: id },
          {
            kind: 'retarget',
            height: src.height,
            width: Math.round(src.width * f),
            labels: mask.labels,
            alpha: RETARGET_ALPHA,
          },
        ),
      );
    retargetRows.push(row([tint(src, (p) => mask.labels[p] === MASK_KEEP, GREEN), ...outs]));
  }
  save('retarget', stack(retargetRows));

  // Structural analogies, both ways round, at the Gallery's coarsest side.
  log('analogy…');
  const analogy = entry('analogy');
  const analogyRows: RgbImage[] = [];
  for (const [source, structure] of [
    [analogy.images.source, analogy.images.structure!],
    [analogy.images.structure!, analogy.images.source],
  ] as const) {
    const out = await make(
      'analogy',
      `${names[source]} in ${names[structure]}'s layout`,
      { source, structure },
      { kind: 'analogy', alpha: ANALOGY_ALPHA, coarseDim: ANALOGY_COARSE_DIM },
    );
    analogyRows.push(row([pictures[source], pictures[structure], out]));
  }
  save('analogy', stack(analogyRows));

  // Inpainting the Gallery's hole.
  log('inpaint…');
  const inpaint = entry('inpaint');
  if (inpaint.settings.task !== 'gpnn-inpaint') throw new Error('no inpainting preset');
  {
    const id = inpaint.images.source;
    const src = pictures[id];
    const hole = strokeMask(inpaint.settings.hole, src.height, src.width, MASK_REMOVE);
    const out = await make(
      'inpaint',
      `${names[id]}, hole filled`,
      { source: id },
      {
        kind: 'inpaint',
        labels: hole.labels,
      },
    );
    save('inpaint', row([tint(src, (p) => hole.labels[p] === MASK_REMOVE, RED), out]));
  }

  // The Gallery's edit: a region moved, made coherent from its start scale.
  log('edit…');
  const edit = entry('edit');
  if (edit.settings.task !== 'gpnn-edit') throw new Error('no edit preset');
  {
    const id = edit.images.source;
    const src = pictures[id];
    const { from, to } = editRegion(edit.settings.from, edit.settings.to, src.height, src.width);
    const startLevel = Math.min(edit.settings.startLevel, pyramidDepth(src.height, src.width, params));
    const out = await make(
      'edit',
      `${names[id]}, region moved`,
      { source: id },
      {
        kind: 'edit',
        from,
        to,
        startLevel,
        alpha: EDIT_ALPHA,
      },
    );
    const marked = createRgbImage(src.height, src.width, Float32Array.from(src.data));
    outline(marked, from, WHITE);
    outline(marked, { ...from, ...to }, RED);
    save('edit', row([marked, out]));
  }

  // The Gallery's collage of the two, then the same with the other blend for comparison.
  log('collage…');
  const collage = entry('collage');
  if (collage.settings.task !== 'gpnn-collage') throw new Error('no collage preset');
  {
    const preset = collage.settings.blend;
    const { source, collage1 } = collage.images;
    if (!collage1) throw new Error('the collage preset has no second image');
    const blends: CollageBlend[] = [preset, ...COLLAGE_BLENDS.filter((b) => b !== preset)];
    const outs: RgbImage[] = [];
    for (const blend of blends)
      outs.push(
        await make(
          'collage',
          `${names[source]} + ${names[collage1]}, blend ${blend}`,
          { source, collage: collage1 },
          { kind: 'collage', alpha: COLLAGE_ALPHA, blend },
        ),
      );
    save('collage', stack([row([pictures[source], pictures[collage1]]), ...outs]));
  }

  // Paths relative to the working directory, so a committed record names no machine's folders.
  const options = { ...o, images: o.images.map((p) => relative(process.cwd(), p)) };
  writeFileSync(join(o.dir, 'figures.json'), `${JSON.stringify({ options, records }, null, 2)}\n`);
  const md = figuresTable(o, records, sheetDir);
  writeFileSync(join(o.dir, 'figures.md'), md);
  return { dir: o.dir, md };
}

function figuresTable(o: GpnnFiguresOptions, records: readonly FigureRecord[], sheetDir: string): string {
  const rel = (sheet: string) => (sheetDir === o.dir ? `${sheet}.png` : `samples/${sheet}.png`);
  const lines = [
    `# GPNN application figures: ${o.images.map((p) => basename(p)).join(', ')}`,
    '',
    `${o.height ? `${o.height} px high` : 'Each image at its own size'}, ${o.nn}, the Gallery's presets; engine: tfjs wasm in Node, one thread. SIFID to the image the output is made of; layout r: correlation of the output's coarse gray layout with the structure's and the content's (src/engine/metrics/layout.ts).`,
    '',
    '| sheet | run | size | time s | SIFID | mean \\|Δ\\| to source | layout r structure / content |',
    '|---|---|---|---|---|---|---|',
    ...records.map(
      (r) =>
        `| [${r.sheet}](${rel(r.sheet)}) | ${r.label} | ${r.size[1]}×${r.size[0]} | ${(r.ms / 1000).toFixed(1)} | ${r.sifid === null ? '–' : r.sifid.toFixed(3)} | ${r.meanAbsDiffToSource === null ? '–' : r.meanAbsDiffToSource.toFixed(3)} | ${r.layout ? `${r.layout.structure.toFixed(2)} / ${r.layout.content.toFixed(2)}` : '–'} |`,
    ),
    '',
    'Sheets: retarget (each image, then ×1.5 and ×0.7 width; last row with the keep preset, tinted green), analogy (content, structure, output; both ways), inpaint (hole tinted red, filled), edit (region in white, its new place in red, result), collage (the two, then the collage with the Gallery’s blend, then with the other).',
    '',
  ];
  return lines.join('\n');
}
