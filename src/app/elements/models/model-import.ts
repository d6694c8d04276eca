import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { controls } from '../theme.js';
import { fire } from '../fire.js';

/**
 * Import of a model as one Keras .h5 file or TensorFlow.js layers files: a file picker,
 * or the file(s) dropped on the box. Emits `model-import` with `{ files }`; the worker
 * checks them before anything is stored.
 */
@customElement('model-import')
export class ModelImport extends LitElement {
  static override styles = css`
    ${controls}
    :host {
      display: block;
      margin-top: 0.75rem;
    }
    .drop {
      border: 2px dashed var(--border, #767676);
      border-radius: 0.5rem;
      padding: 0.75rem;
    }
    .drop.over {
      border-color: var(--focus-color, #1558b0);
    }
  `;

  @property({ type: Boolean }) accessor busy = false;
  /** What the last import did, or why it failed. */
  @property() accessor message = '';
  @property({ type: Boolean }) accessor failed = false;
  @state() private accessor _over = false;

  override render() {
    return html`<div
      class="drop ${this._over ? 'over' : ''}"
      @dragover=${this._onDragOver}
      @dragleave=${() => (this._over = false)}
      @drop=${this._onDrop}
    >
      <label
        >Import a model (a Keras .h5 file, or TensorFlow.js layers files: model.json and its weights; or drop them here)
        <input
          type="file"
          multiple
          accept=".h5,.json,.bin,application/x-hdf5,application/json,application/octet-stream"
          ?disabled=${this.busy}
          @change=${this._onPick}
        />
      </label>
      ${this.busy ? html`<p role="status">Checking the files…</p>` : nothing}
      ${
        this.message
          ? html`<p class=${this.failed ? 'error' : ''} role=${this.failed ? 'alert' : 'status'}>${this.message}</p>`
          : nothing
      }
    </div>`;
  }

  private _onDragOver(event: DragEvent) {
    event.preventDefault(); // allows the drop
    this._over = true;
  }

  private _onDrop(event: DragEvent) {
    event.preventDefault();
    this._over = false;
    if (!this.busy) this._emit([...(event.dataTransfer?.files ?? [])]);
  }

  private _onPick(event: Event) {
    const input = event.target as HTMLInputElement;
    this._emit([...(input.files ?? [])]);
    input.value = ''; // choosing the same files again imports again
  }

  private _emit(files: File[]) {
    if (files.length === 0) return;
    fire(this, 'model-import', { files });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'model-import': ModelImport;
  }
  interface HTMLElementEventMap {
    'model-import': CustomEvent<{ files: File[] }>;
  }
}
