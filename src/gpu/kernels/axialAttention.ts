import code from '../../../shaders/axial_attention.wgsl?raw';
import type * as tfc from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { axialCoreOps, type AttentionAxis, type AxialCore } from '../../engine/attention/axialCore';
import { withAxialCoreGrad } from '../../engine/attention/axialCoreGrad';
import { axialLines } from '../../engine/attention/axialCoreReference';
import { ComputeKernel, kernelCache } from '../computeKernel';
import { GpuBuffers } from '../gpuBuffers';
import { tfDevice } from '../tfBackend';
import { shaderParams } from '../uniformLayout';

type Tf = typeof tfc;

const shader = shaderParams({
  params: {
    count: 'u32', // query positions, H·W
    len: 'u32', // positions per line: W for rows, H for columns
    channels: 'u32', // C ≤ MAX_C
    line_stride: 'u32', // floats between the first elements of consecutive lines
    pos_stride: 'u32', // floats between consecutive positions of a line
    scale: 'f32', // 1/√C
  },
  consts: { WG: ['u32', 64], MAX_C: ['u32', 128] },
});

/** The shader keeps a query and an accumulator of this many channels per invocation. */
export const AXIAL_WGSL_MAX_CHANNELS = shader.consts.MAX_C;

const spec = { code: [code], params: shader, bindings: ['k', 'v', 'qo', 'p'] } as const;
const kernel = kernelCache({
  attention: (d) => new ComputeKernel(d, { ...spec, label: 'axial_attention' }),
  attention4: (d) => new ComputeKernel(d, { ...spec, label: 'axial_attention vec4', entryPoint: 'main_vec4' }),
});

function checkInputs(q: tfc.Tensor3D, k: tfc.Tensor3D, v: tfc.Tensor3D): void {
  const shape = q.shape.join('×');
  for (const [name, t] of [
    ['q', q],
    ['k', k],
    ['v', v],
  ] as const) {
    if (t.rank !== 3 || t.shape.join('×') !== shape)
      throw new RangeError(`axial attention: ${name} is ${t.shape.join('×')}, q is ${shape}`);
    if (t.dtype !== 'float32') throw new TypeError(`axial attention: ${name} is ${t.dtype}, expected float32`);
  }
}

/**
 * A GPU buffer holding a copy of the tensor, owned by the returned tensorRef
 * (disposing it gives the buffer back to tfjs's pool). Tensors made from CPU
 * values (tf.tensor) have no GPU buffer until an op uploads them, and
 * dataToGPU refuses those, so upload first (a no-op for GPU tensors).
 */
function gpuCopy(backend: WebGPUBackend, t: tfc.Tensor): tfc.GPUData & { buffer: GPUBuffer } {
  backend.uploadToGPU(t.dataId);
  const data = t.dataToGPU();
  if (!data.buffer) throw new Error('tfjs did not hand out a GPU buffer');
  return data as tfc.GPUData & { buffer: GPUBuffer };
}

/**
 * The forward core as one WGSL dispatch on tfjs's device (not differentiable
 * by tfjs: use axialCoreWgsl for gradients). tfjs must run on WebGPU.
 *
 * Ownership: dataToGPU gives each input a private copy that tfjs owns. The
 * kernel overwrites the copy of q with the output in place and that copy's
 * tensor is returned, so the output lives in a tfjs-owned buffer and goes
 * back to tfjs's pool when the caller disposes it. A zero-copy
 * tensorFromBuffer would mark the buffer external, which tfjs never frees:
 * every call of a training step would leak one.
 */
export function axialAttentionWgsl(
  tf: Tf,
  q: tfc.Tensor3D,
  k: tfc.Tensor3D,
  v: tfc.Tensor3D,
  axis: AttentionAxis,
): tfc.Tensor3D {
  const device = tfDevice();
  if (!device) throw new Error(`axial attention on WGSL needs tfjs's WebGPU backend (active: ${tf.getBackend()})`);
  checkInputs(q, k, v);
  const [height, width, channels] = q.shape;
  if (channels > AXIAL_WGSL_MAX_CHANNELS)
    throw new RangeError(`axial attention on WGSL takes at most ${AXIAL_WGSL_MAX_CHANNELS} channels, got ${channels}`);
  const lines = axialLines({ height, width, channels }, axis);
  const backend = tf.backend() as WebGPUBackend;
  // dataToGPU submits tfjs's pending commands, so the inputs are final before our dispatch is queued.
  const [qo, kc, vc] = [q, k, v].map((t) => gpuCopy(backend, t));

  const buffers = new GpuBuffers(device);
  const params = shader.pack({
    count: height * width,
    len: lines.length,
    channels,
    line_stride: lines.lineStride,
    pos_stride: lines.posStride,
    scale: 1 / Math.sqrt(channels),
  });
  const uniform = buffers.uniform(params, 'axial attention params');
  const encoder = device.createCommandEncoder();
  kernel(device, channels % 4 === 0 ? 'attention4' : 'attention').encode(
    encoder,
    { k: kc.buffer, v: vc.buffer, qo: qo.buffer, p: uniform },
    Math.ceil((height * width) / shader.consts.WG),
  );
  device.queue.submit([encoder.finish()]);
  // Safe right after submit: WebGPU keeps destroyed buffers alive for queued work,
  // and tfjs reuses the k, v copies only in commands it submits later.
  buffers.release(uniform);
  kc.tensorRef.dispose();
  vc.tensorRef.dispose();
  // dataToGPU's tensor takes the shape its data was made with, not q's view of it: a q made by
  // reshaping a matMul result comes back [H·W, C]. The reshape shares the buffer, no copy.
  const out = tf.reshape<tfc.Rank.R3>(qo.tensorRef, [height, width, channels]);
  qo.tensorRef.dispose();
  return out;
}

/**
 * The axial core for training and sampling on WebGPU: the WGSL kernel forward,
 * the explicit tfjs-op backward of axialCoreGrad.ts (differentiable again).
 * Wider inputs than the shader takes fall back to the tfjs-op forward.
 */
export function axialCoreWgsl(tf: Tf): AxialCore {
  const ops = axialCoreOps(tf);
  return withAxialCoreGrad(tf, (q, k, v, axis) =>
    q.shape[2] <= AXIAL_WGSL_MAX_CHANNELS ? axialAttentionWgsl(tf, q, k, v, axis) : ops(q, k, v, axis),
  );
}

/**
 * The core to use on whatever backend is active at each call: WGSL on WebGPU,
 * tfjs ops elsewhere. Both get the explicit backward, also on the CPU: tfjs's
 * own autodiff of axialCoreOps drops the second-order term through softmax's
 * saved output (see axialCoreGrad.test.ts), which would corrupt WGAN-GP.
 */
export function axialCoreFor(tf: Tf): AxialCore {
  const gpu = axialCoreWgsl(tf);
  const cpu = withAxialCoreGrad(tf, axialCoreOps(tf));
  return (q, k, v, axis) => (tfDevice() ? gpu : cpu)(q, k, v, axis);
}
