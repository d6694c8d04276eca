// How a page learns that a worker ended without a word (see WorkerConnection).

export interface LifeLockService {
  /**
   * Holds the Web Lock `name` until this worker ends, however it ends; resolves once it
   * is held. The page waits on the same lock to learn the worker has gone.
   */
  hold(name: string): Promise<void>;
}
