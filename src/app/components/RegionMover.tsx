import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { Rect } from '../../engine/gpnn/taskImages';
import type { RgbaPixels } from '../../protocol/images';

export interface RegionEdit {
  readonly from: Rect | null;
  readonly to: { readonly y: number; readonly x: number } | null;
}

type Drag = { mode: 'select'; y0: number; x0: number } | { mode: 'move'; dy: number; dx: number };

/** What the keyboard does on the edit picture (its hint in the page says the same). */
export const REGION_KEYS_HINT =
  'Keyboard: Enter selects a region in the middle; arrows move where it goes (Shift: 8 px); Alt+arrows move the selection itself; + and − resize it; Escape clears.';

const ARROWS: Record<string, readonly [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

/**
 * The edit after one key press on the picture, or null for a key it does not
 * use; every result stays inside the image. Painting is the one thing the
 * studio leaves to the pointer, so a region edit works without one.
 */
export function regionEditAfterKey(
  value: RegionEdit,
  key: string,
  mods: { readonly shift?: boolean; readonly alt?: boolean },
  size: { readonly height: number; readonly width: number },
): RegionEdit | null {
  const clamp = (v: number, hi: number) => Math.max(0, Math.min(hi, v));
  const { from } = value;
  if (key === 'Escape') return from ? { from: null, to: null } : null;
  if (key === 'Enter' || key === ' ') {
    if (from) return null;
    const height = Math.max(1, Math.round(size.height / 4));
    const width = Math.max(1, Math.round(size.width / 4));
    return {
      from: { y: Math.round((size.height - height) / 2), x: Math.round((size.width - width) / 2), height, width },
      to: null,
    };
  }
  if (!from) return null;
  if (key === '+' || key === '=' || key === '-' || key === '−') {
    const d = key === '+' || key === '=' ? 2 : -2;
    const height = clamp(from.height + d, size.height - from.y);
    const width = clamp(from.width + d, size.width - from.x);
    if (height < 1 || width < 1) return null;
    const to = value.to && { y: clamp(value.to.y, size.height - height), x: clamp(value.to.x, size.width - width) };
    return { from: { ...from, height, width }, to };
  }
  const step = ARROWS[key];
  if (!step) return null;
  const n = mods.shift ? 8 : 1;
  const [dy, dx] = [step[0] * n, step[1] * n];
  if (mods.alt) {
    return {
      from: {
        ...from,
        y: clamp(from.y + dy, size.height - from.height),
        x: clamp(from.x + dx, size.width - from.width),
      },
      to: value.to,
    };
  }
  const at = value.to ?? { y: from.y, x: from.x };
  return { from, to: { y: clamp(at.y + dy, size.height - from.height), x: clamp(at.x + dx, size.width - from.width) } };
}

/**
 * The editing task's rough edit: drag on the image to select a region, then
 * drag the region to where it should go. Pointer events, so mouse, pen and
 * touch all work. The preview pastes the region at its new place.
 */
export function RegionMover({
  image,
  value,
  onChange,
}: {
  image: RgbaPixels;
  value: RegionEdit;
  onChange: (v: RegionEdit) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [live, setLive] = useState<RegionEdit>(value);
  // The edit from outside replaces the live one: adjusted while rendering, React's pattern for state that follows a prop.
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setLive(value);
  }

  useEffect(() => {
    const c = canvas.current;
    // The region is read back (getImageData) on every drag.
    const ctx = c?.getContext('2d', { willReadFrequently: true });
    if (!c || !ctx) return;
    c.width = image.width;
    c.height = image.height;
    const base = new ImageData(new Uint8ClampedArray(image.rgba), image.width, image.height);
    ctx.putImageData(base, 0, 0);
    const { from, to } = live;
    if (!from) return;
    if (to) {
      const region = ctx.getImageData(from.x, from.y, from.width, from.height);
      ctx.putImageData(region, to.x, to.y);
      ctx.strokeStyle = '#6ea8ff';
      ctx.lineWidth = 1;
      ctx.strokeRect(to.x + 0.5, to.y + 0.5, from.width - 1, from.height - 1);
    }
    ctx.setLineDash([3, 2]);
    ctx.strokeStyle = '#ffffff';
    ctx.strokeRect(from.x + 0.5, from.y + 0.5, from.width - 1, from.height - 1);
  }, [image, live]);

  const toPixel = (e: PointerEvent) => {
    const r = canvas.current!.getBoundingClientRect();
    return {
      y: Math.max(0, Math.min(image.height - 1, Math.floor(((e.clientY - r.top) / r.height) * image.height))),
      x: Math.max(0, Math.min(image.width - 1, Math.floor(((e.clientX - r.left) / r.width) * image.width))),
    };
  };
  const target = live.to ?? (live.from ? { y: live.from.y, x: live.from.x } : null);
  const inside = (p: { y: number; x: number }) =>
    live.from &&
    target &&
    p.y >= target.y &&
    p.y < target.y + live.from.height &&
    p.x >= target.x &&
    p.x < target.x + live.from.width;

  const onDown = (e: PointerEvent) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = toPixel(e);
    if (inside(p) && target) setDrag({ mode: 'move', dy: p.y - target.y, dx: p.x - target.x });
    else {
      setDrag({ mode: 'select', y0: p.y, x0: p.x });
      setLive({ from: { y: p.y, x: p.x, height: 1, width: 1 }, to: null });
    }
  };
  const onMove = (e: PointerEvent) => {
    if (!drag) return;
    const p = toPixel(e);
    if (drag.mode === 'select') {
      const y = Math.min(drag.y0, p.y);
      const x = Math.min(drag.x0, p.x);
      setLive({ from: { y, x, height: Math.abs(p.y - drag.y0) + 1, width: Math.abs(p.x - drag.x0) + 1 }, to: null });
    } else if (live.from) {
      const y = Math.max(0, Math.min(image.height - live.from.height, p.y - drag.dy));
      const x = Math.max(0, Math.min(image.width - live.from.width, p.x - drag.dx));
      setLive({ from: live.from, to: { y, x } });
    }
  };
  const onUp = () => {
    setDrag(null);
    onChange(live);
  };
  const onKey = (e: KeyboardEvent) => {
    const next = regionEditAfterKey(live, e.key, { shift: e.shiftKey, alt: e.altKey }, image);
    if (!next) return;
    e.preventDefault();
    setLive(next);
    onChange(next);
  };
  return (
    <canvas
      ref={canvas}
      className="region-canvas"
      data-testid="region-canvas"
      tabIndex={0}
      role="application"
      aria-label={`Rough edit picture. ${REGION_KEYS_HINT}`}
      onKeyDown={onKey}
      style={{ aspectRatio: `${image.width} / ${image.height}` }}
      onPointerDown={onDown}
      onPointerMove={onMove}
      onPointerUp={onUp}
      onPointerCancel={onUp}
    />
  );
}
