import {
  engine,
  type GradConfig,
  type KernelFunc,
  type NamedAttrMap,
  type Tensor,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import { axialLines } from '../engine/attention/axialCoreReference';
import {
  AXIAL_ATTENTION,
  AXIAL_ATTENTION_GRAD,
  AXIAL_ATTENTION_GRAD_GRAD,
  type AxialAttentionAttrs,
} from '../engine/attention/fusedAxialCore';
import { Workspace } from './wasmWorkspace';

/*
 * The axial attention core fused into three wasm-backend kernels (forward,
 * gradient, gradient of the gradient; docs/algorithms.md, "Fused attention on
 * the CPU"). The inputs are laid out line by line once ([lines, L, C]: the
 * tensor itself for rows, one transpose for columns). A block of lines' scores
 * is one product of batch one per line on the module's GEMM and one call of
 * its softmax; the other products follow line by line, operands and results
 * addressed in place through HeapAliases, with one pass of JavaScript over
 * the line's L×L matrices between them. No H·W·L tensor is formed; scratch is
 * one block of heap per call, outside tfjs's accounting, addressed by float
 * index. Per line, with s = 1/√C and P = softmax(s·Q·Kᵀ):
 *
 *   forward   O = P·V                                            (2 products)
 *   gradient  dP = dO·Vᵀ, dS = P⊙(dP − rowsum(dP⊙P)),
 *             dV = Pᵀ·dO, dQ = s·dS·K, dK = s·dSᵀ·Q              (5, P recomputed)
 *   gradgrad  axialAttentionGradGradReference's formulas, products sharing
 *             an operand stacked side by side (gq = s·[G_S | dS]·[K; ddk])  (7)
 *
 * The GEMM packs its B operand and caches the packing under B's id until the
 * id is released, so every B gets an id of its own for one product.
 */

interface KernelArgs {
  readonly inputs: Record<string, TensorInfo>;
  readonly backend: BackendWasm;
  readonly attrs: NamedAttrMap;
}

interface Geometry {
  readonly axis: 'rows' | 'cols';
  readonly lines: number;
  /** L: positions per line. */
  readonly n: number;
  readonly c: number;
  readonly scale: number;
  readonly shape: number[];
  /** H·W·C. */
  readonly size: number;
}

function geometry(name: string, attrs: NamedAttrMap, ...ts: TensorInfo[]): Geometry {
  const shape = ts[0].shape;
  for (const t of ts) {
    if (t.dtype !== 'float32') throw new TypeError(`${name} on wasm needs float32 tensors (got ${t.dtype}).`);
    if (t.shape.length !== 3 || t.shape.join('×') !== shape.join('×'))
      throw new RangeError(
        `${name}: every input must be [H, W, C] like q (${shape.join('×')}), got ${t.shape.join('×')}`,
      );
  }
  const { axis } = attrs as unknown as AxialAttentionAttrs;
  if (axis !== 'rows' && axis !== 'cols')
    throw new RangeError(`${name}: axis must be rows or cols, got ${String(axis)}`);
  const [height, width, c] = shape;
  const g = axialLines({ height, width, channels: c }, axis);
  return { axis, lines: g.lines, n: g.length, c, scale: 1 / Math.sqrt(c), shape: [...shape], size: height * width * c };
}

/**
 * One kernel call: `inputs` in line layout ([lines, L, C]: the tensors
 * themselves along rows, transposed copies along columns), `outputs` tensors
 * written in line layout by `body` (along columns into scratch, transposed
 * into the outputs at the end). `scratch`: floats `body` allocates.
 */
function lineKernel(
  backend: BackendWasm,
  geo: Geometry,
  inputs: TensorInfo[],
  outputs: number,
  scratch: number,
  body: (ws: Workspace, lines: number[], outs: number[]) => void,
): TensorInfo[] {
  const cols = geo.axis === 'cols';
  const outs = Array.from({ length: outputs }, () => backend.makeOutput(geo.shape, 'float32'));
  const ws = new Workspace(backend, scratch + (cols ? (inputs.length + outputs) * geo.size : 0));
  try {
    const toLines = [1, 0, 2];
    const lines = inputs.map((t) => {
      if (!cols) return ws.at(t);
      const at = ws.alloc(geo.size);
      ws.transpose(ws.at(t), geo.shape, toLines, at);
      return at;
    });
    const lineOuts = outs.map((t) => (cols ? ws.alloc(geo.size) : ws.at(t)));
    body(ws, lines, lineOuts);
    if (cols) lineOuts.forEach((at, i) => ws.transpose(at, [geo.lines, geo.n, geo.c], toLines, ws.at(outs[i])));
    return outs;
  } catch (err) {
    for (const t of outs) backend.disposeData(t.dataId);
    throw err;
  } finally {
    ws.dispose();
  }
}

/** Each line's L×C matrix transposed ([lines, C, L]) into new scratch. */
function transposedLines(ws: Workspace, geo: Geometry, xl: number): number {
  const at = ws.alloc(geo.size);
  ws.transpose(xl, [geo.lines, geo.n, geo.c], [0, 2, 1], at);
  return at;
}

/** `x` (H·W·C floats) times s into new scratch. */
function scaled(ws: Workspace, geo: Geometry, x: number, s: number): number {
  const at = ws.alloc(geo.size);
  const h = ws.heap();
  for (let i = 0; i < geo.size; i++) h[at + i] = s * h[x + i];
  return at;
}

/** Floats of scores a block of lines may take by default (1 MiB): their softmax is one call. */
export const ATTENTION_BLOCK_FLOATS = 1 << 18;

/** Lines whose L×L scores are computed and softmaxed together, within `budget` floats (at least one line). */
function linesPerBlock(geo: Geometry, budget: number): number {
  return Math.max(1, Math.min(geo.lines, Math.floor(budget / (geo.n * geo.n))));
}

/**
 * P of lines [l0, l0 + count): softmax(s·Q·Kᵀ) into `p` (count·n×n), the
 * scores through `s`, with qs = s·Q in line layout and kt = Kᵀ per line;
 * one softmax call for the block.
 */
function attentionOfLines(
  ws: Workspace,
  geo: Geometry,
  l0: number,
  count: number,
  qs: number,
  kt: number,
  s: number,
  p: number,
): void {
  const { n, c } = geo;
  for (let l = l0; l < l0 + count; l++) ws.gemm(qs + l * n * c, n, c, kt + l * c * n, n, s + (l - l0) * n * n);
  ws.softmax(s, p, n, count * n);
}

function forwardKernel({ inputs, backend, attrs }: KernelArgs, budget: number): TensorInfo {
  const { q, k, v } = inputs;
  const geo = geometry(AXIAL_ATTENTION, attrs, q, k, v);
  const { lines, n, c, scale, size } = geo;
  const block = linesPerBlock(geo, budget);
  return lineKernel(backend, geo, [q, k, v], 1, 2 * size + 2 * block * n * n, (ws, [ql, kl, vl], [out]) => {
    const qs = scaled(ws, geo, ql, scale);
    const kt = transposedLines(ws, geo, kl);
    const [s, p] = [ws.alloc(block * n * n), ws.alloc(block * n * n)];
    for (let l0 = 0; l0 < lines; l0 += block) {
      const count = Math.min(block, lines - l0);
      attentionOfLines(ws, geo, l0, count, qs, kt, s, p);
      for (let l = l0; l < l0 + count; l++) ws.gemm(p + (l - l0) * n * n, n, n, vl + l * n * c, c, out + l * n * c);
    }
  })[0];
}

/**
 * One line of the gradient between its products: with P at `p` and dP at
 * `ds` (n×n), writes s·dS = s·P⊙(dP − rowsum(dP⊙P)) over dP, and its
 * transpose and Pᵀ to `dst` and `pt`.
 */
function softmaxBackwardLine(
  h: Float32Array,
  n: number,
  scale: number,
  p: number,
  ds: number,
  dst: number,
  pt: number,
) {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let r = 0;
    for (let j = 0; j < n; j++) r += h[ds + row + j] * h[p + row + j];
    for (let j = 0; j < n; j++) {
      const pij = h[p + row + j];
      const d = scale * pij * (h[ds + row + j] - r);
      h[ds + row + j] = d;
      h[dst + j * n + i] = d;
      h[pt + j * n + i] = pij;
    }
  }
}

