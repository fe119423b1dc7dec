/** `singan train`: trains in the worker (per-scale lines on stderr as each scale finishes), then exports the stored model to --out. */
import { basename, extname, resolve } from 'node:path';
import { workingSize } from '../../engine/image/imageLimits';
import { validateSinganConfig } from '../../engine/singan/singanConfig';
import type { JobSpec } from '../index';
import { startHeadlessStudio } from '../../../scripts/lib/headlessStudio';
import {
  ANIMATE_ONLY,
  GIF2GIF_ONLY,
  GPNN_ONLY,
  SINGAN_USE_ONLY,
  backendOption,
  fail,
  refuse,
  type Flags,
} from '../../../scripts/cli/args';
import { singanTrainConfig, singanWorkingSide } from '../../../scripts/cli/singanTrainConfig';
import { readImage } from '../../../scripts/cli/imageIo';
import { log, mib, writeReport } from '../../../scripts/cli/report';
import { runTrainingJob } from '../../../scripts/cli/trainingRun';
import { formatSize } from '../../engine/image/formatSize';

export async function singanTrain(values: Flags): Promise<void> {
  refuse(
    values,
    [...GPNN_ONLY, ...SINGAN_USE_ONLY, ...ANIMATE_ONLY, ...GIF2GIF_ONLY, 'samples', 'json'],
    'singan train',
  );
  if (!values.input) fail('--input is required');
  const { preset, config } = singanTrainConfig(values);
  const backend = backendOption(values.backend);
  const file = readImage(values.input);
  // The engine's own check, on the size the worker will make of the image, so a bad setting fails before the browser starts.
  const problem = validateSinganConfig(config, workingSize(file.height, file.width, singanWorkingSide(config)));
  if (problem) fail(problem);
  const out = values.out ?? 'out/model.singan';

  const studio = await startHeadlessStudio({ backend, log });
  try {
    const loaded = await studio.load('source', file.bytes, basename(values.input), singanWorkingSide(config));
    const stem = basename(values.input, extname(values.input));
    const attention =
      config.attention === 'none' ? 'plain' : `attention ${config.attention}${config.feedForward ? ' + FF' : ''}`;
    const job: JobSpec = {
      kind: 'singan-train',
      config,
      modelId: `cli-${Date.now().toString(36)}`,
      name: `${stem} · ${preset} · ${attention}`,
      sifid: true,
    };
    log(
      `training SinGAN (${preset}, ${attention}) on ${formatSize(loaded.working.width, loaded.working.height)}: ${config.iterations} iterations per scale…`,
    );
    const {
      result,
      modelBytes,
      perScale,
      finalSifid: sifid,
    } = await runTrainingJob(studio, job, loaded, out, {
      iterations: config.iterations,
      sifidLine: {
        after: 'sifid-rec-fake',
        line: (m) =>
          `    SIFID real–fake ${m.sifid?.toFixed(4)} · real–rec ${m['sifid-rec']?.toFixed(4)} · rec–fake ${m['sifid-rec-fake']?.toFixed(4)}`,
      },
      finalMetrics: { sifid: 'sifid', sifidRec: 'sifid-rec', sifidRecFake: 'sifid-rec-fake' },
    });
    console.log(`${resolve(out)}  ${modelBytes} bytes  ${perScale.length} scales`);
    console.log(
      `elapsed ${(result.elapsedMs / 1000).toFixed(1)} s · SIFID ${sifid.sifid?.toFixed(4) ?? 'n/a'} (rec ${sifid.sifidRec?.toFixed(4) ?? 'n/a'}, rec–fake ${sifid.sifidRecFake?.toFixed(4) ?? 'n/a'}) · ` +
        `peak GPU buffers ${mib(result.stats.gpuPeakBytes)}, tfjs ${mib(result.stats.tfPeakBytes)}`,
    );
    if (values.report) {
      const report = {
        command: 'singan train',
        preset,
        config,
        backend: result.backend,
        input: { path: resolve(values.input), original: loaded.original, working: loaded.working },
        model: { path: resolve(out), bytes: modelBytes, name: job.name },
        perScale,
        finalSifid: sifid,
        elapsedMs: result.elapsedMs,
        gpuPeakBytes: result.stats.gpuPeakBytes,
        tfPeakBytes: result.stats.tfPeakBytes,
      };
      writeReport(values.report, report);
    }
  } finally {
    await studio.close();
  }
}
