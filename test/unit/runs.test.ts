import { expect } from 'chai';
import { withRun } from '../../src/shared/runs.js';
import type { RunSummary } from '../../src/protocol/runs.js';

const run = (id: string, updatedAt: number, name = id): RunSummary => ({
  id,
  name,
  createdAt: 0,
  updatedAt,
  epoch: 1,
  epochs: 4,
  status: 'running',
  bestEpoch: 1,
  bestValAccuracy: 0.5,
  sizeBytes: 1000,
});

describe('withRun', () => {
  it('puts a new run in, newest first', () => {
    const runs = [run('b', 20), run('a', 10)];
    expect(withRun(runs, run('c', 30)).map((r) => r.id)).to.deep.equal(['c', 'b', 'a']);
    expect(withRun(runs, run('c', 15)).map((r) => r.id)).to.deep.equal(['b', 'c', 'a']);
  });

  it("replaces a listed run's summary, a rename with the same time included", () => {
    const runs = [run('b', 20), run('a', 10)];
    expect(withRun(runs, run('a', 30))).to.deep.equal([run('a', 30), run('b', 20)]);
    expect(withRun(runs, run('a', 10, 'Thin strokes'))).to.deep.equal([run('b', 20), run('a', 10, 'Thin strokes')]);
  });

  it('ignores a summary older than the one listed (a late notice)', () => {
    const runs = [run('b', 20), run('a', 10)];
    expect(withRun(runs, run('b', 15))).to.deep.equal(runs);
  });
});
