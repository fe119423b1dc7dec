/**
 * An image size as image editors write it, width first: "250×200". Shapes in
 * the engine are [height, width]; only the text a person reads puts the width
 * first, everywhere (page, CLI, reports). File names take an ASCII "x", which
 * every file system and shell handles.
 */
export function formatSize(width: number, height: number, options?: { readonly ascii?: boolean }): string {
  return `${width}${options?.ascii ? 'x' : '×'}${height}`;
}
