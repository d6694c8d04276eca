// <digit-prediction> with a number: its digits alone in the Prediction output, each digit's
// image and confidence, and the unsure ones marked; a single digit as before.
import { expect } from 'chai';
import '../../src/app/elements/draw/digit-prediction.js';
import type { DigitReading, PredictResult } from '../../src/protocol/predictor.js';

function reading(digit: number, top: number): DigitReading {
  const probabilities = Array.from({ length: 10 }, (_, d) => (d === digit ? top : (1 - top) / 9));
  return { digit, probabilities, input: new Uint8Array(784).fill(200), unsure: top < 0.5 };
}

function result(digits: DigitReading[]): PredictResult {
  const [first] = digits;
  return {
    kind: 'prediction',
    digit: first.digit,
    probabilities: first.probabilities,
    input: first.input,
    digits,
    model: { runId: 'r', name: 'Run', epoch: 1 },
    backend: 'wasm',
    millis: 3,
  };
}

async function shown(value: PredictResult) {
  const element = document.createElement('digit-prediction');
  element.result = value;
  document.body.append(element);
  await element.updateComplete;
  return element;
}

describe('digit-prediction', () => {
  it("shows a number's digits, each digit's image and confidence, and marks the unsure one", async () => {
    const element = await shown(result([reading(4, 0.96), reading(1, 0.4), reading(7, 0.9)]));
    const root = element.shadowRoot!;
    expect(root.querySelector('output[name=Prediction]')!.textContent).to.equal('417');
    const items = [...root.querySelectorAll('ol.digits li')];
    expect(items.map((item) => item.textContent.replace(/\s+/g, ' ').trim())).to.deep.equal([
      '4 96%',
      '1? 40% unsure',
      '7 90%',
    ]);
    expect(items.map((item) => item.classList.contains('unsure'))).to.deep.equal([false, true, false]);
    // Each image painted: the canvas is no longer blank.
    const canvas = items[1].querySelector('canvas')!;
    expect(canvas.getContext('2d')!.getImageData(14, 14, 1, 1).data[0]).to.equal(200);
    element.remove();
  });

  it('shows a single digit with its bars, marked when unsure', async () => {
    const element = await shown(result([reading(3, 0.45)]));
    const root = element.shadowRoot!;
    expect(root.querySelector('output[name=Prediction]')!.textContent).to.equal('3');
    expect(root.querySelectorAll('progress')).to.have.length(10);
    expect(root.textContent).to.contain('45.0% sure (unsure)');
    element.remove();
  });
});
