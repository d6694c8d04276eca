import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controls } from '../theme.js';
import type { EpochMetrics, TrainEvent, TrainResult } from '../../../protocol/training.js';
import { formatCount, formatDuration, formatLoss, formatMeasuring, formatMegabytes, formatPercent } from '../format.js';
import { historyToCsv, historyToJson } from './history-export.js';
import { saveFile } from '../save-file.js';

export interface RunState {
  status: 'running' | 'validating' | 'recalibrating' | TrainResult['reason'] | 'failed';
  /** `performance.now()` at Train, and at the end. */
  startedAt: number;
  endedAt?: number;
  /** `auto` measuring the backends before the first run on this device. */
  measuring?: Extract<TrainEvent, { type: 'measuring' }>;
  start?: Extract<TrainEvent, { type: 'start' }>;
  batch?: Extract<TrainEvent, { type: 'batch' }>;
  history: EpochMetrics[];
  recalibrating?: Extract<TrainEvent, { type: 'recalibrating' }>;
  /** The last checkpoint saved in this run. */
  saved?: Extract<TrainEvent, { type: 'saved' }>;
  /**
   * The epoch of the run's last checkpoint (a resumed run starts at its own), which a
   * reload carries on from: an epoch's metrics come before its checkpoint is saved.
   */
  checkpointEpoch: number;
  result?: TrainResult;
  error?: string;
}

/** A run as it goes: backend, epoch and batch, live metrics, elapsed time, time left, history. */
@customElement('training-progress')
export class TrainingProgress extends LitElement {
  static override styles = css`
    ${controls}
    :host {
      display: block;
    }
    progress {
      width: 100%;
    }
    dl {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
      gap: 0.5rem;
      margin: 0.5rem 0;
    }
    dt {
      font-size: 0.8rem;
      opacity: 0.8;
    }
    dd {
      margin: 0;
      font-variant-numeric: tabular-nums;
      font-size: 1.1rem;
    }
    table {
      border-collapse: collapse;
      font-variant-numeric: tabular-nums;
    }
    th,
    td {
      padding: 0.15rem 0.6rem;
      text-align: right;
    }
    .scroll {
      overflow-x: auto;
    }
    tr.best {
      font-weight: bold;
    }
    .downloads {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
  `;

  /** The run to show; undefined before the first Train. */
  @property({ attribute: false }) accessor run: RunState | undefined;

  private _timer?: number;

  override updated() {
    // Elapsed time and time left tick once a second while the run goes on.
    const live = this.run !== undefined && this.run.endedAt === undefined;
    if (live && this._timer === undefined) this._timer = window.setInterval(() => this.requestUpdate(), 1000);
    if (!live && this._timer !== undefined) this._stopTimer();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this._stopTimer();
  }

  private _stopTimer() {
    window.clearInterval(this._timer);
    this._timer = undefined;
  }

  override render() {
    const run = this.run;
    if (!run) return html`<p>Press Train to start.</p>`;
    const { start, batch, history } = run;
    const last = history.at(-1);
    const elapsed = (run.endedAt ?? performance.now()) - run.startedAt;
    return html`
      ${
        start
          ? html`<p>
              Backend: <strong class="backend">${start.backend.name}</strong> (${start.backend.description}).
              ${formatCount(start.trainCount)} training and ${formatCount(start.validationCount)} validation images,
              ${formatCount(start.batchesPerEpoch)} batches an epoch.
            </p>`
          : run.measuring
            ? html`<p>Measuring training speed on this device: ${formatMeasuring(run.measuring)}…</p>`
            : html`<p>Starting the backend…</p>`
      }
      ${this._renderStatus(run)}
      ${
        run.saved
          ? html`<p class="saved">
              Checkpoint saved: epoch ${run.saved.epoch} (${formatMegabytes(run.saved.run.sizeBytes)} in
              ${run.saved.millis} ms).
            </p>`
          : nothing
      }
      ${
        start && batch
          ? html`<label
              >Epoch ${batch.epoch} of ${start.epochs}, batch ${formatCount(batch.batch)} of
              ${formatCount(batch.batchesPerEpoch)}
              <progress aria-label="Epoch progress" max=${batch.batchesPerEpoch} value=${batch.batch}></progress>
            </label>`
          : nothing
      }
      <dl>
        <div>
          <dt>Loss</dt>
          <dd class="loss">${batch ? formatLoss(batch.loss) : '–'}</dd>
        </div>
        <div>
          <dt>Accuracy</dt>
          <dd class="accuracy">${batch ? formatPercent(batch.accuracy) : '–'}</dd>
        </div>
        <div>
          <dt>Validation loss</dt>
          <dd class="val-loss">${last ? formatLoss(last.valLoss) : '–'}</dd>
        </div>
        <div>
          <dt>Validation accuracy</dt>
          <dd class="val-accuracy">${last ? formatPercent(last.valAccuracy) : '–'}</dd>
        </div>
        <div>
          <dt>Speed</dt>
          <dd>${batch ? `${batch.imagesPerSecond.toFixed(0)} img/s` : '–'}</dd>
        </div>
        <div>
          <dt>Elapsed</dt>
          <dd class="elapsed">${formatDuration(elapsed)}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd class="eta">${this._timeLeft(run, elapsed)}</dd>
        </div>
      </dl>
      ${history.length > 0 ? this._renderHistory(history) : nothing}
      ${
        history.length > 0
          ? html`<p class="downloads">
              <button @click=${this._onDownloadCsv}>Download history (CSV)</button>
              <button @click=${this._onDownloadJson}>Download history (JSON)</button>
            </p>`
          : nothing
      }
    `;
  }

