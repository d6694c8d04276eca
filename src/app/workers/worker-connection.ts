// One Comlink-wrapped worker, started on first use. Comlink never settles calls into a
// worker that died, so a worker that fails or ends rejects every pending call here, and
// the next call starts a fresh worker. Calls wait until the worker's script has answered
// once (worker-start.ts): a script that could not load is tried again, and no call was
// sent into it.
import { releaseProxy, type Remote } from 'comlink';
import { START_LIMITS, startWorker, type StartLimits, type StartListener, type Started } from './worker-start.js';

/** Asks the worker to hold the Web Lock `name` until it ends; resolves once it does. */
export type HoldLifeLock<Api> = (remote: Remote<Api>, name: string) => Promise<void>;

export interface ConnectionOptions<Api> {
  /**
   * A worker that ends without an error event (terminated by the browser, out of memory,
   * `close()`d) is noticed too: its Web Lock is released then.
   */
  holdLifeLock?: HoldLifeLock<Api>;
  /** Runs on each new worker before any call: what the page told the last one. */
  prepare?: (api: Remote<Api>) => Promise<void>;
  /** How often and how long a start is tried (tests shorten the waits). */
  limits?: Partial<StartLimits>;
}

interface Current<Api> {
  /** Set once the worker's script has answered. */
  started?: Started<Api>;
  /** Started and given the state its predecessor had: calls wait on it. */
  ready: Promise<Remote<Api>>;
  failed: Promise<never>;
  fail: (error: Error) => void;
  /** Aborted when it ends: stops the start's waits and the watch on its life lock. */
  ended: AbortController;
}

export class WorkerConnection<Api> {
  /** Told when a start is tried again, and how it ended. */
  onStart?: StartListener;
  private current?: Current<Api>;
  private readonly limits: StartLimits;

  constructor(
    private readonly name: string,
    private readonly createWorker: () => Worker,
    private readonly options: ConnectionOptions<Api> = {},
  ) {
    this.limits = { ...START_LIMITS, ...options.limits };
  }

  call<T>(run: (api: Remote<Api>) => Promise<T>): Promise<T> {
    const { ready, failed } = this.connect();
    return Promise.race([ready.then(run), failed]);
  }

  /** Ends the worker at once; pending calls reject and the next call starts a new worker. */
  terminate(): void {
    this.end(new Error(`The ${this.name} worker was terminated.`));
  }

  private end(error: Error): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    current.ended.abort(error); // a worker still starting is ended by its start
    current.fail(error);
    current.started?.remote[releaseProxy]();
    current.started?.worker.terminate();
  }

  private lost(current: Current<Api>, error: Error): void {
    if (this.current === current) this.end(error);
  }

  private connect(): Current<Api> {
    if (this.current) return this.current;
    let fail: (error: Error) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined); // observed through call()'s race
    const current = { failed, fail, ended: new AbortController() } as Current<Api>;
    current.ready = this.start(current); // set at once: nothing reads it before
    current.ready.catch(() => undefined); // as `failed`
    this.current = current;
    return current;
  }

  private async start(current: Current<Api>): Promise<Remote<Api>> {
    let started: Started<Api>;
    try {
      started = await startWorker<Api>(this.name, this.createWorker, this.limits, current.ended.signal, (notice) =>
        this.onStart?.(notice),
      );
    } catch (error) {
      this.lost(current, error as Error);
      throw error;
    }
    const { worker, remote } = started;
    if (current.ended.signal.aborted) {
      remote[releaseProxy]();
      worker.terminate();
      throw current.ended.signal.reason;
    }
    current.started = started;
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.lost(current, new Error(`The ${this.name} worker failed: ${event.message || 'an error with no message'}`));
    });
    const { holdLifeLock, prepare } = this.options;
    if (holdLifeLock && 'locks' in navigator) void this.watch(current, remote, holdLifeLock);
    await prepare?.(remote);
    return remote;
  }

  /** Waits for the worker's life lock: granted to us only once the worker has ended. */
  private async watch(current: Current<Api>, remote: Remote<Api>, holdLifeLock: HoldLifeLock<Api>): Promise<void> {
    const lockName = `mnist-${this.name}-worker-${crypto.randomUUID()}`;
    try {
      await Promise.race([holdLifeLock(remote, lockName), current.failed]);
      await navigator.locks.request(lockName, { signal: current.ended.signal }, () => undefined);
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
