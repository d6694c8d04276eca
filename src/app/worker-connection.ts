// One Comlink-wrapped worker, started on first use. Comlink never settles calls into a
// worker that died, so a worker error rejects every pending call here, and the next
// call starts a fresh worker.
import { releaseProxy, wrap, type Remote } from 'comlink';

export class WorkerConnection<Api> {
  private current?: { worker: Worker; remote: Remote<Api>; failed: Promise<never>; fail: (error: Error) => void };

  constructor(
    private readonly name: string,
    private readonly createWorker: () => Worker,
  ) {}

  call<T>(run: (api: Remote<Api>) => Promise<T>): Promise<T> {
    const { remote, failed } = this.connect();
    return Promise.race([run(remote), failed]);
  }

  /** Ends the worker at once; pending calls reject and the next call starts a new worker. */
  terminate(): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    current.fail(new Error(`The ${this.name} worker was terminated.`));
    current.remote[releaseProxy]();
    current.worker.terminate();
  }

  private connect() {
    if (this.current) return this.current;
    const worker = this.createWorker();
    let fail: (error: Error) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined); // observed through call()'s race
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      fail(new Error(`The ${this.name} worker failed: ${event.message || 'its script could not load'}`));
      this.terminate();
    });
    this.current = { worker, remote: wrap<Api>(worker), failed, fail };
    return this.current;
  }
}
