import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RunSummary } from '../../../protocol/runs.js';
import type { Fault } from '../../controllers/run-faults.js';
import type { BackendChoice } from '../../../shared/train-config.js';
import { fire } from '../fire.js';

/**
 * Offers to resume an unfinished run from its last checkpoint. After a fault it says
 * what happened; after the same fault twice on one backend, it offers another backend
 * first. Fires `run-resume` (detail: { id, backend? }).
 */
@customElement('resume-offer')
export class ResumeOffer extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    p {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      margin: 0.5rem 0;
    }
    .fault {
      padding: 0.5rem 0.75rem;
      border-radius: 0.4rem;
      background: color-mix(in srgb, #d33 12%, transparent);
    }
  `;

  @property({ attribute: false }) accessor run: RunSummary | undefined;
  /** The fault that ended this run, if one did. */
  @property({ attribute: false }) accessor fault: Fault | undefined;

  override render() {
    const run = this.run;
    if (!run) return nothing;
    const fault = this.fault?.runId === run.id ? this.fault : undefined;
    const saved = `"${run.name}" is saved up to epoch ${run.epoch} of ${run.epochs}.`;
    if (!fault) {
      return html`<p>
        "${run.name}" stopped after epoch ${run.epoch} of ${run.epochs}.
        <button @click=${() => this._resume(run.id)}>Resume</button>
      </p>`;
    }
    // What happened is told above (the run's "Training failed" line); this says what is left.
    if (!fault.repeated) {
      return html`<p class="fault">
        <span>${saved} Training can carry on from there, in a new worker.</span>
        <button @click=${() => this._resume(run.id)}>Resume</button>
      </p>`;
    }
    return html`<p class="fault">
      <span>It failed twice on ${fault.backend}. ${saved}</span>
      <button @click=${() => this._resume(run.id, fault.alternative)}>Resume on ${fault.alternative}</button>
      <button @click=${() => this._resume(run.id, fault.backend)}>Resume on ${fault.backend} anyway</button>
    </p>`;
  }

  private _resume(id: string, backend?: BackendChoice) {
    fire(this, 'run-resume', { id, backend });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'resume-offer': ResumeOffer;
  }
  interface HTMLElementEventMap {
    /** Also fired by <model-library>, without a backend. */
    'run-resume': CustomEvent<{ id: string; backend?: BackendChoice }>;
  }
}
