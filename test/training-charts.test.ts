import { expect } from 'chai';
import '../src/app/training-charts.js';
import type { EpochMetrics } from '../src/worker/trainer-api.js';

/** How many pixels of a chart's canvas are painted. */
function inked(canvas: HTMLCanvasElement): number {
  const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  let count = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
  return count;
}

const epoch = (n: number): EpochMetrics => ({
  epoch: n,
  loss: 1 / n,
  accuracy: 1 - 0.5 / n,
  valLoss: 1.2 / n,
  valAccuracy: 1 - 0.6 / n,
  millis: 1000,
  imagesPerSecond: 60,
  numTensors: 42,
  bestEpoch: 2,
  iterations: 25 * n,
});

describe('<training-charts>', () => {
  it('draws accuracy, loss and batch loss as data arrives, and fits a phone', async () => {
    const charts = document.createElement('training-charts');
    charts.style.width = '360px';
    document.body.append(charts);
    await charts.updateComplete;
    const canvases = [...charts.shadowRoot!.querySelectorAll('canvas')];
    expect(canvases).to.have.length(3);
    const empty = canvases.map(inked);

    charts.history = [epoch(1), epoch(2), epoch(3)];
    charts.bestEpoch = 2;
    charts.batchLoss = Array.from({ length: 50 }, (_, i) => ({ step: i + 1, loss: 2 / (i + 1) }));
    await charts.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    canvases.forEach((canvas, i) => expect(inked(canvas), `chart ${i}`).to.be.greaterThan(empty[i] + 100));
    for (const figure of charts.shadowRoot!.querySelectorAll('figure')) {
      expect(figure.getBoundingClientRect().width).to.be.at.most(360);
    }
    charts.remove();
  });
});
