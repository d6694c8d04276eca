// One Comlink-wrapped worker, started on first use. Comlink never settles calls into a
// worker that died, so a worker that fails or ends rejects every pending call here, and
// the next call starts a fresh worker.
import { releaseProxy, wrap, type Remote } from 'comlink';

/** Asks the worker to hold the Web Lock `name` until it ends; resolves once it does. */
export type HoldLifeLock<Api> = (remote: Remote<Api>, name: string) => Promise<void>;

interface Current<Api> {
  worker: Worker;
  remote: Remote<Api>;
  failed: Promise<never>;
  fail: (error: Error) => void;
  /** The worker given the state its predecessor had (see `prepare`). */
  prepared: Promise<void>;
  /** Stops waiting on the worker's life lock: we end it ourselves. */
  unwatch: AbortController;
}

export class WorkerConnection<Api> {
  private current?: Current<Api>;

  /**
   * With `holdLifeLock`, a worker that ends without an error event (terminated by the
   * browser, out of memory, `close()`d) is noticed too: its Web Lock is released then.
   * `prepare` runs on each new worker before any call: what the page told the last one.
   */
  constructor(
    private readonly name: string,
    private readonly createWorker: () => Worker,
    private readonly holdLifeLock?: HoldLifeLock<Api>,
    private readonly prepare?: (api: Remote<Api>) => Promise<void>,
  ) {}

  call<T>(run: (api: Remote<Api>) => Promise<T>): Promise<T> {
    const { remote, failed, prepared } = this.connect();
    return Promise.race([prepared.then(() => run(remote)), failed]);
  }

  /** Ends the worker at once; pending calls reject and the next call starts a new worker. */
  terminate(): void {
    this.end(new Error(`The ${this.name} worker was terminated.`));
  }

  private end(error: Error): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    current.unwatch.abort();
    current.fail(error);
    current.remote[releaseProxy]();
    current.worker.terminate();
  }

  private lost(current: Current<Api>, error: Error): void {
    if (this.current === current) this.end(error);
  }

  private connect(): Current<Api> {
    if (this.current) return this.current;
    const worker = this.createWorker();
    let fail: (error: Error) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined); // observed through call()'s race
    const remote = wrap<Api>(worker);
    const prepared = this.prepare?.(remote) ?? Promise.resolve();
    const current: Current<Api> = { worker, remote, failed, fail, prepared, unwatch: new AbortController() };
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.lost(current, new Error(`The ${this.name} worker failed: ${event.message || 'its script could not load'}`));
    });
    this.current = current;
    if (this.holdLifeLock && 'locks' in navigator) void this.watch(current, this.holdLifeLock);
    return current;
  }

  /** Waits for the worker's life lock: granted to us only once the worker has ended. */
  private async watch(current: Current<Api>, holdLifeLock: HoldLifeLock<Api>): Promise<void> {
    const lockName = `mnist-${this.name}-worker-${crypto.randomUUID()}`;
    try {
      await Promise.race([holdLifeLock(current.remote, lockName), current.failed]);
      await navigator.locks.request(lockName, { signal: current.unwatch.signal }, () => undefined);
    } catch {
      return; // we ended it (the request was aborted), or it failed and said so
    }
    this.lost(
      current,
      new Error(
        `The ${this.name} worker stopped without a word: the browser ended it (out of memory, or a crash) or it was closed.`,
      ),
    );
  }
}
