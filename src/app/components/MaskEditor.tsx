import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { commit, redo, startHistory, undo, type History } from '../../engine/painting/history';
import {
  cloneMaskLayers,
  createMaskLayers,
  labelCounts,
  paintSegment,
  type BrushTool,
  type MaskLayers,
  type Point,
} from '../../engine/painting/maskLayers';
import type { RgbaPixels } from '../../protocol/images';

export type MaskToolId = 'keep' | 'remove' | 'hole' | 'colour' | 'erase';

const TOOL_LABEL: Record<MaskToolId, string> = {
  keep: 'Keep',
  remove: 'Remove',
  hole: 'Hole',
  colour: 'Colour',
  erase: 'Erase',
};

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toolFor(id: MaskToolId, colour: string): BrushTool {
  if (id === 'keep') return { kind: 'label', label: 1 };
  if (id === 'remove' || id === 'hole') return { kind: 'label', label: 2 };
  if (id === 'colour') return { kind: 'colour', rgb: hexToRgb(colour) };
  return { kind: 'erase' };
}

/** Draws the mask as a translucent overlay: keep green, remove/hole red, painted colours as painted. */
function renderOverlay(canvas: HTMLCanvasElement, m: MaskLayers, opacity: number): void {
  canvas.width = m.width;
  canvas.height = m.height;
  const img = new ImageData(m.width, m.height);
  const a = Math.round(255 * opacity);
  for (let i = 0; i < m.labels.length; i++) {
    const o = i * 4;
    if (m.colour[o + 3] > 0) img.data.set([m.colour[o], m.colour[o + 1], m.colour[o + 2], Math.min(255, a + 40)], o);
    else if (m.labels[i] === 1) img.data.set([88, 199, 138, a], o);
    else if (m.labels[i] === 2) img.data.set([239, 107, 107, a], o);
  }
  canvas.getContext('2d')?.putImageData(img, 0, 0);
}

/**
 * A mask painter for GPNN's keep/remove regions and inpainting holes. Pointer
 * events make mouse, pen (with pressure) and touch work alike; one stroke is
 * one undo step. The committed mask goes to `onChange`.
 */
