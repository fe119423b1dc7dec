import { useRef, type DragEvent, type RefObject } from 'react';
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
      <ImageFileInput slot={slot} input={input} testId={`slot-${slot}-input`} />
    </div>
  );
}

/** The hidden file picker that opens an image into a slot (emptied after each pick, so the same file can be picked again). */
export function ImageFileInput({
  slot,
  input,
  testId,
  onOpened,
}: {
  readonly slot: ImageSlot;
  readonly input: RefObject<HTMLInputElement | null>;
  readonly testId: string;
  readonly onOpened?: () => void;
}) {
  return (
    <input
      ref={input}
      type="file"
      accept={ACCEPTED_TYPES}
      hidden
      data-testid={testId}
      onChange={(e) => {
        const file = e.currentTarget.files?.[0];
        e.currentTarget.value = '';
        if (!file) return;
        openImage(file, file.name, slot);
        onOpened?.();
      }}
    />
  );
}
