// Hands a file to the system's share sheet (Web Share), where the browser can share it:
// AirDrop, Nearby Share, messages. Elsewhere the file is downloaded, and the page says so.

/** What `navigator.share` did with the file. */
export type ShareOutcome =
  /** The sheet took it. */
  | 'shared'
  /** The person closed the sheet: not an error. */
  | 'closed'
  /** The press's transient activation had run out (the worker's answer came after it): a new press shares. */
  | 'needs-a-press';

/** How a file the person asked for leaves the app. */
export type Delivery = 'share' | 'download';

/**
 * Whether this browser can share `files`: Safari shares any file; Chrome only some types
 * (not .h5 on Android), and desktop Chromium on Linux shares none.
 */
export function sharesFiles(files: File[], nav: Partial<Pick<Navigator, 'canShare' | 'share'>> = navigator): boolean {
  if (typeof nav.share !== 'function' || typeof nav.canShare !== 'function') return false;
  try {
    return nav.canShare({ files });
  } catch {
    return false;
  }
}

/**
 * Share when asked for, or to save from an app added to the iOS Home Screen (a download
 * link traps it), where the browser can share the file; a download otherwise.
 */
export function deliveryOf(asked: 'share' | 'save', canShare: boolean, installedOnIos: boolean): Delivery {
  return canShare && (asked === 'share' || installedOnIos) ? 'share' : 'download';
}

/** Opens the share sheet with `files`; call it while a press's activation lasts. */
export async function shareFiles(files: File[]): Promise<ShareOutcome> {
  try {
    await navigator.share({ files });
    return 'shared';
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return 'closed';
    if (error instanceof DOMException && error.name === 'NotAllowedError') return 'needs-a-press';
    throw error;
  }
}
