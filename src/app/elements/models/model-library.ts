import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { controls } from '../theme.js';
import type { RunSummary } from '../../../protocol/runs.js';
import { hasModel, isResumable, trainsFurther } from '../../../shared/runs.js';
import type { BackendChoice } from '../../../shared/train-config.js';
import { formatDateTime, formatMegabytes, formatPercent } from '../format.js';
import { fire } from '../fire.js';

export interface StorageStatus {
  /** Bytes used and the quota; absent where the browser has no StorageManager to tell. */
  usage?: number;
  quota?: number;
  /** Whether the browser keeps the data under pressure; `asking` while its prompt waits for an answer. */
  persistence: Persistence;
}

export type Persistence = 'granted' | 'not granted' | 'asking' | 'unavailable';

const PERSISTENCE_TEXT: Record<Persistence, string> = {
  granted: 'granted (the browser will not evict it)',
  'not granted': 'not granted (the browser may evict it under pressure)',
  asking: 'asked for, and the browser is waiting for your answer (training goes on meanwhile)',
  unavailable: 'unknown: this browser has no storage API, and may evict the data under pressure',
};

const STATUS_TEXT: Record<RunSummary['status'], string> = {
  running: 'interrupted',
  stopped: 'stopped',
  completed: 'complete',
  'early-stopped': 'stopped early',
  imported: 'imported',
};

/** A run's name, as the trainer worker allows it (trimmed). */
const MAX_NAME = 80;

/**
 * Saved runs with name, date, epochs, best validation accuracy and size; rename, delete
 * resume, export (TensorFlow.js files, or Keras .h5) and share (.h5, where the browser can
 * share it); storage used and available. Fires `run-resume`, `run-rename`, `run-delete`,
 * `run-export`, `run-export-h5` and `run-share` (detail: { id }, and the new name for
 * `run-rename`), and `h5-naming` when the .h5 files' name is chosen.
 */
