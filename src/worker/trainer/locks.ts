// The worker side of the Web Locks in shared/tab-locks.ts.

/**
 * A worker the page has just terminated lets go of its locks only once it has wound
 * down, a moment later: so a lock is waited for this long before it counts as taken.
 */
const GRACE_MS = 3000;

/** Takes the lock `name` once free (waiting at most GRACE_MS), else fails with `busy`; resolves to its release. */
export function takeLock(name: string, busy: string): Promise<() => void> {
  // Without Web Locks (Safari before 15.4) tabs cannot tell each other: train unguarded.
  if (!('locks' in navigator)) return Promise.resolve(() => undefined);
  return new Promise((taken, failed) => {
    navigator.locks
      .request(name, { signal: AbortSignal.timeout(GRACE_MS) }, () => new Promise<void>((release) => taken(release)))
      .catch((error: unknown) => {
        const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
        failed(timedOut ? new Error(busy) : error instanceof Error ? error : new Error(String(error)));
      });
  });
}

/** Runs `body` holding the lock `name`; when another keeps it, fails with `busy`. */
export async function holdingLock<T>(name: string, busy: string, body: () => Promise<T>): Promise<T> {
  const release = await takeLock(name, busy);
  try {
    return await body();
  } finally {
    release();
  }
}

/**
 * Holds the lock `name` until this worker ends, however it ends (terminated, crashed,
 * closed): the page waits for the same lock to learn that. Resolves once held.
 */
export function holdForLife(name: string): Promise<void> {
  if (!('locks' in navigator)) return Promise.resolve(); // the page does not watch either
  return new Promise((held, failed) => {
    navigator.locks
      .request(name, () => {
        held();
        return new Promise<never>(() => undefined);
      })
      .catch(failed);
  });
}
