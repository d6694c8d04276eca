// Whether the page's service worker is installing or activating, and a wait, bounded,
// until it is not: WebKit fails to load a worker's script meanwhile (issue 18), so a
// worker's start is tried again once it has settled. Browsers without service workers
// (or that block them here) have nothing to wait for.

/**
 * The page's service worker that is installing or activating, if any. A first install
 * activates at once; an update then waits for the page's SKIP_WAITING, which is settled.
 * `clientUrl` names another registration than the page's (tests).
 */
export async function settlingServiceWorker(clientUrl?: string): Promise<ServiceWorker | undefined> {
  if (!('serviceWorker' in navigator)) return undefined;
  const registration = await navigator.serviceWorker.getRegistration(clientUrl).catch(() => undefined);
  if (!registration) return undefined;
  if (registration.installing) return registration.installing;
  if (registration.waiting && !registration.active) return registration.waiting;
  if (registration.active?.state === 'activating') return registration.active;
  return undefined;
}

/**
 * Resolves once no service worker of the page installs or activates, after `limitMs` at
 * the latest, or at once when `signal` aborts. Never rejects: a start goes on either way.
 */
export async function serviceWorkerSettled(limitMs: number, signal: AbortSignal, clientUrl?: string): Promise<void> {
  const done = new AbortController();
  const timer = setTimeout(() => done.abort(), limitMs);
  if (signal.aborted) done.abort();
  else signal.addEventListener('abort', () => done.abort(), { once: true, signal: done.signal });
  const over = new Promise<undefined>((resolve) => done.signal.addEventListener('abort', () => resolve(undefined)));
  try {
    while (!done.signal.aborted) {
      const worker = await Promise.race([settlingServiceWorker(clientUrl), over]);
      if (!worker || done.signal.aborted) return;
      await Promise.race([
        new Promise((resolve) => worker.addEventListener('statechange', resolve, { once: true, signal: done.signal })),
        over,
      ]);
    }
  } finally {
    clearTimeout(timer);
    done.abort(); // removes the listeners
  }
}
