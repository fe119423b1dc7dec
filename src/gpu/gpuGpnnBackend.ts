import type { GpnnBackend } from '../engine/gpnn/gpnnBackend';
import { linearResizeSteps, type ResampleStep } from '../engine/image/resample';
import type { GpuBuffers } from './gpuBuffers';
import { downloadImage, uploadImage, type GpuImage } from './gpuImage';
import { encodeResample } from './gpuImageOps';
import { encodePatchFold } from './kernels/patchFold';
import { encodePatchMatch } from './kernels/patchMatch';
import { encodePatchNearest } from './kernels/patchNearest';

/**
 * GPNN on the shared GPU device. Every operation records and submits its
 * dispatches at once and returns a handle to a buffer that will hold the
 * result; nothing waits until `download` or `settle`. Buffers that submitted
 * work may still read are released only at `settle`, after the queue drains.
 */
export function gpuGpnnBackend(buffers: GpuBuffers): GpnnBackend<GpuImage> {
  const device = buffers.device;
  let pendingRelease: GPUBuffer[] = [];
  let errorChecks: Promise<GPUError | null>[] = [];
  // PatchMatch warm start: the previous search's field and the grids it belongs to.
  let lastField: { buffer: GPUBuffer; grids: string } | null = null;

  function submit(record: (encoder: GPUCommandEncoder, transients: GPUBuffer[]) => GpuImage, label: string): GpuImage {
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    const encoder = device.createCommandEncoder({ label });
    const transients: GPUBuffer[] = [];
    const out = record(encoder, transients);
    device.queue.submit([encoder.finish()]);
    errorChecks.push(device.popErrorScope(), device.popErrorScope());
    pendingRelease.push(...transients);
    return out;
  }

  function resample(src: GpuImage, steps: readonly ResampleStep[], label: string): GpuImage {
    return submit((encoder, transients) => encodeResample(buffers, encoder, src, steps, transients), label);
  }

  return {
    kind: 'webgpu',
    exactSearch: 'wgsl-blocked',
    upload: (image) => uploadImage(buffers, image, 'gpnn image'),
    download: (image) => downloadImage(buffers, image),
    shape: (image) => [image.height, image.width],
    resample: (image, steps) => resample(image, steps, 'gpnn pyramid level'),
    resize: (image, h, w) => resample(image, linearResizeSteps(image.height, image.width, h, w), 'gpnn resize'),
    async nearestFold(query, keys, values, options) {
      return submit((encoder, transients) => {
        let nn: GPUBuffer;
        if (options.nn === 'patchmatch') {
          const grids = `${query.height}x${query.width}/${keys.height}x${keys.width}/${options.patchSize}`;
          const warm = options.warmStart && lastField !== null && lastField.grids === grids;
          const found = encodePatchMatch(
            buffers,
            encoder,
            query,
            keys,
            {
              ...options,
              iterations: options.pmRounds,
              initialField: warm ? lastField!.buffer : undefined,
              // A cold start has no field to estimate completeness from; the reverse search gives every key one.
              colMinEstimate: warm ? 'assigned' : 'reverse',
            },
            transients,
          );
          transients.push(found.score);
          if (lastField) transients.push(lastField.buffer);
          lastField = { buffer: found.nn, grids };
          nn = found.nn;
        } else {
          const nearest = encodePatchNearest(buffers, encoder, query, keys, options, transients);
          transients.push(nearest.nn, nearest.score);
          nn = nearest.nn;
        }
        return encodePatchFold(
          buffers,
          encoder,
          values,
          nn,
          query.height,
          query.width,
          { patchSize: options.patchSize, fallback: query, vote: options.vote },
          transients,
        );
      }, 'gpnn nearest + fold');
    },
    release(image) {
      pendingRelease.push(image.buffer);
    },
    async settle() {
      await device.queue.onSubmittedWorkDone();
      const checks = errorChecks;
      errorChecks = [];
      const released = pendingRelease;
      pendingRelease = [];
      for (const b of released) buffers.release(b);
      const error = (await Promise.all(checks)).find((e) => e !== null);
      if (error) throw new Error(`GPU error during GPNN: ${error.message}`);
    },
  };
}
