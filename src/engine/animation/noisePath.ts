import { gaussianSampler, mulberry32 } from '../random/prng';
import type { LoopMode } from './frameOrder';

/**
 * The coarse noise an animation moves through: per pixel (shared by the
 * channels, as in a GPNN sample), standard normal at every frame.
 *
 * Three random keyframe fields A, B, C (independent, so in many dimensions
 * they are as good as orthonormal directions) span a sphere, and the noise
 * moves on a circle of that sphere that passes through A:
 *   n(φ) = (cos²ρ + sin²ρ·cos φ)·A + cosρ·sinρ·(1 − cos φ)·B − sinρ·sin φ·C.
 * The squared coefficients always sum to 1, so every pixel's variance is 1 at
 * every frame: the noise never fades towards the mean between keyframes (a
 * linear cross-fade would halve it midway) and every frame is as varied as a
 * sample. ρ ∈ (0, π/2] sets how far the path strays from A — at most 2ρ, so
 * ρ = π/2 reaches −A and independent samples on the way, small ρ wobbles
 * around one sample — and with it how much the picture changes per frame.
 *  - loop: φ = 2π·t/N goes once round the circle, so frame N would be frame 0
 *    again and the seam is one ordinary step;
 *  - pingpong: φ = π·t/(N−1) goes to the far side; played forwards then
 *    backwards it covers the same 2π in 2N−2 steps, at the same speed.
 * Frame 0 is exactly A, drawn as a GPNN sample draws its noise, so frame 0 of
 * an animation is the GPNN sample of the same seed.
 */
export interface NoisePath {
  readonly height: number;
  readonly width: number;
  readonly frames: number;
  /** The noise of frame t (height·width values). */
  at(frame: number): Float64Array;
}

/** Share of the full journey (ρ = π/2) the default animation makes: the picture drifts but stays recognisably one sample. */
export const DEFAULT_MOTION = 0.5;

export function noisePath(
  height: number,
  width: number,
  frames: number,
  loop: LoopMode,
  seed: number,
  motion = DEFAULT_MOTION,
): NoisePath {
  if (!(motion > 0 && motion <= 1)) throw new RangeError(`Motion must be in (0, 1] (got ${motion}).`);
  const n = height * width;
  const normal = gaussianSampler(mulberry32(seed));
  // Float64 so that frame 0 adds bit for bit the same noise as noisyStart.
  const a = Float64Array.from({ length: n }, () => normal());
  const b = Float64Array.from({ length: n }, () => normal());
  const c = Float64Array.from({ length: n }, () => normal());
  const rho = (motion * Math.PI) / 2;
  const [cr, sr] = [Math.cos(rho), Math.sin(rho)];
  const span = loop === 'loop' ? (2 * Math.PI) / frames : Math.PI / Math.max(1, frames - 1);
  return {
    height,
    width,
    frames,
    at(frame) {
      const phi = frame * span;
      // Exact at frame 0 (weights 1, 0, 0), so frame 0 is A bit for bit.
      const [wa, wb, wc] =
        frame === 0
          ? [1, 0, 0]
          : [cr * cr + sr * sr * Math.cos(phi), cr * sr * (1 - Math.cos(phi)), -sr * Math.sin(phi)];
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = wa * a[i] + wb * b[i] + wc * c[i];
      return out;
    },
  };
}
