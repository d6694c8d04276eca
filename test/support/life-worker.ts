// A worker for WorkerConnection's tests: it holds its life lock as the trainer does, and
// ends in the ways a real worker can.
import { expose } from 'comlink';
import { holdForLife } from '../../src/worker/trainer/locks.js';

const api = {
  holdLifeLock: holdForLife,
  echo: (text: string) => text,
  /** Never settles: a call that only the worker's end can finish. */
  hang: () => new Promise<never>(() => undefined),
  /** Ends itself, as a browser-terminated worker ends: no error event. */
  closeSoon() {
    setTimeout(() => self.close(), 50);
  },
  /** An uncaught error: the page gets an error event. */
  throwSoon() {
    setTimeout(() => {
      throw new Error('broken on purpose');
    }, 50);
  },
};
export type LifeWorkerApi = typeof api;
expose(api);
