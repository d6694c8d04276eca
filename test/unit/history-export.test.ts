import { expect } from 'chai';
import { historyToCsv, historyToJson } from '../../src/app/elements/training/history-export.js';
import type { EpochMetrics } from '../../src/protocol/training.js';

const epoch = (n: number, valLoss: number): EpochMetrics => ({
  epoch: n,
  loss: 0.5 / n,
  accuracy: [0.81, 0.82][n - 1],
  valLoss,
  valAccuracy: 0.9,
  millis: 1000 * n,
  imagesPerSecond: 60,
  numTensors: 42,
  bestEpoch: 1,
  iterations: 25 * n,
});

describe('history export', () => {
  const history = [epoch(1, 0.3), epoch(2, 0.35)];

  it('writes one CSV row an epoch under a header', () => {
    expect(historyToCsv(history)).to.equal(
      'epoch,loss,accuracy,valLoss,valAccuracy,millis,imagesPerSecond,bestEpoch\n' +
        '1,0.5,0.81,0.3,0.9,1000,60,1\n' +
        '2,0.25,0.82,0.35,0.9,2000,60,1\n',
    );
  });

  it('writes JSON that reads back as the history', () => {
    expect(JSON.parse(historyToJson(history))).to.deep.equal(history);
  });
});
