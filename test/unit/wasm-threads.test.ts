import { expect } from 'chai';
import type { MeasuredBackend } from '../../src/protocol/backends.js';
import { fastestThreads, threadCandidates } from '../../src/worker/backends/wasm-threads.js';
import { formatMeasuring } from '../../src/app/elements/format.js';

const row = (threads: number, imagesPerSecond?: number): MeasuredBackend => ({
  name: 'wasm',
  threads,
  description: `WebAssembly, SIMD, ${threads} thread(s)`,
  ...(imagesPerSecond === undefined
    ? { error: 'It did not start and train within 240 s.' }
    : {
        speed: {
          backend: 'wasm',
          batchSize: 64,
          augment: true,
          steps: 3,
          firstStepMs: 100,
          msPerStep: 64_000 / imagesPerSecond,
          imagesPerSecond,
        },
      }),
});

describe('wasm threads', () => {
  it('tries 1, 2, 4... up to the cores reported, and the cores themselves, at most 8', () => {
    expect(threadCandidates(1)).to.deep.equal([1]);
    expect(threadCandidates(2)).to.deep.equal([1, 2]);
    expect(threadCandidates(4)).to.deep.equal([1, 2, 4]);
    expect(threadCandidates(6)).to.deep.equal([1, 2, 4, 6]);
    expect(threadCandidates(16)).to.deep.equal([1, 2, 4, 8]);
    expect(threadCandidates(0)).to.deep.equal([1]);
  });

  it('takes the fastest count measured, skipping those that failed; one where none trained', () => {
    expect(fastestThreads([row(1, 500), row(2, 311)])).to.equal(1);
    expect(fastestThreads([row(1, 300), row(2, 450), row(4, 420)])).to.equal(2);
    expect(fastestThreads([row(1, 300), row(2)])).to.equal(1);
    expect(fastestThreads([row(1), row(2)])).to.equal(1);
    expect(fastestThreads([{ name: 'webgl', description: 'ANGLE', speed: row(1, 900).speed }, row(2, 100)])).to.equal(
      2,
    );
  });

  it('names the thread count being measured', () => {
    expect(formatMeasuring({ backend: 'wasm', threads: 2, index: 1, count: 2 })).to.equal(
      'wasm on 2 thread(s) (2 of 2)',
    );
    expect(formatMeasuring({ backend: 'webgl', index: 0, count: 2 })).to.equal('webgl (1 of 2)');
  });
});