/**
 * One line of the gradient's gradient between its products
 * (axialAttentionGradGradReference's formulas). In: P at `p` (n×n), [dP | X]
 * at `w` (n×2n), M/s at `m` (n×n). Out: s·[G_S | dS] at `aq`, its
 * transposed halves s·[G_Sᵀ | dSᵀ] at `ak`, G_dPᵀ at `gdpt`, and [G_dP | P]
 * over `w` (row i of w is read only while row i is written). `row`: n floats
 * of scratch for G_P.
 */
function secondOrderLine(
  h: Float32Array,
  n: number,
  scale: number,
  p: number,
  w: number,
  m: number,
  aq: number,
  ak: number,
  gdpt: number,
  row: number,
) {
  const n2 = 2 * n;
  for (let i = 0; i < n; i++) {
    const pi = p + i * n;
    const wi = w + i * n2;
    const mi = m + i * n;
    let r = 0;
    let mm = 0;
    for (let j = 0; j < n; j++) {
      r += h[wi + j] * h[pi + j];
      mm += h[mi + j] * h[pi + j];
    }
    mm *= scale;
    let t = 0;
    for (let j = 0; j < n; j++) {
      const pij = h[pi + j];
      const dp = h[wi + j];
      const mij = scale * h[mi + j];
      const gp = mij * (dp - r) - mm * dp + h[wi + n + j];
      const ds = scale * pij * (dp - r);
      const gdp = pij * (mij - mm);
      h[row + j] = gp;
      t += gp * pij;
      h[aq + i * n2 + n + j] = ds;
      h[ak + j * n2 + n + i] = ds;
      h[gdpt + j * n + i] = gdp;
      h[wi + j] = gdp;
      h[wi + n + j] = pij;
    }
    for (let j = 0; j < n; j++) {
      const gs = scale * h[pi + j] * (h[row + j] - t);
      h[aq + i * n2 + j] = gs;
      h[ak + j * n2 + i] = gs;
    }
  }
}

