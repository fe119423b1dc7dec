import { useEffect, useState } from 'react';
import { openDroppedFile } from './recipeActions';
import { notify } from './store';

function firstFile(items: DataTransferItemList | null | undefined, files: FileList | null | undefined): File | null {
  if (files && files.length > 0) return files[0];
  for (const item of items ?? []) {
    if (item.kind === 'file') {
      const f = item.getAsFile();
      if (f) return f;
    }
  }
  return null;
}

/** Window-wide drop and paste: the whole page is the drop target. Returns whether a drag is over the page. */
export function useImageInput(): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    const onDragOver = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    };
    const onDragLeave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      const file = firstFile(e.dataTransfer?.items, e.dataTransfer?.files);
      if (file) void openDroppedFile(file, file.name || 'dropped image');
      else notify('error', 'Nothing to open: drop an image file.');
    };
    const onPaste = (e: ClipboardEvent) => {
      const file = firstFile(e.clipboardData?.items, e.clipboardData?.files);
      if (!file) return;
      e.preventDefault();
      void openDroppedFile(file, file.name && file.name !== 'image.png' ? file.name : 'pasted image');
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('paste', onPaste);
    };
  }, []);
  return dragging;
}
