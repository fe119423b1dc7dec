import { useEffect, useRef, type CSSProperties } from 'react';
import type { ImageSlot } from '../../protocol/images';
import {
  closeGallery,
  EXAMPLES,
  exampleUrl,
  GALLERY,
  openGallery,
  runGalleryEntry,
  useGallery,
  type FracRect,
  type FracStroke,
  type GalleryEntry,
} from '../gallery';
import { activeRun, useStudio } from '../store';

const SLOT_CAPTIONS: Record<ImageSlot, string> = {
  source: 'source',
  structure: 'structure',
  collage1: 'second image',
  collage2: 'third image',
  collage3: 'fourth image',
};

const box = (r: FracRect): CSSProperties => ({
  top: `${r.y * 100}%`,
  left: `${r.x * 100}%`,
  height: `${r.height * 100}%`,
  width: `${r.width * 100}%`,
});

/** A stroke's bounding box as fractions of the picture (its radius is a fraction of the height). */
function strokeBox({ from, to, radius }: FracStroke, height: number, width: number): FracRect {
  const rx = (radius * height) / width;
  return {
    y: Math.min(from.y, to.y) - radius,
    x: Math.min(from.x, to.x) - rx,
    height: Math.abs(to.y - from.y) + 2 * radius,
    width: Math.abs(to.x - from.x) + 2 * rx,
  };
}

/** What the preset marks on the source thumbnail: the hole, the region and where it goes, or the new size's frame. */
function Marks({ entry }: { entry: GalleryEntry }) {
  const set = entry.settings;
  const { height, width } = EXAMPLES[entry.images.source];
  switch (set.task) {
    case 'gpnn-inpaint':
      return <span className="examples-mark examples-hole" style={box(strokeBox(set.hole, height, width))} />;
    case 'gpnn-edit':
      return (
        <>
          <span className="examples-mark examples-from" style={box(set.from)} />
          <span className="examples-mark examples-to" style={box({ ...set.from, ...set.to })} />
        </>
      );
    case 'gpnn-retarget':
      return (
        <>
          <span
            className="examples-mark examples-frame"
            style={box({ y: 0, x: (1 - set.widthFactor) / 2, height: set.heightFactor, width: set.widthFactor })}
          />
          {set.keep && <span className="examples-mark examples-keep" style={box(strokeBox(set.keep, height, width))} />}
        </>
      );
    default:
      return null;
  }
}

function caption(entry: GalleryEntry, slot: ImageSlot): string {
  const set = entry.settings;
  if (slot !== 'source') return SLOT_CAPTIONS[slot];
  if (set.task === 'gpnn-retarget') return `source → ${set.widthFactor}× width${set.keep ? ', keep painted' : ''}`;
  if (set.task === 'gpnn-inpaint') return 'source, hole painted';
  if (set.task === 'gpnn-edit') return 'source, region → new place';
  if (set.task === 'gpnn-animate') return `source → ${set.frames} frames`;
  return 'source';
}

function GalleryCard({ entry, disabled }: { entry: GalleryEntry; disabled: boolean }) {
  const slots = Object.entries(entry.images) as [ImageSlot, keyof typeof EXAMPLES][];
  return (
    <li className="examples-card" data-testid={`gallery-card-${entry.id}`}>
      <h3>{entry.title}</h3>
      <div className="examples-thumbs">
        {slots.map(([slot, id]) => (
          <figure key={slot} className="examples-thumb">
            <span className="examples-picture">
              <img
                src={exampleUrl(id)}
                alt={EXAMPLES[id].alt}
                width={EXAMPLES[id].width}
                height={EXAMPLES[id].height}
              />
              {slot === 'source' && <Marks entry={entry} />}
            </span>
            <figcaption>{caption(entry, slot)}</figcaption>
          </figure>
        ))}
      </div>
      <p>{entry.does}</p>
      <p className="hint">{entry.takes}</p>
      <button
        type="button"
        className="primary"
        disabled={disabled}
        data-testid={`gallery-${entry.id}`}
        onClick={() => void runGalleryEntry(entry)}
      >
        Try {entry.title.toLowerCase()}
      </button>
    </li>
  );
}

/** The gallery's button for the first screen, beside its Try-it. */
export function GalleryButton() {
  return (
    <button type="button" className="examples-open" data-testid="open-gallery" onClick={openGallery}>
      Gallery: every task on the examples
    </button>
  );
}

/**
 * The header's Gallery button and the gallery itself, a modal dialog: the
 * browser keeps focus inside it, Escape closes it and focus returns to the
 * button that opened it.
 */
export function Gallery() {
  const open = useGallery((s) => s.open);
  const starting = useGallery((s) => s.starting);
  const busy = useStudio((s) => Boolean(activeRun(s)));
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <>
      <button type="button" className="examples-open" data-testid="open-gallery-header" onClick={openGallery}>
        Gallery
      </button>
      <dialog
        ref={dialog}
        className="examples-dialog"
        aria-labelledby="gallery-title"
        data-testid="gallery"
        onClose={closeGallery}
      >
        <div className="examples-head">
          <h2 id="gallery-title">Gallery: every GPNN task on the studio’s example images</h2>
          <button type="button" aria-label="Close the gallery" data-testid="close-gallery" onClick={closeGallery}>
            Close
          </button>
        </div>
        <p className="hint">
          Each button loads the example images into the slots its task reads, sets the task up and runs it: the result
          appears in the output, and the task panel shows how it was set up. Your GPNN settings (search, iterations) are
          kept; the analogy sets the coarsest side and the edit the alpha they need, and these stay set.
        </p>
        {busy && (
          <p className="hint" role="status">
            A job is running: wait for it or cancel it, then pick an example.
          </p>
        )}
        <ul className="examples-grid">
          {GALLERY.map((entry) => (
            <GalleryCard key={entry.id} entry={entry} disabled={busy || starting !== null} />
          ))}
        </ul>
      </dialog>
    </>
  );
}
