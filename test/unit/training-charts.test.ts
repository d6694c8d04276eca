import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { expect } from 'chai';
import '../../src/app/elements/training/training-charts.js';
import type { TrainingCharts } from '../../src/app/elements/training/training-charts.js';
import type { EpochMetrics } from '../../src/protocol/training.js';

/** How many pixels of a chart's canvas are painted. */
function inked(canvas: HTMLCanvasElement): number {
  const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  let count = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
  return count;
}

/** Opaque pixels whose channels are all near `[r, g, b]`. */
function pixelsNear(canvas: HTMLCanvasElement, [r, g, b]: number[]): number {
  const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    const near = Math.abs(data[i] - r) < 24 && Math.abs(data[i + 1] - g) < 24 && Math.abs(data[i + 2] - b) < 24;
    if (data[i + 3] > 200 && near) count++;
  }
  return count;
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

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

function addCharts(): TrainingCharts {
  const charts = document.createElement('training-charts');
  charts.style.width = '360px';
  document.body.append(charts);
  return charts;
}

describe('<training-charts>', () => {
  afterEach(async () => {
    document.body.replaceChildren();
    await emulateMedia({ colorScheme: 'light' });
  });

  it('draws accuracy, loss and batch loss as data arrives, and fits a phone', async () => {
    const charts = addCharts();
    await charts.plotted;
    const canvases = [...charts.shadowRoot!.querySelectorAll('canvas')];
    expect(canvases).to.have.length(3);
    const empty = canvases.map(inked);

    charts.history = [epoch(1), epoch(2), epoch(3)];
    charts.bestEpoch = 2;
    charts.batchLoss = Array.from({ length: 50 }, (_, i) => ({ step: i + 1, loss: 2 / (i + 1) }));
    await charts.updateComplete;
    await nextFrame();
    canvases.forEach((canvas, i) => expect(inked(canvas), `chart ${i}`).to.be.greaterThan(empty[i] + 100));
    for (const figure of charts.shadowRoot!.querySelectorAll('figure')) {
      expect(figure.getBoundingClientRect().width).to.be.at.most(360);
    }
  });

  it('makes no chart until it comes near the viewport', async () => {
    const spacer = document.createElement('div');
    spacer.style.height = '5000px';
    document.body.append(spacer);
    const charts = addCharts();
    charts.history = [epoch(1), epoch(2)];
    await charts.updateComplete;
    await nextFrame();
    expect(charts.shadowRoot!.querySelectorAll('canvas')).to.have.length(0);
    charts.scrollIntoView();
    await charts.plotted;
    expect(charts.shadowRoot!.querySelectorAll('canvas')).to.have.length(3);
  });

  it('draws its axes in the theme colour of either scheme, made again when the scheme changes', async () => {
    document.documentElement.style.setProperty('color', 'rgb(20, 20, 20)');
    // The points' centres take the page's background: a colour neither count below takes.
    document.documentElement.style.setProperty('--bg', 'rgb(200, 0, 200)');
    const charts = addCharts();
    charts.history = [epoch(1), epoch(2), epoch(3)];
    await charts.plotted;
    await nextFrame();
    const accuracy = () => charts.shadowRoot!.querySelector('canvas')!;
    const dark = [20, 20, 20];
    const light = [230, 230, 230];
    expect(pixelsNear(accuracy(), dark), 'dark ink on light').to.be.greaterThan(50);
    expect(pixelsNear(accuracy(), light)).to.equal(0);

    // The page's text colour in dark mode, as static/app.css sets it.
    const style = document.createElement('style');
    style.textContent = '@media (prefers-color-scheme: dark) { :root { color: rgb(230, 230, 230) !important } }';
    document.head.append(style);
    await emulateMedia({ colorScheme: 'dark' });
    await nextFrame();
    expect(pixelsNear(accuracy(), light), 'light ink on dark').to.be.greaterThan(50);
    expect(pixelsNear(accuracy(), dark)).to.equal(0);
    style.remove();
    document.documentElement.style.removeProperty('color');
    document.documentElement.style.removeProperty('--bg');
  });

  it('shows and hides a series from the keyboard', async () => {
    const charts = addCharts();
    charts.history = [epoch(1), epoch(2)];
    await charts.plotted;
    const toggle = charts.shadowRoot!.querySelector<HTMLElement>('[aria-label="Loss: show validation"]')!;
    expect(toggle.getAttribute('role')).to.equal('button');
    expect(toggle.tabIndex).to.equal(0);
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    toggle.focus();
    await sendKeys({ press: 'Space' });
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    expect(toggle.closest('tr')!.classList.contains('u-off')).to.be.true;
    await sendKeys({ press: 'Enter' });
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
  });
});
