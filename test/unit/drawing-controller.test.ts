// The drawing's error when the predictor worker could not start: said beside the pad,
// cleared by the next prediction; a drawing the worker refuses stays in the console.
import { expect } from 'chai';
import { DrawingController } from '../../src/app/controllers/drawing-controller.js';
import type { PredictorClient } from '../../src/app/workers/predictor-client.js';
import { WorkerStartError } from '../../src/app/workers/worker-start.js';
import type { PredictResult } from '../../src/protocol/predictor.js';

const host = { addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) };
const stroke = () => ({ strokes: [[[0.5, 0.5]]] as [number, number][][], pen: 0.075, final: false });

/** A predictor whose next answers the test sets: a result, or an error to throw. */
function scriptedPredictor(answers: (PredictResult | Error)[]) {
  return {
    predict: () => {
      const answer = answers.shift();
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  } as unknown as PredictorClient;
}

describe('drawing controller', () => {
  it("says the predictor could not start, until a prediction works; a refused drawing stays the console's", async () => {
    const reason = "The predictor worker's script could not load (tried 3 times).";
    const predictor = scriptedPredictor([
      new WorkerStartError(reason),
      { kind: 'empty' },
      new Error('Strokes must be lists of [x, y] points'),
    ]);
    const drawing = new DrawingController(host, predictor);
    const logged = console.error;
    console.error = () => undefined; // "Prediction failed", as the page logs it
    try {
      await drawing.ink(stroke());
      expect(drawing.error).to.equal(`The drawing was not predicted: ${reason} The next stroke tries again.`);
      await drawing.ink(stroke());
      expect(drawing.error).to.equal('');
      await drawing.ink(stroke());
      expect(drawing.error).to.equal('');
    } finally {
      console.error = logged;
    }
  });
});