function gradKernel({ inputs, backend, attrs }: KernelArgs, budget: number): TensorInfo[] {
  const { q, k, v, dy } = inputs;
  const geo = geometry(AXIAL_ATTENTION_GRAD, attrs, q, k, v, dy);
  const { lines, n, c, scale, size } = geo;
  const block = linesPerBlock(geo, budget);
  const scratch = 3 * size + 2 * block * n * n + 3 * n * n;
  return lineKernel(backend, geo, [q, k, v, dy], 3, scratch, (ws, [ql, kl, vl, dyl], [dq, dk, dv]) => {
    const qs = scaled(ws, geo, ql, scale);
    const [kt, vt] = [kl, vl].map((x) => transposedLines(ws, geo, x));
    // s, ps: a block's scores and P; ds: dP, then s·dS; dst, pt: s·dSᵀ and Pᵀ.
    const [s, ps] = [ws.alloc(block * n * n), ws.alloc(block * n * n)];
    const [ds, dst, pt] = [0, 1, 2].map(() => ws.alloc(n * n));
    for (let l0 = 0; l0 < lines; l0 += block) {
      const count = Math.min(block, lines - l0);
      attentionOfLines(ws, geo, l0, count, qs, kt, s, ps);
      for (let l = l0; l < l0 + count; l++) {
        const line = l * n * c;
        const p = ps + (l - l0) * n * n;
        ws.gemm(dyl + line, n, c, vt + l * c * n, n, ds); // dP = dO·Vᵀ
        softmaxBackwardLine(ws.heap(), n, scale, p, ds, dst, pt);
        ws.gemm(pt, n, n, dyl + line, c, dv + line); // dV = Pᵀ·dO
        ws.gemm(ds, n, n, kl + line, c, dq + line); // dQ = s·dS·K
        ws.gemm(dst, n, n, ql + line, c, dk + line); // dK = s·dSᵀ·Q
      }
    }
  });
}

