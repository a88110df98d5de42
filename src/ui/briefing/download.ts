/** Saves a Blob as a file through a temporary object URL (nothing leaves the browser). */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 2000);
}

/** A file-name-safe slug of a title, with a date. */
export function fileStem(title: string, date = new Date()): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase()
    .slice(0, 60);
  return `${slug || 'ripplemap-scenario'}-${date.toISOString().slice(0, 10)}`;
}
