import { useRef } from 'react';
import { WORKING_SIDE_CHOICES } from '../../engine/image/imageLimits';
import { setWorkingMaxSide } from '../studio';
import { openDroppedFile } from '../recipeActions';
import { useStudio } from '../store';
import { PixelCanvas } from './PixelCanvas';
import { SourceFrames } from './SourceFrames';
import { formatSize } from '../../engine/image/formatSize';

export const ACCEPTED_TYPES = 'image/png,image/jpeg,image/webp,image/gif,image/bmp,image/avif';

export function SourcePanel() {
  const source = useStudio((s) => s.source);
  const pending = useStudio((s) => s.pending.find((p) => p.slot === 'source'));
  const workingMaxSide = useStudio((s) => s.workingMaxSide);
  const input = useRef<HTMLInputElement>(null);
  return (
    <section className="panel source-panel" aria-label="Source image">
      <h2>Source</h2>
      {source ? (
        <figure className="source-figure">
          <PixelCanvas pixels={source.working} className="source-canvas" testId="source-canvas" />
          <figcaption data-testid="source-caption">
            <strong>{source.name}</strong>
            <span>
              working {formatSize(source.working.width, source.working.height)}
              {source.downscaled ? ` · original ${formatSize(source.original.width, source.original.height)}` : ''}
            </span>
          </figcaption>
          {source.animation && <SourceFrames animation={source.animation} />}
        </figure>
      ) : (
        <p className="hint">No image yet.</p>
      )}
      {pending && (
        <p className="hint" data-testid="source-pending">
          Decoding {pending.name}…
        </p>
      )}
      <div className="row">
        <button type="button" onClick={() => input.current?.click()} data-testid="open-image">
          Open image…
        </button>
        <input
          ref={input}
          type="file"
          accept={ACCEPTED_TYPES}
          hidden
          data-testid="file-input"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            // A file the studio exported carries its recipe: offer it, as dropping the file does.
            if (file) void openDroppedFile(file, file.name);
            e.currentTarget.value = '';
          }}
        />
        <label className="field">
          Working size
          <select
            value={workingMaxSide}
            data-testid="working-size"
            onChange={(e) => setWorkingMaxSide(Number(e.currentTarget.value))}
          >
            {WORKING_SIDE_CHOICES.map((n) => (
              <option key={n} value={n}>
                ≤ {n} px
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="hint">Drop an image anywhere on the page, or paste one.</p>
    </section>
  );
}
