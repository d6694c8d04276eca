// The page's one handle on the trainer worker: `trainer.runs.list()` forwards to the
// worker's service of that name, whatever the method, so a new method needs no edit here.
// Function arguments travel as Comlink proxies (progress callbacks); an AbortSignal as
// the last argument stays here and, when it fires, calls the service's stop().
import { proxy, type Remote } from 'comlink';
import type { TrainerServices } from '../../protocol/trainer.js';
import { WorkerConnection } from './worker-connection.js';
import type { StartListener } from './worker-start.js';

export type WorkerFactory = () => Worker;

type Stoppable = { stop(): void };

/** A service method as the page calls it: a promise, and for a stoppable service an optional last AbortSignal. */
type ClientMethod<M, S> = M extends (...args: infer A) => infer R
  ? S extends Stoppable
    ? (...args: [...A, signal?: AbortSignal]) => Promise<Awaited<R>>
    : (...args: A) => Promise<Awaited<R>>
  : never;

/** A service as the page sees it; stop() is reached through an AbortSignal. */
export type ServiceClient<S> = { [K in keyof S as K extends 'stop' ? never : K]: ClientMethod<S[K], S> };

type ServiceName = Exclude<keyof TrainerServices, 'lifeLock'>;
type RemoteMethods = Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;

/** Comlink forwards `remote.runs.list()` to the worker's `runs.list()`; its types do not say so. */
const services = (remote: Remote<TrainerServices>) => remote as unknown as RemoteMethods;

const defaultWorker: WorkerFactory = () =>
  new Worker(new URL('./trainer-worker.js', import.meta.url), { type: 'module', name: 'trainer' });

export class TrainerClient {
  readonly data = this.service('data');
  readonly training = this.service('training');
  readonly runs = this.service('runs');
  readonly evaluation = this.service('evaluation');
  readonly personal = this.service('personal');
  readonly backends = this.service('backends');
  private readonly connection: WorkerConnection<TrainerServices>;

  constructor(createWorker: WorkerFactory = defaultWorker) {
    this.connection = new WorkerConnection('trainer', createWorker, {
      holdLifeLock: async (remote, name) => {
        await services(remote).lifeLock.hold(name);
      },
    });
  }

  /** Tells `listener` when the worker's script is tried again, and how each start ends. */
  onStart(listener: StartListener): void {
    this.connection.onStart = listener;
  }

  /** Ends the worker at once; pending calls reject and the next call starts a new worker. */
  terminate(): void {
    this.connection.terminate();
  }

  private service<N extends ServiceName>(name: N): ServiceClient<TrainerServices[N]> {
    return new Proxy({} as ServiceClient<TrainerServices[N]>, {
      // Not `then`: awaiting a service must not call the worker.
      get: (_, method) =>
        typeof method === 'string' && method !== 'then'
          ? (...args: unknown[]) => this.forward(name, method, args)
          : undefined,
    });
  }

  private forward(service: ServiceName, method: string, args: unknown[]): Promise<unknown> {
    const last = args.at(-1);
    const signal = last instanceof AbortSignal ? last : undefined;
    const sent = (signal ? args.slice(0, -1) : args).map((arg) =>
      typeof arg === 'function' ? proxy(arg as (...a: unknown[]) => unknown) : arg,
    );
    return this.connection.call((remote: Remote<TrainerServices>) => {
      const target = services(remote)[service];
      signal?.addEventListener('abort', () => void target.stop(), { once: true });
      return target[method](...sent);
    });
  }
}