function gradGradKernel({ inputs, backend, attrs }: KernelArgs, budget: number): TensorInfo[] {
  const { q, k, v, dy, ddq, ddk, ddv } = inputs;
  const geo = geometry(AXIAL_ATTENTION_GRAD_GRAD, attrs, q, k, v, dy, ddq, ddk, ddv);
  const { lines, n, c, scale, size } = geo;
  const n2 = 2 * n;
  const lineC = n * c;
  const block = linesPerBlock(geo, budget);
  const scratch = 5 * size + 2 * block * n * n + 2 * n * n + 3 * n * n2 + n + 4 * n2 * c;
  return lineKernel(
    backend,
    geo,
    [q, k, v, dy, ddq, ddk, ddv],
    4,
    scratch,
    (ws, [ql, kl, vl, dyl, ddql, ddkl, ddvl], [gq, gk, gv, gdy]) => {
      const qs = scaled(ws, geo, ql, scale);
      const [kt, vt, ddkt, ddvt] = [kl, vl, ddkl, ddvl].map((x) => transposedLines(ws, geo, x));
      const [s, ps] = [ws.alloc(block * n * n), ws.alloc(block * n * n)];
      const [m, gdpt] = [ws.alloc(n * n), ws.alloc(n * n)];
      // w: [dP | X], then [G_dP | P]; aq, ak: s·[G_S | dS] and s·[G_Sᵀ | dSᵀ]; row: G_P of one row.
      const [w, aq, ak] = [0, 1, 2].map(() => ws.alloc(n * n2));
      const row = ws.alloc(n);
      // Stacked operands: [ddq | Q] (n×2C), [Kᵀ; ddkᵀ] (2C×n), [Vᵀ | ddvᵀ] (C×2n), and 2n×C pairs [X; Y].
      const [aqk, bkt, bvt, bpair] = [0, 1, 2, 3].map(() => ws.alloc(n2 * c));
      const pair = (x: number, y: number, line: number) => {
        const h = ws.heap();
        h.copyWithin(bpair, x + line, x + line + lineC);
        h.copyWithin(bpair + lineC, y + line, y + line + lineC);
      };
      for (let l = 0; l < lines; l++) {
        const line = l * lineC;
        const l0 = l - (l % block);
        if (l === l0) attentionOfLines(ws, geo, l0, Math.min(block, lines - l0), qs, kt, s, ps);
        const p = ps + (l - l0) * n * n;
        const h = ws.heap();
        for (let ch = 0; ch < c; ch++) {
          h.copyWithin(bvt + ch * n2, vt + line + ch * n, vt + line + (ch + 1) * n);
          h.copyWithin(bvt + ch * n2 + n, ddvt + line + ch * n, ddvt + line + (ch + 1) * n);
        }
        for (let i = 0; i < n; i++) {
          h.copyWithin(aqk + i * 2 * c, ddql + line + i * c, ddql + line + (i + 1) * c);
          h.copyWithin(aqk + i * 2 * c + c, ql + line + i * c, ql + line + (i + 1) * c);
        }
        h.copyWithin(bkt, kt + line, kt + line + lineC);
        h.copyWithin(bkt + lineC, ddkt + line, ddkt + line + lineC);
        ws.gemm(dyl + line, n, c, bvt, n2, w); // [dP | X] = dO·[Vᵀ | ddvᵀ]
        ws.gemm(aqk, n, 2 * c, bkt, n, m); // M/s = [ddq | Q]·[Kᵀ; ddkᵀ]
        secondOrderLine(ws.heap(), n, scale, p, w, m, aq, ak, gdpt, row);
        pair(kl, ddkl, line);
        ws.gemm(aq, n, n2, bpair, c, gq + line); // gq = s·[G_S | dS]·[K; ddk]
        pair(ql, ddql, line);
        ws.gemm(ak, n, n2, bpair, c, gk + line); // gk = s·[G_Sᵀ | dSᵀ]·[Q; ddq]
        ws.gemm(gdpt, n, n, dyl + line, c, gv + line); // gv = G_dPᵀ·dO
        pair(vl, ddvl, line);
        ws.gemm(w, n, n2, bpair, c, gdy + line); // gdy = [G_dP | P]·[V; ddv]
      }
    },
  );
}

/**
 * The three kernels, by kernel name. `blockFloats` bounds the scores held at
 * once (a block of lines; tests shrink it to one line per block).
 */
export function axialAttentionWasmKernels(blockFloats = ATTENTION_BLOCK_FLOATS): Record<string, KernelFunc> {
  const bind =
    <T>(kernel: (args: KernelArgs, budget: number) => T) =>
    (args: KernelArgs) =>
      kernel(args, blockFloats);
  return {
    [AXIAL_ATTENTION]: bind(forwardKernel) as unknown as KernelFunc,
    [AXIAL_ATTENTION_GRAD]: bind(gradKernel) as unknown as KernelFunc,
    [AXIAL_ATTENTION_GRAD_GRAD]: bind(gradGradKernel) as unknown as KernelFunc,
  };
}

/**
 * The forward's gradient is the gradient kernel, and the gradient kernel's is
 * the second one; both save their inputs only (never an output: see
 * docs/algorithms.md, "Second derivatives in tfjs"), so a second backward
 * pass reaches q, k, v (and dy) through tfjs's own links.
 */
export const axialAttentionGradConfigs: readonly GradConfig[] = [
  {
    kernelName: AXIAL_ATTENTION,
    inputsToSave: ['q', 'k', 'v'],
    gradFunc: (dy, saved, attrs) => {
      const [q, k, v] = saved;
      const [dq, dk, dv] = engine().runKernel<Tensor[]>(AXIAL_ATTENTION_GRAD, { q, k, v, dy: dy as Tensor }, attrs);
      return { q: () => dq, k: () => dk, v: () => dv };
    },
  },
  {
    kernelName: AXIAL_ATTENTION_GRAD,
    inputsToSave: ['q', 'k', 'v', 'dy'],
    gradFunc: (dys, saved, attrs) => {
      const [q, k, v, dy] = saved;
      const [ddq, ddk, ddv] = dys as Tensor[];
      const [gq, gk, gv, gdy] = engine().runKernel<Tensor[]>(
        AXIAL_ATTENTION_GRAD_GRAD,
        { q, k, v, dy, ddq, ddk, ddv },
        attrs,
      );
      return { q: () => gq, k: () => gk, v: () => gv, dy: () => gdy };
    },
  },
];
