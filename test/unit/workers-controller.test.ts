// What the page says while a worker's script is tried again, and the notice that the
// trainer is back after a start that failed (real clients; the first scripts are missing).
import { expect } from 'chai';
import { WorkersController } from '../../src/app/controllers/workers-controller.js';
import { PredictorClient } from '../../src/app/workers/predictor-client.js';
import { TrainerClient } from '../../src/app/workers/trainer-client.js';

const script = (name: string) => new URL(`../support/${name}`, import.meta.url);

/** Workers of `name`, whose scripts are missing while `state.missing` counts down. */
function workers(name: string) {
  const state = { missing: 0 };
  const create = () => new Worker(script(state.missing-- > 0 ? 'no-such-worker.js' : name), { type: 'module' });
  return { state, create };
}

describe('workers controller', () => {
  it("says a worker's script is tried again, and that the trainer is back after failing to start", async () => {
    const trainerWorkers = workers('services-worker.ts');
    const trainer = new TrainerClient(trainerWorkers.create);
    const predictor = new PredictorClient(workers('life-worker.ts').create); // never called here
    const shown: string[][] = [];
    let back = 0;
    const host = { addController() {}, removeController() {}, updateComplete: Promise.resolve(true) };
    const controller = new WorkersController(
      { ...host, requestUpdate: () => shown.push(controller.notices) },
      trainer,
      predictor,
      () => back++,
    );
    trainerWorkers.state.missing = 3;
    const reason = "The trainer worker's script could not load (tried 3 times).";
    const failed = await trainer.runs.list().then(
      () => '',
      (error: Error) => error.message,
    );
    expect(failed).to.equal(reason);
    expect(shown).to.deep.equal([
      ["The trainer worker's script could not load; trying again (2 of 3)…"],
      ["The trainer worker's script could not load; trying again (3 of 3)…"],
      [],
    ]);
    expect(back).to.equal(0);

    await trainer.runs.list();
    expect(back).to.equal(1);
    expect(controller.notices).to.deep.equal([]);
    trainer.terminate();
    predictor.terminate();
  });
});
