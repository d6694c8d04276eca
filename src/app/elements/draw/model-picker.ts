import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controls } from '../theme.js';
import type { RunSummary } from '../../../protocol/runs.js';
import { formatPercent } from '../format.js';
import { hasModel } from '../../../shared/runs.js';
import { fire } from '../fire.js';

/**
 * Which saved model predicts the drawings: the newest checkpoint (following a run as it
 * trains) or a chosen run. Emits `model-pick` with `{ runId }` (null for the newest).
 */
@customElement('model-picker')
export class ModelPicker extends LitElement {
  static override styles = css`
    ${controls}
    :host {
      display: block;
      margin-bottom: 0.5rem;
    }
    select {
      max-width: 100%;
    }
  `;

  /** Saved runs; those without a finished epoch (and not imported) have no model to use. */
  @property({ attribute: false }) accessor runs: RunSummary[] = [];
  /** The chosen run's id, or null for the newest checkpoint. */
  @property({ attribute: false }) accessor value: string | null = null;

  override render() {
    const usable = this.runs.filter(hasModel);
    return html`<label>
      Model for drawing
      <select @change=${this._onChange}>
        <option value="" ?selected=${this.value === null}>Newest checkpoint (follows training)</option>
        ${usable.map(
          (run) => html`<option value=${run.id} ?selected=${this.value === run.id}>${describe(run)}</option>`,
        )}
      </select>
    </label>`;
  }

  private _onChange(event: Event) {
    const runId = (event.target as HTMLSelectElement).value || null;
    fire(this, 'model-pick', { runId });
  }
}

function describe(run: RunSummary): string {
  if (run.status === 'imported') return run.name;
  const best = run.bestValAccuracy === null ? '' : `, best validation accuracy ${formatPercent(run.bestValAccuracy)}`;
  return `${run.name}: epoch ${run.epoch}${best}`;
}

declare global {
  interface HTMLElementTagNameMap {
    'model-picker': ModelPicker;
  }
  interface HTMLElementEventMap {
    'model-pick': CustomEvent<{ runId: string | null }>;
  }
}
