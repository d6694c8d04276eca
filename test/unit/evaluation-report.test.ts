// The evaluation report from labels and probabilities: confusion matrix, precision,
// recall, a cell's images and the most confidently wrong, on a case worked out by hand.
import { expect } from 'chai';
import { cellImages, confidentlyWrong, scoreProbabilities } from '../../src/shared/evaluation-report.js';

/** One image's probabilities: `p` on `called`, the rest spread evenly. */
function row(called: number, p: number): number[] {
  return Array.from({ length: 10 }, (_, c) => (c === called ? p : (1 - p) / 9));
}

describe('evaluation report', () => {
  // Labels 0 0 1 1 2 2; the model says 0 0 1 0 2 1: two mistakes.
  const labels = Uint8Array.from([0, 0, 1, 1, 2, 2]);
  const probabilities = Float32Array.from(
    [row(0, 0.9), row(0, 0.6), row(1, 0.8), row(0, 0.7), row(2, 0.99), row(1, 0.95)].flat(),
  );
  const report = scoreProbabilities(labels, probabilities);

  it('counts each image once in the confusion matrix, the diagonal being the accuracy', () => {
    const total = report.confusion.flat().reduce((a, b) => a + b, 0);
    expect(total).to.equal(6);
    const diagonal = report.confusion.reduce((sum, r, c) => sum + r[c], 0);
    expect(report.accuracy).to.equal(diagonal / 6);
    expect(report.accuracy).to.equal(4 / 6);
    expect(report.confusion[0].slice(0, 3)).to.deep.equal([2, 0, 0]);
    expect(report.confusion[1].slice(0, 3)).to.deep.equal([1, 1, 0]);
    expect(report.confusion[2].slice(0, 3)).to.deep.equal([0, 1, 1]);
    expect(Array.from(report.predicted)).to.deep.equal([0, 0, 1, 0, 2, 1]);
  });

  it('gives precision by what was said and recall by what was true', () => {
    expect(report.precision.slice(0, 4)).to.deep.equal([2 / 3, 1 / 2, 1, null]);
    expect(report.recall.slice(0, 3)).to.deep.equal([1, 1 / 2, 1 / 2]);
  });

  it("computes Keras' loss: the mean of -log p(true class)", () => {
    const trueProbabilities = [0.9, 0.6, 0.8, 0.3 / 9, 0.99, 0.05 / 9].map(Math.fround);
    const expected = trueProbabilities.reduce((sum, p) => sum - Math.log(p), 0) / 6;
    expect(report.loss).to.be.closeTo(expected, 1e-6);
  });

  it('lists exactly the images of a cell, and the surest mistakes first', () => {
    expect(cellImages(report, 0, 0)).to.deep.equal([0, 1]);
    expect(cellImages(report, 1, 0)).to.deep.equal([3]);
    expect(cellImages(report, 2, 1)).to.deep.equal([5]);
    expect(cellImages(report, 5, 5)).to.deep.equal([]);
    expect(confidentlyWrong(report, 10)).to.deep.equal([5, 3]);
    expect(confidentlyWrong(report, 1)).to.deep.equal([5]);
  });

  it('refuses probabilities that do not match the labels', () => {
    expect(() => scoreProbabilities(labels, new Float32Array(59))).to.throw(
      'Expected 60 probabilities for 6 images, got 59.',
    );
  });
});
