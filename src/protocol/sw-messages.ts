// What the page may send the service worker (src/app/app-service-worker.ts sends, src/sw/sw.ts answers).

/** Sent by workbox-window's messageSkipWaiting(): activate the waiting version now. */
export interface SkipWaiting {
  type: 'SKIP_WAITING';
}

/** Asks a service worker which app version it carries; it answers on the message port. */
export interface VersionRequest {
  type: 'GET_VERSION';
}

export function isSkipWaiting(data: unknown): data is SkipWaiting {
  return (data as Partial<SkipWaiting> | null)?.type === 'SKIP_WAITING';
}

export function isVersionRequest(data: unknown): data is VersionRequest {
  return (data as Partial<VersionRequest> | null)?.type === 'GET_VERSION';
}
