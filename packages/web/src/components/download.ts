/** Save a Blob or a data: URL as a file through a temporary link (the browser's own download). */
export function downloadFile(name: string, data: Blob | string): void {
  const url = typeof data === 'string' ? data : URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  if (typeof data !== 'string') setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a title: letters (any script), digits and dashes. */
export const fileNameOf = (title: string, ext: string) => `${title.trim().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'trailmap'}.${ext}`;
