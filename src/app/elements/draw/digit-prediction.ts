import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { controls } from '../theme.js';
import type { PredictResult } from '../../../protocol/predictor.js';
import { paintDigit } from '../digit-image.js';
import { IMAGE_SIDE as SIDE } from '../../../shared/mnist.js';
import { fire } from '../fire.js';

/**
 * The predicted digit in an <output> named "Prediction", the probability of each digit,
 * and the 28x28 image the model received. Fires `want-train` from the no-model message.
 */
@customElement('digit-prediction')
export class DigitPrediction extends LitElement {
  static override styles = css`
    ${controls}
    :host {
      display: block;
    }
    .top {
      display: flex;
      align-items: center;
      gap: 1rem;
    }
    output {
      font-size: 3rem;
      font-weight: 700;
      min-width: 2ch;
      text-align: center;
    }
    canvas {
      width: 56px;
      height: 56px;
      image-rendering: pixelated;
      background: #000;
      border: 1px solid var(--border, #767676);
    }
    ol {
      list-style: none;
      padding: 0;
      margin: 0.5rem 0 0;
      display: grid;
      gap: 0.15rem;
    }
    li {
      display: grid;
      grid-template-columns: 1.5ch 1fr 4.5ch;
      gap: 0.5rem;
      align-items: center;
      font-variant-numeric: tabular-nums;
    }
    li.top-digit {
      font-weight: 700;
    }
    progress {
      width: 100%;
    }
    .note {
      font-size: 0.85rem;
      opacity: 0.85;
    }
  `;

  /** The latest result; undefined before the first drawing. */
  @property({ attribute: false }) accessor result: PredictResult | undefined;

  @query('canvas') private accessor _canvas: HTMLCanvasElement | null = null;

  override render() {
    const result = this.result;
    if (!result || result.kind === 'empty') {
      return html`<div class="top"><output name="Prediction" aria-label="Prediction"></output></div>
        <p>Draw a digit on the pad: the prediction updates as you draw.</p>`;
    }
    if (result.kind === 'no-model') {
      return html`<div class="top"><output name="Prediction" aria-label="Prediction"></output></div>
        <p role="status">
          No trained model yet. Train one first: predictions become reliable after about a thousand batches, when
          BatchNorm's statistics have settled (one full epoch is 1,500).
          <button @click=${this._onWantTrain}>Go to training</button>
        </p>`;
    }
    const { digit, probabilities } = result;
    return html`<div class="top">
        <output name="Prediction" aria-label="Prediction">${digit}</output>
        <span>${(probabilities[digit] * 100).toFixed(1)}% sure</span>
        <canvas width=${SIDE} height=${SIDE} role="img" aria-label="The 28x28 image the model received"></canvas>
      </div>
      <ol aria-label="Probability of each digit">
        ${probabilities.map(
          (p, d) =>
            html`<li class=${d === digit ? 'top-digit' : ''}>
              <span>${d}</span>
              <progress max="1" value=${p} aria-label="Probability of ${d}"></progress>
              <span>${(p * 100).toFixed(0)}%</span>
            </li>`,
        )}
      </ol>
      <p class="note">
        ${result.model.name}, epoch ${result.model.epoch}; ${result.backend}, ${result.millis.toFixed(1)} ms.
        ${
          result.latencies
            ? html`One image takes
              ${Object.entries(result.latencies)
                .map(([name, ms]) => `${ms.toFixed(1)} ms on ${name}`)
                .join(', ')}:
              the fastest serves.`
            : nothing
        }
      </p>`;
  }

  override updated() {
    const result = this.result;
    const canvas = this._canvas;
    if (result?.kind !== 'prediction' || !canvas) return;
    paintDigit(canvas, result.input);
  }

  private _onWantTrain() {
    fire(this, 'want-train');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'digit-prediction': DigitPrediction;
  }
  interface HTMLElementEventMap {
    'want-train': Event;
  }
}
