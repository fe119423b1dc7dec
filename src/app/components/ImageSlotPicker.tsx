import { useRef, type DragEvent } from 'react';
import type { ImageSlot } from '../../protocol/images';
import { openImage, removeImage } from '../studio';
import { useStudio } from '../store';
import { PixelCanvas } from './PixelCanvas';
import { ACCEPTED_TYPES } from './SourcePanel';
import { formatSize } from '../../engine/image/formatSize';

/** One extra input image (an analogy's structure, a collage image): open, drop onto, or remove. */
export function ImageSlotPicker({ slot, label }: { slot: Exclude<ImageSlot, 'source'>; label: string }) {
  const image = useStudio((s) => s.extras[slot]);
  const pending = useStudio((s) => s.pending.find((p) => p.slot === slot));
  const input = useRef<HTMLInputElement>(null);
  const onDrop = (e: DragEvent) => {
    const file = e.dataTransfer.files[0];
    if (!file) return;
    // Keep the page-wide drop handler from also opening it as the source.
    e.preventDefault();
    e.stopPropagation();
    openImage(file, file.name, slot);
  };
  return (
    <div className="slot" data-testid={`slot-${slot}`} onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      {image ? (
        <PixelCanvas pixels={image.working} className="slot-thumb" />
      ) : (
        <div className="slot-thumb empty">drop here</div>
      )}
      <div className="slot-text">
        <strong>{label}</strong>
        <small data-testid={`slot-${slot}-name`}>
          {pending
            ? `decoding ${pending.name}…`
            : image
              ? `${image.name} · ${formatSize(image.working.width, image.working.height)}`
              : 'none'}
        </small>
        <span className="row">
          <button type="button" onClick={() => input.current?.click()} data-testid={`slot-${slot}-open`}>
            Open…
          </button>
          {image && (
            <button type="button" onClick={() => removeImage(slot)}>
              Remove
            </button>
          )}
        </span>
      </div>
      <input
        ref={input}
        type="file"
        accept={ACCEPTED_TYPES}
        hidden
        data-testid={`slot-${slot}-input`}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) openImage(file, file.name, slot);
          e.currentTarget.value = '';
        }}
      />
    </div>
  );
}
