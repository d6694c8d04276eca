import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controls } from '../theme.js';
import type { BackendMeasurement } from '../../../protocol/backends.js';
import type { MeasureProgress } from '../../../protocol/backends.js';
import { fastestBackend } from '../../../shared/fastest-backend.js';
import { formatCount, formatDateTime, formatMeasuring } from '../format.js';
import { fire } from '../fire.js';

/**
 * Training speed of each backend on this device, as `auto` measured it (and chose the
 * fastest), with a button to measure again. Emits `measure-request`.
 */
@customElement('backend-speeds')
export class BackendSpeeds extends LitElement {
  static override styles = css`
    ${controls}
    :host {
      display: block;
    }
    table {
      border-collapse: collapse;
      font-size: 0.9rem;
    }
    th,
    td {
      padding: 0.15rem 0.6rem;
      text-align: left;
    }
    td.number,
    th.number {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    thead th {
      border-bottom: 1px solid currentColor;
    }
    caption {
      text-align: left;
      padding-bottom: 0.25rem;
    }
    progress {
      width: 100%;
    }
  `;

  /** The remembered measurement, if any. */
  @property({ attribute: false }) accessor measurement: BackendMeasurement | undefined;
  /** The backend being measured now. */
  @property({ attribute: false }) accessor measuring: MeasureProgress | undefined;
  /** A run or another job holds the worker: no measuring. */
  @property({ type: Boolean }) accessor busy = false;
  @property() accessor error = '';

  override render() {
    const { measurement, measuring } = this;
    const fastest = measurement ? fastestBackend(measurement) : undefined;
    return html`
      ${
        measuring
          ? html`<label
              >Measuring training speed: ${formatMeasuring(measuring)}…
              <progress aria-label="Measuring backends" max=${measuring.count} value=${measuring.index}></progress>
            </label>`
          : nothing
      }
      ${
        measurement
          ? html`<table>
              <caption>
                Training speed on this device: batch ${measurement.batchSize}, augmentation
                ${measurement.augment ? 'on' : 'off'}, measured ${formatDateTime(measurement.measuredAt)}. Auto trains
                on the fastest.
              </caption>
              <thead>
                <tr>
                  <th>Backend</th>
                  <th>Runs on</th>
                  <th class="number">Images/s</th>
                  <th class="number">First step</th>
                </tr>
              </thead>
              <tbody>
                ${measurement.results.map(
                  (result) =>
                    html`<tr>
                      <td>${result.name}${result === fastest ? html` <strong>(fastest)</strong>` : nothing}</td>
                      ${
                        result.speed
                          ? html`<td>${result.description}</td>
                              <td class="number">${formatCount(Math.round(result.speed.imagesPerSecond))}</td>
                              <td class="number">${formatCount(Math.round(result.speed.firstStepMs))} ms</td>`
                          : html`<td colspan="3" class="error">
                              Could not train${result.threads ? ` on ${result.threads} thread(s)` : ''}: ${result.error}
                            </td>`
                      }
                    </tr>`,
                )}
              </tbody>
            </table>`
          : measuring
            ? nothing
            : html`<p>Not measured yet: with the backend on auto, the first run measures each one.</p>`
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <button ?disabled=${this.busy || measuring !== undefined} @click=${this._onMeasure}>
        ${measurement ? 'Measure again' : 'Measure now'}
      </button>
    `;
  }

  private _onMeasure() {
    fire(this, 'measure-request');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'backend-speeds': BackendSpeeds;
  }
  interface HTMLElementEventMap {
    'measure-request': Event;
  }
}
