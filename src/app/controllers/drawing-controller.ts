// The drawing's prediction: the predictor worker, the saved model picked to predict
// (null follows the newest), the last drawing (predicted again when the pick changes),
// and its own error text, shown next to the drawing.
import type { ReactiveControllerHost } from 'lit';
import type { PredictResult } from '../../protocol/predictor.js';
import type { InkDetail } from '../elements/draw/draw-pad.js';
import type { PredictorClient } from '../workers/predictor-client.js';
import { errorMessage } from '../../shared/error-message.js';

export class DrawingController {
  prediction: PredictResult | undefined;
  /** The run whose checkpoint predicts drawings; null follows the newest. */
  picked: string | null = null;
  error = '';
  /** The pad's drawing as the last stroke ended. */
  private lastInk: InkDetail | undefined;
  /** `error` says the predictor could not start: the next prediction that works clears it. */
  private startFailed = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly predictor: PredictorClient,
  ) {}

  /** Predicts with the picked run's model from now on, the drawing on the pad first. */
  async pick(runId: string | null): Promise<void> {
    this.picked = runId;
    this.host.requestUpdate();
    try {
      await this.predictor.useRun(runId);
      this.error = '';
      if (this.lastInk) await this.predict({ ...this.lastInk, final: true });
    } catch (error) {
      this.error = `Could not load that model for drawing: ${errorMessage(error)}`;
    }
    this.host.requestUpdate();
  }

  /** A deleted run: if it predicted the drawings, the newest one does again. */
  async forget(runId: string): Promise<void> {
    if (this.picked !== runId) return;
    this.picked = null;
    this.host.requestUpdate();
    try {
      await this.predictor.useRun(null);
    } catch (error) {
      this.error = `Could not load the newest model for drawing: ${errorMessage(error)}`;
      this.host.requestUpdate();
    }
  }

  ink(detail: InkDetail): Promise<void> {
    // Kept once a stroke, not at every throttled update while the finger moves.
    if (detail.final) this.lastInk = detail;
    return this.predict(detail);
  }

  private async predict({ strokes, pen, final }: InkDetail): Promise<void> {
    // Lifting the finger to seeing the answer: a measure the benchmark reads.
    if (final) performance.mark('ink-final');
    try {
      const result = await this.predictor.predict({ strokes, pen });
      if (!result) return; // a newer drawing took its place
      this.prediction = result;
      if (this.startFailed) this.error = '';
      this.startFailed = false;
      this.host.requestUpdate();
      if (final && result.kind === 'prediction') {
        await this.host.updateComplete;
        performance.measure('prediction-shown', 'ink-final');
      }
    } catch (error) {
      // A drawing the worker refuses is the page's bug (the console's); a worker that
      // could not start, the user's to know.
      if (error instanceof Error && error.name === 'WorkerStartError') {
        this.error = `The drawing was not predicted: ${error.message} The next stroke tries again.`;
        this.startFailed = true;
        this.host.requestUpdate();
      }
      console.error('Prediction failed', error);
    }
  }
}
