import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controls } from '../theme.js';
import type { ModelSummary as Summary } from '../../../protocol/training.js';
import { formatCount } from '../format.js';

/** The model's layers, output shapes and parameter counts, like Keras' `model.summary()`. */
@customElement('model-summary')
export class ModelSummary extends LitElement {
  static override styles = css`
    ${controls}
    :host {
      display: block;
    }
    .scroll {
      overflow-x: auto;
    }
    table {
      border-collapse: collapse;
      font-family: ui-monospace, monospace;
      font-size: 0.85rem;
    }
    th,
    td {
      padding: 0.15rem 0.6rem;
      text-align: left;
      white-space: nowrap;
    }
    td.number,
    th.number {
      text-align: right;
    }
    thead th {
      border-bottom: 1px solid currentColor;
    }
    tfoot tr:first-child td {
      border-top: 1px solid currentColor;
    }
  `;

  /** The summary the trainer worker computed from the real tfjs model. */
  @property({ attribute: false }) accessor summary: Summary | undefined;

  override render() {
    const summary = this.summary;
    if (!summary) return html`<p>Building the model…</p>`;
    const shape = (dims: (number | null)[]) => `(${dims.map((d) => (d === null ? 'None' : d)).join(', ')})`;
    // Focusable, so the keyboard can scroll a table wider than a phone.
    return html`<div class="scroll" tabindex="0" role="region" aria-label="Model summary">
      <table>
        <caption>
          Model: "sequential"
        </caption>
        <thead>
          <tr>
            <th>Layer (type)</th>
            <th>Output shape</th>
            <th class="number">Param #</th>
          </tr>
        </thead>
        <tbody>
          ${summary.layers.map(
            (layer) =>
              html`<tr>
                <td>${layer.name} (${layer.type})</td>
                <td>${shape(layer.outputShape)}</td>
                <td class="number">${formatCount(layer.params)}</td>
              </tr>`,
          )}
        </tbody>
        <tfoot>
          <tr>
            <td colspan="3">Total params: <output name="total-params">${formatCount(summary.totalParams)}</output></td>
          </tr>
          <tr>
            <td colspan="3">Trainable params: ${formatCount(summary.trainableParams)}</td>
          </tr>
          <tr>
            <td colspan="3">Non-trainable params: ${formatCount(summary.nonTrainableParams)}</td>
          </tr>
        </tfoot>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'model-summary': ModelSummary;
  }
}
