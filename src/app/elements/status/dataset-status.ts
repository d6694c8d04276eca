import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controls } from '../theme.js';
import type { DatasetInfo, DatasetProgress } from '../../../protocol/data.js';
import { formatCount, formatMegabytes } from '../format.js';
import { fire } from '../fire.js';

const PHASE_TEXT: Record<DatasetProgress['phase'], string> = {
  cache: 'Reading MNIST from this device',
  download: 'Downloading MNIST',
  verify: 'Checking MNIST',
  store: 'Saving MNIST on this device',
  ready: 'MNIST ready',
};

/** Where MNIST is: loading (with a progress bar), ready, or failed with a reason. */
@customElement('dataset-status')
export class DatasetStatus extends LitElement {
  static override styles = css`
    ${controls}
    /* Room for two lines and the bar whatever the state, so the sections below do not
       jump as loading turns into ready (a layout shift just as one may start drawing). */
    :host {
      display: block;
      min-height: calc(2lh + 2rem);
    }
    p {
      margin: 0.5rem 0;
    }
    progress {
      width: 100%;
      height: 1rem;
    }
  `;

  /** The latest progress report while loading. */
  @property({ attribute: false }) accessor progress: DatasetProgress | undefined;
  /** Set once the dataset is loaded. */
  @property({ attribute: false }) accessor info: DatasetInfo | undefined;
  /** Why loading failed. */
  @property() accessor error = '';

  override render() {
    if (this.error) {
      return html`<p class="error" role="alert">Could not load MNIST. ${this.error}</p>
        <button @click=${this._onRetry}>Retry</button>`;
    }
    if (this.info) {
      const { info } = this;
      const from = {
        cache: 'from this device',
        'offline-copy': `from the app's offline copy on this device (${formatMegabytes(info.fetchedBytes)})`,
        network: `downloaded (${formatMegabytes(info.fetchedBytes)})`,
      }[info.source];
      return html`<p>
          MNIST ready: ${formatCount(info.trainCount)} training and ${formatCount(info.testCount)} test images, ${from}
          in ${(info.millis / 1000).toFixed(1)} s.
        </p>
        ${info.cacheError ? html`<p class="error" role="alert">${info.cacheError}</p>` : nothing}`;
    }
    const progress = this.progress;
    const label = PHASE_TEXT[progress?.phase ?? 'download'];
    const bytes =
      progress && progress.totalBytes > 0
        ? `${formatMegabytes(progress.loadedBytes)} of ${formatMegabytes(progress.totalBytes)}, `
        : '';
    const items = progress ? `${formatCount(progress.items)} of ${formatCount(progress.totalItems)} items` : '';
    // No value while the size is unknown: an indeterminate bar rather than a false 0%.
    const known = progress && progress.totalBytes > 0;
    return html`<p>
      <label>
        ${label}… <span>${bytes}${items}</span>
        <progress
          aria-label="MNIST loading"
          max=${known ? progress.totalBytes : nothing}
          value=${known ? progress.loadedBytes : nothing}
        ></progress>
      </label>
    </p>`;
  }

  private _onRetry() {
    fire(this, 'dataset-retry');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dataset-status': DatasetStatus;
  }
  interface HTMLElementEventMap {
    'dataset-retry': Event;
  }
}
