/**
 * Buffer allocation with live/peak accounting. Benchmarks and the CLI report
 * the largest GPU buffer total, so every engine allocation goes through here.
 */
export class GpuBuffers {
  private live = 0;
  private peak = 0;
  private readonly sizes = new WeakMap<GPUBuffer, number>();

  constructor(readonly device: GPUDevice) {}

  get liveBytes(): number {
    return this.live;
  }

  get peakBytes(): number {
    return this.peak;
  }

  resetPeak(): void {
    this.peak = this.live;
  }

  create(size: number, usage: GPUBufferUsageFlags, label?: string): GPUBuffer {
    // WebGPU rejects zero-sized bindings and needs 4-byte multiples.
    const bytes = Math.max(16, Math.ceil(size / 4) * 4);
    const buffer = this.device.createBuffer({ size: bytes, usage, label });
    this.sizes.set(buffer, bytes);
    this.live += bytes;
    this.peak = Math.max(this.peak, this.live);
    return buffer;
  }

  storage(floats: number, label?: string, extraUsage: GPUBufferUsageFlags = 0): GPUBuffer {
    return this.create(
      floats * 4,
      GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | extraUsage,
      label,
    );
  }

  upload(data: Float32Array | Uint32Array | Int32Array, label?: string): GPUBuffer {
    const buffer = this.storage(data.length, label);
    this.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    return buffer;
  }

  uniform(data: ArrayBuffer, label?: string): GPUBuffer {
    const buffer = this.create(data.byteLength, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, label);
    this.device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  }

  release(buffer: GPUBuffer): void {
    const bytes = this.sizes.get(buffer);
    if (bytes === undefined) return;
    this.sizes.delete(buffer);
    this.live -= bytes;
    buffer.destroy();
  }

  /** Copies `bytes` from a storage buffer back to the CPU; awaiting it also waits for the queued work. */
  async read(buffer: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
    const staging = this.create(bytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, 'readback');
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(buffer, 0, staging, 0, Math.ceil(bytes / 4) * 4);
    this.device.queue.submit([encoder.finish()]);
    try {
      await staging.mapAsync(GPUMapMode.READ);
      return staging.getMappedRange(0, Math.ceil(bytes / 4) * 4).slice(0, bytes);
    } finally {
      this.release(staging);
    }
  }

  async readFloats(buffer: GPUBuffer, count: number): Promise<Float32Array> {
    return new Float32Array(await this.read(buffer, count * 4));
  }
}