export function MaskEditor({
  image,
  value,
  onChange,
  tools,
  testId = 'mask-editor',
}: {
  image: RgbaPixels;
  value: MaskLayers | null;
  onChange: (m: MaskLayers) => void;
  tools: readonly Exclude<MaskToolId, 'erase'>[];
  testId?: string;
}) {
  const blank = useCallback(() => createMaskLayers(image.height, image.width), [image.height, image.width]);
  const [history, setHistory] = useState<History<MaskLayers>>(() => startHistory(value ?? blank()));
  const [tool, setTool] = useState<MaskToolId>(tools[0]);
  const [size, setSize] = useState(8);
  const [opacity, setOpacity] = useState(0.55);
  const [colour, setColour] = useState('#7a9a55');
  const [cursor, setCursor] = useState<{ x: number; y: number; d: number } | null>(null);
  const base = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const stroke = useRef<{ layers: MaskLayers; last: Point; pointer: number } | null>(null);
  const frame = useRef(0);

  // A mask from outside (a new image, or a cleared one) restarts the history: adjusted while rendering, React's
  // pattern for state that follows a prop, rather than in an effect that first paints the stale mask.
  const [seen, setSeen] = useState({ value, height: image.height, width: image.width });
  if (seen.value !== value || seen.height !== image.height || seen.width !== image.width) {
    setSeen({ value, height: image.height, width: image.width });
    if (value !== history.present)
      setHistory(startHistory(value && value.height === image.height && value.width === image.width ? value : blank()));
  }

  useEffect(() => {
    const c = base.current;
    if (!c) return;
    c.width = image.width;
    c.height = image.height;
    c.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(image.rgba), image.width, image.height), 0, 0);
  }, [image]);

  useEffect(() => {
    if (overlay.current) renderOverlay(overlay.current, history.present, opacity);
  }, [history, opacity]);

  const apply = (next: History<MaskLayers>) => {
    setHistory(next);
    if (next.present !== history.present) onChange(next.present);
  };

  const toImage = (e: PointerEvent): Point & { scale: number } => {
    const r = overlay.current!.getBoundingClientRect();
    return {
      x: ((e.clientX - r.left) / r.width) * image.width,
      y: ((e.clientY - r.top) / r.height) * image.height,
      scale: r.width / image.width,
    };
  };
  // Pen pressure scales the brush; a mouse reports 0.5 (or 0 when no button is down).
  const radiusFor = (e: PointerEvent) => (size / 2) * (e.pointerType === 'pen' ? Math.max(0.25, e.pressure || 1) : 1);

  const redraw = () => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(
      () => stroke.current && overlay.current && renderOverlay(overlay.current, stroke.current.layers, opacity),
    );
  };

  const onDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    // Capture keeps the stroke when the pen leaves the canvas; a synthetic or already-released pointer cannot be captured.
    try {
      e.currentTarget.setPointerCapture(e.pointerId);
    } catch {
      /* the stroke still works without capture */
    }
    const p = toImage(e);
    const layers = cloneMaskLayers(history.present);
    paintSegment(layers, p, p, radiusFor(e), toolFor(tool, colour));
    stroke.current = { layers, last: p, pointer: e.pointerId };
    redraw();
  };
  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const p = toImage(e);
    setCursor({
      x: e.clientX - e.currentTarget.getBoundingClientRect().left,
      y: e.clientY - e.currentTarget.getBoundingClientRect().top,
      d: size * p.scale,
    });
    const s = stroke.current;
    if (!s || s.pointer !== e.pointerId) return;
    // Coalesced events keep fast pen strokes smooth instead of dotted.
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [e.nativeEvent];
    const r = overlay.current!.getBoundingClientRect();
    for (const ev of events.length ? events : [e.nativeEvent]) {
      const q = {
        x: ((ev.clientX - r.left) / r.width) * image.width,
        y: ((ev.clientY - r.top) / r.height) * image.height,
      };
      paintSegment(s.layers, s.last, q, radiusFor(e), toolFor(tool, colour));
      s.last = q;
    }
    redraw();
  };
  const onUp = (e: PointerEvent<HTMLCanvasElement>) => {
    const s = stroke.current;
    if (!s || s.pointer !== e.pointerId) return;
    stroke.current = null;
    apply(commit(history, s.layers));
  };
  const onKey = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      apply(e.shiftKey ? redo(history) : undo(history));
    } else if (mod && e.key.toLowerCase() === 'y') {
      e.preventDefault();
      apply(redo(history));
    } else if (e.key === '[') setSize((s) => Math.max(1, s - 2));
    else if (e.key === ']') setSize((s) => Math.min(64, s + 2));
  };
  const counts = labelCounts(history.present);
  const allTools: MaskToolId[] = [...tools, 'erase'];
  return (
    <div
      className="mask-editor"
      tabIndex={0}
      onKeyDown={onKey}
      data-testid={testId}
      role="group"
      aria-label="Mask painter"
      aria-keyshortcuts="Control+Z Control+Shift+Z Control+Y [ ]"
    >
      <div className="mask-tools" role="toolbar" aria-label="Mask tools">
        {allTools.map((t) => (
          <button
            key={t}
            type="button"
            className={tool === t ? 'tool-active' : ''}
            aria-pressed={tool === t}
            data-testid={`mask-tool-${t}`}
            onClick={() => setTool(t)}
          >
            {TOOL_LABEL[t]}
          </button>
        ))}
        {tools.includes('colour') && (
          <input
            type="color"
            value={colour}
            aria-label="Fill colour"
            data-testid="mask-colour"
            onChange={(e) => setColour(e.currentTarget.value)}
          />
        )}
        <button
          type="button"
          onClick={() => apply(undo(history))}
          disabled={history.past.length === 0}
          data-testid="mask-undo"
          title="Undo (Ctrl+Z)"
        >
          Undo
        </button>
        <button
          type="button"
          onClick={() => apply(redo(history))}
          disabled={history.future.length === 0}
          data-testid="mask-redo"
          title="Redo (Ctrl+Shift+Z)"
        >
          Redo
        </button>
        <button type="button" onClick={() => apply(commit(history, blank()))} data-testid="mask-clear">
          Clear
        </button>
      </div>
      <div className="mask-stage" style={{ aspectRatio: `${image.width} / ${image.height}` }}>
        <canvas ref={base} className="mask-layer" />
        <canvas
          ref={overlay}
          className="mask-layer mask-overlay"
          data-testid="mask-canvas"
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          onPointerCancel={onUp}
          onPointerLeave={() => setCursor(null)}
        />
        {cursor && (
          <span className="mask-cursor" style={{ left: cursor.x, top: cursor.y, width: cursor.d, height: cursor.d }} />
        )}
      </div>
      <div className="row mask-sliders">
        <label className="field">
          Brush {size} px
          <input
            type="range"
            min={1}
            max={64}
            value={size}
            data-testid="mask-brush-size"
            onChange={(e) => setSize(Number(e.currentTarget.value))}
          />
        </label>
        <label className="field">
          Overlay {Math.round(opacity * 100)}%
          <input
            type="range"
            min={0}
            max={100}
            value={Math.round(opacity * 100)}
            data-testid="mask-opacity"
            onChange={(e) => setOpacity(Number(e.currentTarget.value) / 100)}
          />
        </label>
      </div>
      <p className="hint" data-testid="mask-stats">
        {tools.includes('keep') ? `keep ${counts.keep.toLocaleString()} px · ` : ''}
        {tools.includes('hole') ? 'hole' : 'remove'} {counts.remove.toLocaleString()} px
        {tools.includes('colour') ? ` · coloured ${counts.painted.toLocaleString()} px` : ''}
      </p>
    </div>
  );
}
