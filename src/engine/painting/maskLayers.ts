/**
 * What the user paints over an image: a label per pixel (0 none, 1 keep,
 * 2 remove / hole, as GPNN's tasks read them) and an optional rough colour
 * per pixel (RGBA; alpha 0 = unpainted) for conditional inpainting.
 */
export interface MaskLayers {
  readonly height: number;
  readonly width: number;
  readonly labels: Uint8Array;
  readonly colour: Uint8ClampedArray;
}

export type BrushTool =
  | { readonly kind: 'label'; readonly label: 1 | 2 }
  | { readonly kind: 'erase' }
  /** A painted colour also marks the pixel as hole (2): the colour is a suggestion for what fills it. */
  | { readonly kind: 'colour'; readonly rgb: readonly [number, number, number] };

export interface Point {
  readonly x: number;
  readonly y: number;
}

export function createMaskLayers(height: number, width: number): MaskLayers {
  return { height, width, labels: new Uint8Array(height * width), colour: new Uint8ClampedArray(height * width * 4) };
}

export function cloneMaskLayers(m: MaskLayers): MaskLayers {
  return { height: m.height, width: m.width, labels: m.labels.slice(), colour: m.colour.slice() };
}

/**
 * Paints a round-capped segment (a disc swept from `a` to `b`, coordinates in
 * image pixels) into `m`, in place. A pixel is covered when its centre lies
 * within `radius` of the segment. Returns the number of pixels touched.
 */
export function paintSegment(m: MaskLayers, a: Point, b: Point, radius: number, tool: BrushTool): number {
  const r = Math.max(0.5, radius);
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - r));
  const x1 = Math.min(m.width - 1, Math.ceil(Math.max(a.x, b.x) + r));
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - r));
  const y1 = Math.min(m.height - 1, Math.ceil(Math.max(a.y, b.y) + r));
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  let touched = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      // Distance from the pixel centre to the closest point of the segment.
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / len2));
      const ex = px - (a.x + t * dx);
      const ey = py - (a.y + t * dy);
      if (ex * ex + ey * ey > r * r) continue;
      const i = y * m.width + x;
      if (tool.kind === 'erase') {
        m.labels[i] = 0;
        m.colour.fill(0, i * 4, i * 4 + 4);
      } else if (tool.kind === 'label') {
        m.labels[i] = tool.label;
        if (tool.label !== 2) m.colour.fill(0, i * 4, i * 4 + 4);
      } else {
        m.labels[i] = 2;
        m.colour.set([tool.rgb[0], tool.rgb[1], tool.rgb[2], 255], i * 4);
      }
      touched++;
    }
  }
  return touched;
}

export function labelCounts(m: MaskLayers): { keep: number; remove: number; painted: number } {
  let keep = 0;
  let remove = 0;
  let painted = 0;
  for (let i = 0; i < m.labels.length; i++) {
    if (m.labels[i] === 1) keep++;
    else if (m.labels[i] === 2) remove++;
    if (m.colour[i * 4 + 3] > 0) painted++;
  }
  return { keep, remove, painted };
}

export function isBlank(m: MaskLayers): boolean {
  return m.labels.every((v) => v === 0);
}
