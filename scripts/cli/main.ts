/**
 * Headless command line for the studio's engines. It builds the app, opens it
 * in headless Chromium with WebGPU and drives the same engine worker the page
 * uses, so the WGSL that runs here is the WGSL that runs in the studio.
 *
 *   npm run cli -- gpnn sample --input photo.jpg --samples 4 --out out/sample.png --report report.json
 *   npm run cli -- animate gpnn --input photo.jpg --frames 24 --fps 12 --out out/anim.gif
 *   npm run cli -- singan train --input photo.jpg --preset fast --attention head --out out/model.singan --report train.json
 *   npm run cli -- singan sample --model out/model.singan --samples 4 --out out/samples
 *   npm run cli -- singan sr --model out/model.singan --factor 4 --input photo.jpg --reference photo-x4.png --out out/sr.png
 *   npm run cli -- animate singan --model out/model.singan --frames 24 --fps 10 --out out/anim.gif
 *   npm run cli -- gif2gif train --input clip.gif --variant noise-lstm --out out/clip.singan --report train.json
 *   npm run cli -- gif2gif generate --model out/clip.singan --frames 24 --seed 2 --out out/clip-new.gif
 *
 * This file only dispatches on the first word. Each family's commands live in
 * its feature folder (src/features/<family>/cli.ts), found by commands.ts;
 * the shared argument, file and report helpers, animate and replay live here.
 */
import { fail, isUsageError, parseCliArgs, type Flags } from './args';
import { commandTable, loadFeatureClis } from './commands';

/** The usage text, once the commands are loaded: bad usage prints it (a failure to load them has none to print). */
let usage = '';

async function main(argv: string[]): Promise<void> {
  const table = commandTable(await loadFeatureClis());
  usage = table.usage;
  const { values, positionals } = parseCliArgs(argv);
  if (values.help) {
    console.log(usage);
    return;
  }
  const [name, ...args] = positionals;
  const command = name ? table.commands.get(name) : undefined;
  if (!command) fail(name ? `unknown command "${name}"` : 'no command given');
  await command.run(args, values as Flags);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (isUsageError(err)) {
    console.error(`error: ${err.message}\n\n${usage}`);
    process.exit(2);
  }
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
