/**
 * What the job registry needs from the protocol, apart from the messages
 * themselves: the backends, the stored models' summaries and the error codes.
 * A leaf (it imports engine types only), so the feature folders can read it
 * while the message protocol imports their job specs.
 */
import type { SinganConfig } from '../engine/singan/singanConfig';
import type { SequenceVariant } from '../engine/gif2gif/sequenceConfig';

/** Where the engine computes: the GPU (WGSL + tfjs-webgpu), the CPU through tfjs-wasm (XNNPACK), or plain JavaScript. */
export type BackendKind = 'webgpu' | 'wasm' | 'cpu';

export interface ModelSummary {
  readonly id: string;
  readonly name: string;
  readonly config: SinganConfig;
  /** Training image size (height, width). */
  readonly imageShape: readonly [number, number];
  readonly scales: number;
  /** Finished scales; fewer than `scales` means training stopped part-way and can resume. */
  readonly scalesDone: number;
  readonly trainingMs: number;
  /** Whether the training image is stored with it (imported files carry none, so they cannot resume training). */
  readonly hasImage: boolean;
  /** GIF → GIF models: the sequencer and the number of frames trained on; absent for a still-image SinGAN. `motion` is absent in summaries stored before motion heads existed (those models have none: 0). */
  readonly sequence?: {
    readonly variant: SequenceVariant;
    readonly frames: number;
    readonly hidden: number;
    readonly chunk: number;
    readonly motion?: number;
  };
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly bytes: number;
}

export type ErrorCode =
  | 'not-an-image'
  | 'corrupt-image'
  | 'image-too-small'
  | 'image-too-large'
  | 'no-image'
  | 'bad-params'
  | 'bad-model'
  | 'no-model'
  | 'device-lost'
  | 'internal';
