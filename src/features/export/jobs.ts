import type { RgbaPixels } from '../../protocol/images';
import type { LoopMode } from '../../protocol/jobs';

/** Encodes frames the page holds into a GIF or a zip of PNGs, in the worker. */
export interface ExportAnimationJob {
  readonly kind: 'export-animation';
  readonly format: 'gif' | 'png-zip';
  readonly frames: readonly RgbaPixels[];
  readonly fps: number;
  readonly loop: LoopMode;
  /** File name without extension. */
  readonly name: string;
  /** The animation's recipe (encodeRecipeComment): the GIF's comment; in a PNG zip, each frame's iTXt with its frame index. */
  readonly comment?: string;
}