  private _renderStatus(run: RunState) {
    switch (run.status) {
      case 'running':
        return nothing;
      case 'validating':
        return html`<p role="status">Validating…</p>`;
      case 'recalibrating': {
        const { images, layer, layers } = run.recalibrating ?? { images: 0, layer: 0, layers: 0 };
        return html`<p role="status">
          Recomputing BatchNorm's statistics over the ${formatCount(images)} training images (${layer} of ${layers}
          layers done)…
        </p>`;
      }
      case 'completed':
        return html`<p role="status">Training complete: ${run.history.length} epoch(s). ${this._kept(run)}</p>`;
      case 'stopped':
        return html`<p role="status">Stopped after ${run.history.length} complete epoch(s). ${this._kept(run)}</p>`;
      case 'early-stopped':
        return html`<p role="status">
          Early stopping after epoch ${run.history.length}: no better validation score in the last
          ${run.history.length - (run.result?.bestEpoch ?? 0)} epoch(s). ${this._kept(run)}
        </p>`;
      case 'failed':
        return html`<p class="error" role="alert">Training failed: ${run.error}</p>`;
      case 'save-failed':
        return html`<p class="error" role="alert">Training stopped. ${run.result?.saveError}</p>`;
    }
  }

  private _onDownloadCsv() {
    saveFile('mnist-history.csv', new Blob([historyToCsv(this.run?.history ?? [])], { type: 'text/csv' }));
  }

  private _onDownloadJson() {
    saveFile('mnist-history.json', new Blob([historyToJson(this.run?.history ?? [])], { type: 'application/json' }));
  }

  private _kept(run: RunState): string {
    const result = run.result;
    if (!result?.kept) return '';
    const recalibrated = result.recalibrated
      ? ` Its BatchNorm statistics were recomputed over the ${formatCount(result.recalibrated.images)} training images: ${formatCount(result.recalibrated.steps)} steps are too few for their moving averages (Settings: Recompute BatchNorm statistics).`
      : '';
    const test = result.test
      ? ` On the ${formatCount(result.test.count)} test images: loss ${formatLoss(result.test.loss)}, accuracy ${formatPercent(result.test.accuracy)}.`
      : '';
    return `The model keeps the weights of epoch ${result.bestEpoch}, the best (validation loss ${formatLoss(result.kept.valLoss)}, accuracy ${formatPercent(result.kept.valAccuracy)}).${recalibrated}${test}`;
  }

  private _timeLeft(run: RunState, elapsed: number): string {
    if (run.endedAt !== undefined) return formatDuration(0);
    const { start, batch } = run;
    if (!start || !batch) return '–';
    const total = start.epochs * start.batchesPerEpoch;
    const done = (batch.epoch - 1) * start.batchesPerEpoch + batch.batch;
    return formatDuration((elapsed * (total - done)) / done);
  }

  private _renderHistory(history: EpochMetrics[]) {
    const bestEpoch = history.at(-1)?.bestEpoch;
    // Focusable, so the keyboard can scroll a table wider than a phone.
    return html`<div class="scroll" tabindex="0" role="region" aria-label="Epochs">
      <table>
        <caption>
          Epochs
        </caption>
        <thead>
          <tr>
            <th>Epoch</th>
            <th>Loss</th>
            <th>Accuracy</th>
            <th>Val loss</th>
            <th>Val accuracy</th>
            <th>Time</th>
            <th>img/s</th>
            <th>Best</th>
          </tr>
        </thead>
        <tbody>
          ${history.map(
            (epoch) =>
              html`<tr class=${epoch.epoch === bestEpoch ? 'best' : ''}>
                <td>${epoch.epoch}</td>
                <td>${formatLoss(epoch.loss)}</td>
                <td>${formatPercent(epoch.accuracy)}</td>
                <td>${formatLoss(epoch.valLoss)}</td>
                <td>${formatPercent(epoch.valAccuracy)}</td>
                <td>${formatDuration(epoch.millis)}</td>
                <td>${epoch.imagesPerSecond.toFixed(0)}</td>
                <td>${epoch.epoch === bestEpoch ? 'best' : ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'training-progress': TrainingProgress;
  }
}
