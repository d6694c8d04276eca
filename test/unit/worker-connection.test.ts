// WorkerConnection notices a worker that ends, however it ends, through the Web Lock
// the worker holds for life, and tries again a worker whose script did not load (real
// workers, real locks, a script that really is not there).
import { expect } from 'chai';
import { WorkerConnection } from '../../src/app/workers/worker-connection.js';
import type { WorkerStartNotice } from '../../src/app/workers/worker-start.js';
import type { LifeWorkerApi } from '../support/life-worker.js';

const script = (name: string) => new URL(`../support/${name}`, import.meta.url);
const lifeWorker = () => new Worker(script('life-worker.ts'), { type: 'module' });
/** The server answers 404: the worker's error event comes with no message, as in WebKit. */
const missingWorker = () => new Worker(script('no-such-worker.js'), { type: 'module' });

/** Short waits between tries: the tests wait on the events, not on the clock. */
const limits = { retryDelaysMs: [50, 50] };

const connect = (createWorker = lifeWorker, options = {}) =>
  new WorkerConnection<LifeWorkerApi>('test', createWorker, {
    holdLifeLock: (api, name) => api.holdLifeLock(name),
    limits,
    ...options,
  });

/** A factory whose first `failures` workers' scripts are missing; counts what it made. */
function failingFirst(failures: number) {
  const made = { count: 0 };
  const create = () => (++made.count <= failures ? missingWorker() : lifeWorker());
  return { made, create };
}

/** What the connection told of its starts, in words. */
function noticesOf(connection: WorkerConnection<LifeWorkerApi>): string[] {
  const notices: string[] = [];
  connection.onStart = (notice: WorkerStartNotice) =>
    notices.push(
      notice.state === 'retrying'
        ? `${notice.reason}; try ${notice.attempt} of ${notice.attempts}`
        : notice.state === 'failed'
          ? `failed: ${notice.error.message}`
          : 'started',
    );
  return notices;
}

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

  it('says a worker failed when it throws, and which, without starting it again', async () => {
    const { made, create } = failingFirst(0);
    const connection = connect(create);
    const pending = connection.call((api) => api.hang());
    await connection.call((api) => api.throwSoon());
    expect(await failure(pending)).to.match(/^The test worker failed: .*broken on purpose/);
    expect(made.count).to.equal(1);
    connection.terminate();
  });

  it('tries a worker whose script did not load again, and the calls made meanwhile go on', async () => {
    const { made, create } = failingFirst(2);
    const connection = connect(create);
    const notices = noticesOf(connection);
    const calls = [connection.call((api) => api.echo('one')), connection.call((api) => api.echo('two'))];
    expect(await Promise.all(calls)).to.deep.equal(['one', 'two']);
    expect(notices).to.deep.equal(['could not load; try 2 of 3', 'could not load; try 3 of 3', 'started']);
    expect(made.count).to.equal(3);
    // The worker that answered is the one watched for life, as any other.
    const pending = connection.call((api) => api.hang());
    await connection.call((api) => api.closeSoon());
    expect(await failure(pending)).to.match(/^The test worker stopped without a word/);
  });

  it('fails its calls after the last try, naming what failed; the next call tries again', async () => {
    const { made, create } = failingFirst(3);
    const connection = connect(create);
    const notices = noticesOf(connection);
    const message = "The test worker's script could not load (tried 3 times).";
    expect(await failure(connection.call((api) => api.echo('lost')))).to.equal(message);
    expect(notices).to.deep.equal(['could not load; try 2 of 3', 'could not load; try 3 of 3', `failed: ${message}`]);
    expect(await connection.call((api) => api.echo('back'))).to.equal('back');
    expect(notices.at(-1)).to.equal('started');
    expect(made.count).to.equal(4);
    connection.terminate();
  });

  it('does not try again a worker whose script ran and threw', async () => {
    let made = 0;
    const connection = connect(() => {
      made++;
      return new Worker(script('broken-worker.ts'), { type: 'module' });
    });
    expect(await failure(connection.call((api) => api.echo('never')))).to.match(
      /^The test worker failed: .*broken as it starts/,
    );
    expect(made).to.equal(1);
  });

  it('gives up on a script that never answers, within the limit', async () => {
    const connection = connect(() => new Worker(script('silent-worker.ts'), { type: 'module' }), {
      limits: { retryDelaysMs: [0], loadLimitMs: 300 },
    });
    const notices = noticesOf(connection);
    expect(await failure(connection.call((api) => api.echo('never')))).to.equal(
      "The test worker's script did not load within 0.3 s (tried 2 times).",
    );
    expect(notices[0]).to.equal('did not load within 0.3 s; try 2 of 2');
  });

  it('ends a start that waits to try again on terminate(), and starts no other worker', async () => {
    const { made, create } = failingFirst(Infinity);
    const connection = connect(create, { limits: { retryDelaysMs: [60_000] } });
    const notices = noticesOf(connection);
    const pending = connection.call((api) => api.echo('never'));
    while (notices.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    connection.terminate();
    expect(await failure(pending)).to.equal('The test worker was terminated.');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(made.count).to.equal(1);
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
