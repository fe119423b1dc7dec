/**
 * A compiled WGSL compute pipeline plus the dispatch bookkeeping every kernel
 * repeats: bind-group creation in binding order and 2-D folding of large
 * dispatches (WebGPU caps each dimension at maxComputeWorkgroupsPerDimension).
 */
export class ComputeKernel {
  readonly pipeline: GPUComputePipeline;

  constructor(
    readonly device: GPUDevice,
    readonly label: string,
    code: string,
    entryPoint = 'main',
  ) {
    const module = device.createShaderModule({ label, code });
    this.pipeline = device.createComputePipeline({ label, layout: 'auto', compute: { module, entryPoint } });
  }

  /** Records one dispatch; `buffers[i]` is bound at @binding(i) of @group(0). */
  encode(encoder: GPUCommandEncoder, buffers: readonly GPUBuffer[], workgroups: number): void {
    const bindGroup = this.device.createBindGroup({
      layout: this.pipeline.getBindGroupLayout(0),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const pass = encoder.beginComputePass({ label: this.label });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, bindGroup);
    const [x, y] = foldWorkgroups(workgroups, this.device.limits.maxComputeWorkgroupsPerDimension);
    pass.dispatchWorkgroups(x, y);
    pass.end();
  }
}

/** Splits a flat workgroup count into (x, y) with x ≤ max; kernels rebuild the flat index from num_workgroups. */
export function foldWorkgroups(count: number, max: number): [number, number] {
  if (count <= max) return [Math.max(1, count), 1];
  const y = Math.ceil(count / max);
  return [Math.ceil(count / y), y];
}

/** Kernels are compiled once per device; device loss makes a new device and so a new cache. */
export function kernelCache<K extends string>(
  factories: Record<K, (device: GPUDevice) => ComputeKernel>,
): (device: GPUDevice, name: K) => ComputeKernel {
  const caches = new WeakMap<GPUDevice, Map<K, ComputeKernel>>();
  return (device, name) => {
    let cache = caches.get(device);
    if (!cache) caches.set(device, (cache = new Map()));
    let kernel = cache.get(name);
    if (!kernel) cache.set(name, (kernel = factories[name](device)));
    return kernel;
  };
}