@customElement('model-library')
export class ModelLibrary extends LitElement {
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
    }
    th,
    td {
      padding: 0.2rem 0.5rem;
      text-align: left;
      white-space: nowrap;
    }
    /* The actions and a long name wrap: the row's buttons (up to six) and its name stay
       on screen in a half-width view. */
    th,
    td.actions,
    td.name,
    td.saved {
      white-space: normal;
    }
    th {
      vertical-align: bottom;
    }
    td.name {
      min-width: 8rem;
      overflow-wrap: anywhere;
    }
    td.actions button {
      margin-block: 0.1rem;
    }
    td.number {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    .error {
      margin: 0.2rem 0 0;
      white-space: normal;
    }
    .h5-name {
      display: block;
      margin-bottom: 0.5rem;
    }
  `;

  /** Newest first. */
  @property({ attribute: false }) accessor runs: RunSummary[] = [];
  @property({ attribute: false }) accessor storage: StorageStatus | undefined;
  /** The run training now: it cannot be resumed or deleted. */
  @property() accessor activeRunId = '';
  /** True while any run trains: nothing can be resumed. */
  @property({ type: Boolean }) accessor busy = false;
  /** Whether this browser's share sheet takes an .h5 file: only then does a row offer Share. */
  @property({ type: Boolean }) accessor canShare = false;
  /** .h5 files named after the run; else the notebook's `mnist_cnn_model.h5`. */
  @property({ type: Boolean }) accessor h5NamedAfterRun = false;

  @state() private accessor _renaming = '';
  /** Why the name typed into the rename form was not sent. */
  @state() private accessor _renameError = '';

  override render() {
    return html`${this._renderStorage()}${this._renderH5Name()}
    ${
      this.runs.length === 0
        ? html`<p>No saved models yet: a checkpoint is saved after every epoch.</p>`
        : html`<div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Saved</th>
                  <th>Epochs</th>
                  <th>Best val accuracy</th>
                  <th>Size</th>
                  <th>State</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                ${this.runs.map((run) => this._renderRun(run))}
              </tbody>
            </table>
          </div>`
    }`;
  }

  private _renderStorage() {
    const storage = this.storage;
    if (!storage) return nothing;
    const { usage, quota, persistence } = storage;
    const used =
      usage === undefined || quota === undefined
        ? 'how much is used is unknown in this browser'
        : `${formatMegabytes(usage)} used, ${formatMegabytes(Math.max(0, quota - usage))} available`;
    return html`<p class="storage">Storage: ${used}. Persistent storage: ${PERSISTENCE_TEXT[persistence]}.</p>`;
  }

  private _renderH5Name() {
    if (!this.runs.some(hasModel)) return nothing;
    // The notebook's name by default: its FastAPI service loads mnist_cnn_model.h5.
    return html`<label class="h5-name">
      <input
        type="checkbox"
        .checked=${this.h5NamedAfterRun}
        @change=${(event: Event) => fire(this, 'h5-naming', { afterRun: (event.target as HTMLInputElement).checked })}
      />
      Name .h5 files after the model (otherwise mnist_cnn_model.h5, the notebook's name)
    </label>`;
  }

  private _renderRun(run: RunSummary) {
    const active = run.id === this.activeRunId;
    const name =
      this._renaming === run.id
        ? html`<form novalidate @submit=${(event: SubmitEvent) => this._onRenameSubmit(event, run)}>
            <input
              name="name"
              aria-label="New name for ${run.name}"
              .value=${run.name}
              maxlength=${MAX_NAME}
              aria-invalid=${this._renameError ? 'true' : 'false'}
              aria-describedby=${this._renameError ? 'rename-error' : nothing}
            />
            <button type="submit">Save name</button>
            ${this._renameError ? html`<p class="error" id="rename-error">${this._renameError}</p>` : nothing}
          </form>`
        : run.name;
    return html`<tr>
      <td class="name">${name}</td>
      <td class="saved">${formatDateTime(run.updatedAt)}</td>
      <td class="number">${run.status === 'imported' ? '–' : `${run.epoch} of ${run.epochs}`}</td>
      <td class="number">${run.bestValAccuracy === null ? '–' : formatPercent(run.bestValAccuracy)}</td>
      <td class="number">${formatMegabytes(run.sizeBytes)}</td>
      <td>${active ? 'training' : STATUS_TEXT[run.status]}</td>
      <td class="actions">
        ${
          (isResumable(run) || trainsFurther(run)) && !active
            ? html`<button
                aria-label="Resume ${run.name}"
                ?disabled=${this.busy}
                @click=${() => this._fire('run-resume', run)}
              >
                Resume
              </button>`
            : nothing
        }
        ${
          hasModel(run)
            ? html`<button aria-label="Export ${run.name}" @click=${() => this._fire('run-export', run)}>Export</button>
                <button aria-label="Export .h5 of ${run.name}" @click=${() => this._fire('run-export-h5', run)}>
                  Export .h5
                </button>
                ${
                  this.canShare
                    ? html`<button aria-label="Share ${run.name} as .h5" @click=${() => this._fire('run-share', run)}>
                        Share
                      </button>`
                    : nothing
                }`
            : nothing
        }
        <button aria-label="Rename ${run.name}" @click=${() => this._startRename(run)}>Rename</button>
        <button aria-label="Delete ${run.name}" ?disabled=${active} @click=${() => this._fire('run-delete', run)}>
          Delete
        </button>
      </td>
    </tr>`;
  }

  private _startRename(run: RunSummary) {
    this._renaming = run.id;
    this._renameError = '';
  }

  private async _onRenameSubmit(event: SubmitEvent, run: RunSummary) {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
    // The worker checks the same; saying it here keeps the form open with the message beside it.
    const length = input.value.trim().length;
    if (length < 1 || length > MAX_NAME) {
      this._renameError = `A name needs 1 to ${MAX_NAME} characters (got ${length}).`;
      await this.updateComplete;
      input.focus();
      return;
    }
    this._renaming = '';
    this._renameError = '';
    fire(this, 'run-rename', { id: run.id, name: input.value });
  }

  private _fire(type: 'run-resume' | 'run-delete' | 'run-export' | 'run-export-h5' | 'run-share', run: RunSummary) {
    fire(this, type, { id: run.id });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'model-library': ModelLibrary;
  }
  interface HTMLElementEventMap {
    /** Also fired by <resume-offer>, with a backend. */
    'run-resume': CustomEvent<{ id: string; backend?: BackendChoice }>;
    'run-rename': CustomEvent<{ id: string; name: string }>;
    'run-delete': CustomEvent<{ id: string }>;
    'run-export': CustomEvent<{ id: string }>;
    'run-export-h5': CustomEvent<{ id: string }>;
    'run-share': CustomEvent<{ id: string }>;
    'h5-naming': CustomEvent<{ afterRun: boolean }>;
  }
}
