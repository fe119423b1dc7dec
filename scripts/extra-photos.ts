/**
 * Photos of kinds the shared photos set lacks (people, night; docs/algorithms.md,
 * "Data"), made from Debian packages the way that set was: each one resized to
 * 250 px wide (the engine's antialiased resize) and saved as JPEG quality 95.
 * They are not committed: the script takes them from the installed package
 * where it is present, else downloads the package with apt-get and unpacks it.
 *
 *   npm run bench:extra-photos [-- --out bench/data/photos-extra]
 *
 * No crowd photo is among them: no Debian package found here ships one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import jpeg from 'jpeg-js';
import { resizeAntialiased } from '../src/engine/image/resample';
import { rgbToRgba } from '../src/engine/image/rgbImage';
import { decodeImageFile } from './lib/imageFiles';

interface ExtraPhoto {
  readonly name: string;
  readonly kind: string;
  readonly pkg: string;
  /** Path inside the package (and on a system where it is installed). */
  readonly path: string;
  readonly author: string;
  readonly licence: string;
}

const SKIMAGE = '/usr/lib/python3/dist-packages/skimage/data';
const LOMIRI = '/usr/share/backgrounds';

const EXTRA_PHOTOS: readonly ExtraPhoto[] = [
  {
    name: 'astronaut',
    kind: 'person, portrait',
    pkg: 'python3-skimage',
    path: `${SKIMAGE}/astronaut.png`,
    author: 'NASA (Eileen Collins)',
    licence: 'public domain',
  },
  {
    name: 'camera',
    kind: 'person outdoors, grey',
    pkg: 'python3-skimage',
    path: `${SKIMAGE}/camera.png`,
    author: 'Lav Varshney',
    licence: 'CC0-1.0',
  },
  {
    name: 'coffee',
    kind: 'object, close-up',
    pkg: 'python3-skimage',
    path: `${SKIMAGE}/coffee.png`,
    author: 'Rachel Michetti',
    licence: 'CC0-1.0',
  },
  {
    name: 'rocket',
    kind: 'machine, smoke, sky',
    pkg: 'python3-skimage',
    path: `${SKIMAGE}/rocket.jpg`,
    author: 'SpaceX',
    licence: 'public domain',
  },
  {
    name: 'hubble',
    kind: 'night sky (deep field)',
    pkg: 'python3-skimage',
    path: `${SKIMAGE}/hubble_deep_field.jpg`,
    author: 'NASA',
    licence: 'public domain',
  },
  {
    name: 'infinitesea',
    kind: 'night, sea and stars',
    pkg: 'lomiri-wallpapers-20.04',
    path: `${LOMIRI}/Infinite-Sea_by_Aury88.jpg`,
    author: 'Aury88',
    licence: 'CC-BY-SA-3.0',
  },
  {
    name: 'kleiber',
    kind: 'bird on a trunk, blurred background',
    pkg: 'lomiri-wallpapers-20.04',
    path: `${LOMIRI}/Kleiber_by_Lukas_Baubkus.jpg`,
    author: 'Lukas Baubkus',
    licence: 'CC-BY-SA-3.0',
  },
];

const WIDTH = 250;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { out: { type: 'string', default: 'bench/data/photos-extra' } },
});

/** Where a package's files are: the system root when it is installed, else a freshly unpacked download. */
function packageRoot(pkg: string, file: string, unpacked: Map<string, string>): string {
  if (existsSync(file)) return '/';
  let root = unpacked.get(pkg);
  if (!root) {
    root = mkdtempSync(join(tmpdir(), `extra-photos-${pkg}-`));
    execFileSync('apt-get', ['download', pkg], { cwd: root, stdio: 'inherit' });
    const deb = readdirSync(root).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${pkg} left no .deb in ${root}`);
    execFileSync('dpkg-deb', ['-x', deb, 'root'], { cwd: root });
    root = join(root, 'root');
    unpacked.set(pkg, root);
  }
  return root;
}

function main(): void {
  mkdirSync(values.out, { recursive: true });
  const unpacked = new Map<string, string>();
  const rows = [
    '| file | size | kind | source (Debian package, path) | author | licence |',
    '|---|---|---|---|---|---|',
  ];
  for (const photo of EXTRA_PHOTOS) {
    const file = join(packageRoot(photo.pkg, photo.path, unpacked), photo.path);
    const img = decodeImageFile(file);
    const height = Math.round((img.height * WIDTH) / img.width);
    const small = resizeAntialiased(img, height, WIDTH);
    const out = jpeg.encode({ data: rgbToRgba(small), width: WIDTH, height }, 95);
    writeFileSync(join(values.out, `${photo.name}.jpg`), out.data);
    rows.push(
      `| ${photo.name}.jpg | ${WIDTH}×${height} | ${photo.kind} | ${photo.pkg}, ${photo.path} | ${photo.author} | ${photo.licence} |`,
    );
    console.log(`${photo.name}.jpg ${WIDTH}×${height} from ${photo.pkg}`);
  }
  writeFileSync(
    join(values.out, 'README.md'),
    `# Extra photos (made by scripts/extra-photos.ts; not committed)\n\n${rows.join('\n')}\n`,
  );
}

main();
