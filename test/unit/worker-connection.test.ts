// WorkerConnection notices a worker that ends, however it ends, through the Web Lock
// the worker holds for life (real workers, real locks).
import { expect } from 'chai';
import { WorkerConnection } from '../../src/app/workers/worker-connection.js';
import type { LifeWorkerApi } from '../support/life-worker.js';

const connect = () =>
  new WorkerConnection<LifeWorkerApi>(
    'test',
    () => new Worker(new URL('../support/life-worker.ts', import.meta.url), { type: 'module' }),
    (api, name) => api.holdLifeLock(name),
  );

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: Error) => error.message,
  );

/** The locks this origin's workers hold for life, by name. */
async function lifeLocks(): Promise<string[]> {
  const { held = [] } = await navigator.locks.query();
  return held.map((lock) => lock.name ?? '').filter((name) => name.startsWith('mnist-test-worker-'));
}

describe('worker connection', () => {
  it('rejects pending calls when the worker closes itself, then starts a fresh worker', async () => {
    const connection = connect();
    expect(await connection.call((api) => api.echo('first'))).to.equal('first');
    const pending = connection.call((api) => api.hang());
    await connection.call((api) => api.closeSoon());
    expect(await failure(pending)).to.equal(
      'The test worker stopped without a word: the browser ended it (out of memory, or a crash) or it was closed.',
    );
    expect(await connection.call((api) => api.echo('second'))).to.equal('second');
    connection.terminate();
  });

  it('says a worker failed when it throws, and which', async () => {
    const connection = connect();
    const pending = connection.call((api) => api.hang());
    await connection.call((api) => api.throwSoon());
    expect(await failure(pending)).to.match(/^The test worker failed: .*broken on purpose/);
    connection.terminate();
  });

  it('ends a worker on terminate(), releasing its lock, without calling it lost', async () => {
    const connection = connect();
    await connection.call((api) => api.echo('up'));
    await new Promise((resolve) => setTimeout(resolve, 100)); // the lock is taken after the first call
    expect(await lifeLocks()).to.have.length(1);
    const pending = connection.call((api) => api.hang());
    connection.terminate();
    expect(await failure(pending)).to.equal('The test worker was terminated.');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await lifeLocks()).to.deep.equal([]);
  });
});
