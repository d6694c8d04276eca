// TrainerClient forwards `trainer.<service>.<method>()` to the worker's service objects:
// methods run on their instances, callbacks travel as proxies, an AbortSignal stops.
import { expect } from 'chai';
import { TrainerClient } from '../../src/app/workers/trainer-client.js';

const servicesWorker = () => new Worker(new URL('../support/services-worker.ts', import.meta.url), { type: 'module' });

/** The stand-in worker's services are not the trainer's: typed loosely here. */
type Loose = Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;

describe('trainer client', () => {
  let client: TrainerClient;
  let trainer: Loose;
  beforeEach(() => {
    client = new TrainerClient(servicesWorker);
    trainer = client as unknown as Loose;
  });
  afterEach(() => client.terminate());

  it("calls a service's method on its instance, with its arguments", async () => {
    expect(await trainer.runs.list()).to.deep.equal([
      { id: '0', name: 'first' },
      { id: '1', name: 'second' },
    ]);
    expect(await trainer.runs.rename('1', ' third ')).to.deep.equal({ id: '1', name: 'third' });
  });

  it('passes callbacks as proxies and stops the service when the signal aborts', async () => {
    const abort = new AbortController();
    const epochs: number[] = [];
    const onEvent = ({ epoch }: { epoch: number }) => {
      epochs.push(epoch);
      if (epoch === 2) abort.abort();
    };
    const result = await trainer.training.start(10, onEvent, abort.signal);
    expect(result).to.deep.equal({ reason: 'stopped', epoch: 2 });
    expect(epochs).to.deep.equal([1, 2]);
    expect(await trainer.training.start(2, () => undefined)).to.deep.equal({ reason: 'completed', epoch: 2 });
  });

  it('receives transferred buffers', async () => {
    const pixels = (await trainer.data.testImages([3, 1, 4])) as Uint8Array;
    expect(Array.from(pixels)).to.deep.equal([3, 1, 4]);
  });

  it('is not a thenable: awaiting a service calls nothing', async () => {
    expect(await Promise.resolve(client.runs)).to.equal(client.runs);
  });
});
