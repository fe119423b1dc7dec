/** GIF → GIF's commands: `gif2gif train|generate` (cliGif2gif.ts), and `generate --engine patches` (VGPNN, cliPatches.ts). */
import { fail } from '../../../scripts/cli/args';
import type { CliCommand, FeatureCli } from '../../../scripts/cli/command';
import { gif2gifGenerate, gif2gifTrain } from './cliGif2gif';
import { gif2gifPatches } from './cliPatches';
import { DEFAULT_VGPNN_SETTINGS as PATCHES, VGPNN_MAX_SIDE, VGPNN_SCALE } from '../vgpnn';

const GIF2GIF_TASKS = ['train', 'generate'] as const;
type Gif2gifCliTask = (typeof GIF2GIF_TASKS)[number];

const gif2gifCommand: CliCommand = {
  name: 'gif2gif',
  tasks: GIF2GIF_TASKS,
  usage: [
    '  npm run cli -- gif2gif train --input GIF [--variant batch|noise-lstm|one-to-many] [--frames N] [SinGAN training options] --out model.singan',
    '  npm run cli -- gif2gif generate --model model.singan [--input GIF] [--frames N] [--seed S] [--start-scale S] [--reverse] [--fps F] [--loop loop|pingpong] --out anim.gif',
    '  npm run cli -- gif2gif generate --engine patches --input GIF [--seed S] [--frames N] [--height-factor F] [--width-factor F] [--max-size N] [--sigma S] [--voting median|mean] [--alpha A] [--fps F] [--loop loop|pingpong|seamless] --out anim.gif',
    '  npm run cli -- gif2gif generate --engine patches --input GIF --mask hole.png [--seed S] [--max-size N] [--sigma S] [--voting median|mean] [--fps F] [--loop loop|pingpong] --out filled.gif',
  ],
  help: [
    'GIF → GIF (gif2gif train, gif2gif generate)',
    "  --input GIF            train: an animated GIF (or animated WebP/APNG), 2–32 frames; worked on as singan train's images",
    '  --variant V            how time comes in: batch (independent noise per frame), noise-lstm (a ConvLSTM over the',
    '                         noise, default) or one-to-many (every frame unrolled from the one before)',
    '  --hidden N             ConvLSTM hidden channels (default 8); --chunk N frames per chunk of truncated BPTT (default 2)',
    "  --motion R             noise-lstm, one-to-many: largest motion per frame the coarsest scale's motion head moves",
    '                         content by, in pixels at that scale, 0–6 (default 3; 0: no motion head)',
    '  --frames N             train: the first N frames of a GIF only (default all, up to 32);',
    '                         generate: frames to make, 2–240 (default: as many as the model was trained on)',
    "  (train also takes singan train's --preset, --attention, --ff, --max-size, --min-size, --iterations, --channels,",
    '   --steps, --seed, --out, --report; its report adds the sequence settings and the frames used)',
    '  --model FILE           generate: a GIF → GIF .singan model (from gif2gif train, or exported from the studio)',
    '  --input GIF            generate (optional): the training GIF, for the source motion angle, the agreement and the',
    '                         temporal and per-frame SIFIDs (a model file carries no training frames; measured in Node)',
    "  --seed S               generate: the sequence's seed (default 1); --reverse plays the same sequence backwards",
    '  --fps F, --loop loop|pingpong   as animate (default 12 fps, loop)',
    '  --out FILE             required; train: the model file; generate: the animated GIF, or a zip of PNG frames for FILE.zip',
    '  --report FILE          generate: JSON report: frames, flicker, motion angles and agreement, temporal and per-frame SIFID',
    '  --engine E             generate: convlstm (default: a trained --model) or patches (VGPNN: new animations from the',
    "                         --input GIF's own space-time patches, seconds, no training and no model)",
    `  patches: --frames N (default: the source's; ${VGPNN_SCALE.min}–${VGPNN_SCALE.max}× it), --height-factor/--width-factor F (${VGPNN_SCALE.min}–${VGPNN_SCALE.max}, default ${PATCHES.height}),`,
    `           --max-size N (the GIF's frames shrunk to this longer side first, ${VGPNN_MAX_SIDE.min}–${VGPNN_MAX_SIDE.max}, default ${PATCHES.maxSide}; exact search up to about half a minute a sample, PatchMatch above), --sigma S (coarsest noise,`,
    `           default ${PATCHES.sigma}), --voting median|mean (default ${PATCHES.voting}), --alpha A (completeness; default off), --seed, --fps`,
    `           (default ${PATCHES.fps}), --loop, --out, --report (the job, shapes, flicker and motion against the source)`,
    '  --mask PNG             patches: fill a hole on every frame instead (inpainting): red (or any colour, the rough fill) marks',
    "                         the hole, the same region on every frame, read at the GIF's frame size; --sigma is the noise in",
    '                         the hole (0: one fill whatever the seed); --frames, the factors, --alpha and seamless do not apply',
  ],
  run([task, extra], flags) {
    if (!GIF2GIF_TASKS.includes(task as Gif2gifCliTask))
      fail(`gif2gif needs a task: ${GIF2GIF_TASKS.join(', ')}${task ? ` (got "${task}")` : ''}`);
    if (extra !== undefined) fail(`unexpected argument "${extra}"`);
    if (task === 'train') return gif2gifTrain(flags);
    const engine = flags.engine ?? 'convlstm';
    if (engine !== 'convlstm' && engine !== 'patches')
      fail(`--engine must be convlstm (a trained model) or patches (no training), got "${engine}"`);
    return engine === 'patches' ? gif2gifPatches(flags) : gif2gifGenerate({ ...flags, engine: undefined });
  },
};

export const cli: FeatureCli = { commands: [gif2gifCommand] };
