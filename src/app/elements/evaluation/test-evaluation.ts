import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { controls } from '../theme.js';
import type { EvaluationReport } from '../../../shared/evaluation-report.js';
import type { RunSummary } from '../../../protocol/runs.js';
import './confusion-matrix.js';
import './digit-gallery.js';
import type { GalleryItem } from './digit-gallery.js';
import { formatCount, formatLoss, formatPercent } from '../format.js';
import { hasModel } from '../../../shared/runs.js';
import { fire } from '../fire.js';

/** The images of one confusion-matrix cell, as far as they are shown. */
export interface CellImages {
  label: number;
  called: number;
  /** Images in the cell; `items` may show fewer. */
  total: number;
  items: GalleryItem[];
}

/**
 * Where the model fails: pick a model, score it on the 10,000 test images, and read the
 * confusion matrix, per-class precision and recall, and the most confidently wrong
 * images. Emits `evaluate-request` with `{ runId }` (null: the model trained in this
 * session); the matrix emits `cell-pick`.
 */
@customElement('test-evaluation')
export class TestEvaluation extends LitElement {
  static override styles = css`
    ${controls}
    :host {
      display: block;
    }
    form {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: end;
    }
    progress {
      width: 100%;
    }
    table.classes {
      border-collapse: collapse;
      font-size: 0.85rem;
      font-variant-numeric: tabular-nums;
    }
    table.classes th,
    table.classes td {
      padding: 0.1rem 0.6rem;
      text-align: right;
    }
    h3 {
      font-size: 1rem;
      margin: 1rem 0 0.25rem;
    }
  `;

  @property({ attribute: false }) accessor runs: RunSummary[] = [];
  /** A model was trained in this session and is still in the worker. */
  @property({ type: Boolean }) accessor sessionModel = false;
  /** The worker is training: no evaluation until it ends. */
  @property({ type: Boolean }) accessor busy = false;
  @property({ attribute: false }) accessor progress: { done: number; total: number } | null = null;
  @property({ attribute: false }) accessor report: EvaluationReport | null = null;
  @property() accessor error = '';
  @property({ attribute: false }) accessor wrong: GalleryItem[] = [];
  @property({ attribute: false }) accessor cell: CellImages | null = null;
  /** The option the user picked ('' the session model), while it is still offered. */
  @state() private accessor _picked: string | undefined;

  override render() {
    const usable = this.runs.filter(hasModel);
    const nothingToEvaluate = !this.sessionModel && usable.length === 0;
    return html`
      <form @submit=${this._onSubmit}>
        <label
          >Model
          <select name="model" ?disabled=${nothingToEvaluate} @change=${this._onChoose}>
            ${
              this.sessionModel
                ? html`<option value="" ?selected=${this._chosen(usable) === ''}>
                    The model trained in this session
                  </option>`
                : nothing
            }
            ${usable.map(
              (run) =>
                html`<option value=${run.id} ?selected=${this._chosen(usable) === run.id}>
                  ${run.status === 'imported' ? run.name : `${run.name}: epoch ${run.epoch}`}
                </option>`,
            )}
          </select>
        </label>
        <button type="submit" ?disabled=${this.busy || this.progress !== null || nothingToEvaluate}>
          Evaluate on the test images
        </button>
      </form>
      ${nothingToEvaluate ? html`<p>Train a model (or keep one in Saved models) to evaluate it.</p>` : nothing}
      ${this.busy ? html`<p>Training is going on: evaluate when it ends.</p>` : nothing}
      ${
        this.progress
          ? html`<label
              >Predicting the test images: ${formatCount(this.progress.done)} of ${formatCount(this.progress.total)}
              <progress max=${this.progress.total} value=${this.progress.done}></progress>
            </label>`
          : nothing
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.report ? this._renderReport(this.report) : nothing}
    `;
  }

  private _renderReport(report: EvaluationReport) {
    const cell = this.cell;
    return html`
      <p class="summary">
        ${report.model}: <strong>test accuracy ${formatPercent(report.accuracy)}</strong>, loss
        ${formatLoss(report.loss)}, ${formatCount(report.count)} images
        (${formatCount(report.count - Math.round(report.accuracy * report.count))} wrong), in
        ${(report.millis / 1000).toFixed(1)} s.
      </p>
      <confusion-matrix
        .confusion=${report.confusion}
        .selected=${cell ? { label: cell.label, called: cell.called } : null}
      ></confusion-matrix>
      ${
        cell
          ? html`<h3 class="cell">
                True ${cell.label}, said ${cell.called}: ${formatCount(cell.total)}
                images${
                  cell.items.length < cell.total ? html`, the first ${formatCount(cell.items.length)} shown` : nothing
                }
              </h3>
              <digit-gallery class="cell" .items=${cell.items}></digit-gallery>`
          : nothing
      }
      <h3>Per class</h3>
      <table class="classes">
        <thead>
          <tr>
            <th scope="col">Digit</th>
            <th scope="col">Images</th>
            <th scope="col">Precision</th>
            <th scope="col">Recall</th>
          </tr>
        </thead>
        <tbody>
          ${report.confusion.map(
            (row, c) =>
              html`<tr>
                <th scope="row">${c}</th>
                <td>${formatCount(row.reduce((a, b) => a + b, 0))}</td>
                <td>${report.precision[c] === null ? '–' : formatPercent(report.precision[c])}</td>
                <td>${formatPercent(report.recall[c])}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h3>Most confidently wrong</h3>
      ${
        this.wrong.length === 0
          ? html`<p>No test image is wrong.</p>`
          : html`<digit-gallery class="wrong" .items=${this.wrong}></digit-gallery>`
      }
    `;
  }

  /** The user's pick if still offered, else the session model, else the newest run. */
  private _chosen(usable: RunSummary[]): string {
    const offered = (id: string) => (id === '' ? this.sessionModel : usable.some((run) => run.id === id));
    if (this._picked !== undefined && offered(this._picked)) return this._picked;
    return this.sessionModel ? '' : (usable[0]?.id ?? '');
  }

  private _onChoose(event: Event) {
    this._picked = (event.target as HTMLSelectElement).value;
  }

  private _onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const select = (event.target as HTMLFormElement).elements.namedItem('model') as HTMLSelectElement;
    const runId = select.value || null;
    fire(this, 'evaluate-request', { runId });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'test-evaluation': TestEvaluation;
  }
  interface HTMLElementEventMap {
    'evaluate-request': CustomEvent<{ runId: string | null }>;
  }
}
