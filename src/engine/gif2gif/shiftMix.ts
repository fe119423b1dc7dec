import type { Tf, tfc } from '../singan/tfTypes';

/**
 * Motion as a per-pixel choice among small translations: frame t's base is
 * Σ_k p_k(y, x) · frame_{t−1}(y − dy_k, x − dx_k) over every shift
 * (dy_k, dx_k) with |dy|, |dx| ≤ radius, p = softmax over k of logits the
 * sequencer predicts at each pixel (a dynamic filter, as in video
 * prediction's "Dynamic Filter Networks" and CDNA). A translation is then
 * one logit, reachable by gradient from any start — which G's convolutions,
 * asked to redraw a shifted frame as a residual, did not learn at our
 * budgets (the frames morphed in place). The frame wraps around: what leaves
 * one side enters at the other, so entering content is the frame's own
 * texture. Measured on the waterfall test GIF (32 px, 4 frames, noise-lstm,
 * 200 iterations): samples moved 3.3–3.7 px/frame at 66–92° (source 3.97 at
 * 90°) and kept moving past the training length; with the edge pixels
 * repeated instead, 0.2–3.0 px/frame, and the repeated top row streaked
 * down the frame after the fourth frame.
 */

/** Candidate shifts, row-major from (−r, −r) to (r, r); the identity is the middle one. */
export function shiftOffsets(radius: number): [number, number][] {
  const out: [number, number][] = [];
  // 0 − r, not −r: radius 0 would give the identity as (−0, −0).
  for (let dy = 0 - radius; dy <= radius; dy++) for (let dx = 0 - radius; dx <= radius; dx++) out.push([dy, dx]);
  return out;
}

export const shiftCount = (radius: number): number => (2 * radius + 1) ** 2;

/** The radius a logits map with `count` channels stands for (count = (2r+1)²). */
export function radiusOfShiftCount(count: number): number {
  const side = Math.round(Math.sqrt(count));
  if (side * side !== count || side % 2 !== 1)
    throw new RangeError(`${count} motion logits is not (2r + 1)² for a whole radius r.`);
  return (side - 1) / 2;
}

/**
 * [B, H, W, C] → [B, H + 2r, W + 2r, C], wrapped around (row −1 is row
 * H − 1), for any r, also r > H: copies side by side, then the window.
 * Slices and concats: every backend has their gradients.
 */
export function wrapPad(tf: Tf, x: tfc.Tensor4D, r: number): tfc.Tensor4D {
  if (r === 0) return x;
  const along = (t: tfc.Tensor4D, axis: 1 | 2): tfc.Tensor4D => {
    const n = t.shape[axis];
    const m = Math.ceil(r / n);
    const copies = tf.concat(Array<tfc.Tensor4D>(2 * m + 1).fill(t), axis);
    const begin: [number, number, number, number] = [0, 0, 0, 0];
    const size: [number, number, number, number] = [-1, -1, -1, -1];
    begin[axis] = m * n - r;
    size[axis] = n + 2 * r;
    return tf.slice(copies, begin, size);
  };
  return along(along(x, 1), 2);
}

/**
 * x [B, H, W, C] moved by the per-pixel mixture of shifts that `logits`
 * [B, H, W, (2r+1)²] give (channel k ↔ shiftOffsets(r)[k]). Differentiable in
 * both; returns new tensors, intermediates not freed (call inside tidy/grads).
 */
export function mixShifts(tf: Tf, x: tfc.Tensor4D, logits: tfc.Tensor4D): tfc.Tensor4D {
  const [b, h, w, c] = x.shape;
  if (logits.shape[0] !== b || logits.shape[1] !== h || logits.shape[2] !== w) {
    throw new RangeError(`mixShifts: logits ${logits.shape.join('×')} do not match the frame ${x.shape.join('×')}.`);
  }
  const r = radiusOfShiftCount(logits.shape[3]);
  const K = logits.shape[3];
  const padded = wrapPad(tf, x, r);
  // Content moved by (dy, dx): output (y, x) reads input (y − dy, x − dx), i.e. padded (y − dy + r, x − dx + r).
  const moved = shiftOffsets(r).map(([dy, dx]) =>
    tf.reshape(tf.slice(padded, [0, r - dy, r - dx, 0], [b, h, w, c]), [b, h * w, 1, c]),
  );
  // One [B, HW, K, C] product and one sum, not K weighted slices: the backward of a slice of the weights
  // would pad every one of the K gradients back to all K channels (K² memory per frame).
  const candidates = tf.concat(moved, 2);
  const weights = tf.reshape(tf.softmax(logits, -1), [b, h * w, K, 1]);
  return tf.reshape(tf.sum(tf.mul(candidates, weights), 2), [b, h, w, c]);
}
