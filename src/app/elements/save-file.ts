// Hands the browser files to save: a worker cannot, the page can.

/**
 * Saves each file through a temporary download link; in an app added to the iOS Home
 * Screen, which cannot follow a download link of a blob, through the share sheet
 * (Save to Files) where it can share files.
 */
export async function saveFiles(files: readonly File[]): Promise<void> {
  if (installedOnIos() && navigator.canShare?.({ files: [...files] })) {
    try {
      await navigator.share({ files: [...files] });
      return;
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return; // the person closed the sheet
      // Refused (no user activation left after the worker's answer): the link may still work.
    }
  }
  for (const file of files) download(file);
}

/** An app added to the iOS Home Screen: a download link of a blob fails there, or traps the person. */
export function installedOnIos(): boolean {
  return (navigator as Navigator & { standalone?: boolean }).standalone === true;
}

/** Saves `blob` as `fileName`. */
export function saveFile(fileName: string, blob: Blob): void {
  void saveFiles([new File([blob], fileName, { type: blob.type })]);
}

/** Saves `file` through a temporary download link. */
export function download(file: File): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  // In the document while clicked: Firefox follows only such links, and a listener can see it.
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL is not needed after this task.
  setTimeout(() => URL.revokeObjectURL(url));
}
