import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controls } from '../theme.js';
import { UNSURE_BELOW, type DigitReading, type PredictResult } from '../../../protocol/predictor.js';
import { paintDigit } from '../digit-image.js';
import { IMAGE_SIDE as SIDE } from '../../../shared/mnist.js';
import { fire } from '../fire.js';

/**
 * The predicted digit in an <output> named "Prediction", the probability of each digit,
 * and the 28x28 image the model received; for a number, its digits in the <output> and
 * each digit's confidence and image. A digit the model is unsure of is marked. Fires
 * `want-train` from the no-model message.
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
    .unsure {
      color: var(--error, #b3261e);
    }
    ol.digits {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    ol.digits li {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 0.1rem;
      min-width: 3.5rem;
    }
    ol.digits b {
      font-size: 1.5rem;
    }
    .note {
      font-size: 0.85rem;
      opacity: 0.85;
    }
  `;

  /** The latest result; undefined before the first drawing. */
  @property({ attribute: false }) accessor result: PredictResult | undefined;

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
    const digits = result.digits ?? [{ ...result, unsure: Math.max(...result.probabilities) < UNSURE_BELOW }];
    if (digits.length > 1) return this._renderNumber(result, digits);
    const { digit, probabilities } = result;
    return html`<div class="top">
        <output name="Prediction" aria-label="Prediction">${digit}</output>
        <span class=${digits[0].unsure ? 'unsure' : ''}
          >${(probabilities[digit] * 100).toFixed(1)}% sure${digits[0].unsure ? ' (unsure)' : ''}</span
        >
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
      ${this._renderNote(result)}`;
  }

  /** A number: its digits in the output, then each digit's image and confidence. */
  private _renderNumber(result: Extract<PredictResult, { kind: 'prediction' }>, digits: DigitReading[]) {
    const unsure = digits.filter((reading) => reading.unsure).length;
    return html`<div class="top">
        <output name="Prediction" aria-label="Prediction">${digits.map((reading) => reading.digit).join('')}</output>
        <span class=${unsure ? 'unsure' : ''}
          >${digits.length} digits${unsure ? `, ${unsure} unsure (marked)` : ''}</span
        >
      </div>
      <ol class="digits" aria-label="Each digit">
        ${digits.map((reading, i) => {
          const percent = (reading.probabilities[reading.digit] * 100).toFixed(0);
          return html`<li class=${reading.unsure ? 'unsure' : ''}>
            <canvas
              width=${SIDE}
              height=${SIDE}
              role="img"
              aria-label="Digit ${i + 1}: the 28x28 image the model received"
            ></canvas>
            <b>${reading.digit}${reading.unsure ? '?' : ''}</b>
            <span>${percent}%${reading.unsure ? ' unsure' : ''}</span>
          </li>`;
        })}
      </ol>
      ${this._renderNote(result)}`;
  }

  private _renderNote(result: Extract<PredictResult, { kind: 'prediction' }>) {
    return html`<p class="note">
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
    if (result?.kind !== 'prediction') return;
    const images = result.digits?.map((reading) => reading.input) ?? [result.input];
    this.renderRoot.querySelectorAll('canvas').forEach((canvas, i) => {
      if (images[i]) paintDigit(canvas, images[i]);
    });
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
