import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controls } from '../theme.js';
import type {
  FineTuneProgress,
  FineTuneResult,
  PersonalDigit,
  PersonalImport,
} from '../../../protocol/personal-digits.js';
import { paintDigit } from '../digit-image.js';
import { formatPercent } from '../format.js';
import { IMAGE_SIDE } from '../../../shared/mnist.js';
import { fire } from '../fire.js';

/**
 * Teach the model your handwriting: label the last drawing ("this was a 7") into a
 * personal set, see and prune the set, download it as JSON or import such a file, and
 * fine-tune the drawing model on it. Emits `personal-add` ({ label }), `personal-delete`
 * ({ id }), `personal-export`, `personal-import` ({ file }) and `personal-fine-tune`.
 */
@customElement('personal-set')
export class PersonalSetElement extends LitElement {
  static override styles = css`
    ${controls}
    :host {
      display: block;
    }
    .labels {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
      align-items: center;
    }
    .labels button {
      min-width: 2.5rem;
      min-height: 2.5rem;
    }
    ul {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(4.5rem, 1fr));
      gap: 0.4rem;
      list-style: none;
      padding: 0;
    }
    li {
      display: grid;
      justify-items: center;
      font-size: 0.8rem;
    }
    canvas {
      width: 42px;
      height: 42px;
      image-rendering: pixelated;
      border: 1px solid var(--border, #767676);
    }
    progress {
      width: 100%;
    }
  `;

  @property({ attribute: false }) accessor digits: PersonalDigit[] = [];
  /** A drawing was predicted: it can be labelled. */
  @property({ type: Boolean }) accessor canLabel = false;
  /** The model drawings go to, which a fine-tune starts from; empty: none. */
  @property() accessor modelName = '';
  /** The trainer worker is busy (training, another job): no fine-tune. */
  @property({ type: Boolean }) accessor busy = false;
  @property({ attribute: false }) accessor progress: FineTuneProgress | null = null;
  @property({ attribute: false }) accessor result: FineTuneResult | null = null;
  /** What the last import did. */
  @property({ attribute: false }) accessor imported: PersonalImport | null = null;
  /** An import is being checked: no other can start. */
  @property({ type: Boolean }) accessor importing = false;
  @property() accessor error = '';

  override render() {
    const counts = new Array<number>(10).fill(0);
    for (const digit of this.digits) counts[digit.label]++;
    return html`
      ${
        this.canLabel
          ? html`<div class="labels" role="group" aria-label="Label the drawing">
              This drawing was a
              ${counts.map(
                (_, label) =>
                  html`<button
                    aria-label="Label the drawing as ${label}"
                    @click=${() => fire(this, 'personal-add', { label })}
                  >
                    ${label}
                  </button>`,
              )}
            </div>`
          : html`<p>Draw a digit above (a model must predict it), then label it here.</p>`
      }
      <p class="count">
        ${this.digits.length} labelled
        digits${
          this.digits.length
            ? html` (${counts
                .map((n, d) => (n ? `${d}: ${n}` : ''))
                .filter(Boolean)
                .join(', ')})`
            : nothing
        }.
        <button ?disabled=${this.digits.length === 0} @click=${() => fire(this, 'personal-export', {})}>
          Download as JSON
        </button>
      </p>
      <p class="import">
        <label
          >Import digits (JSON)
          <input type="file" accept=".json,application/json" ?disabled=${this.importing} @change=${this._onPick} />
        </label>
        ${
          this.importing
            ? html`<span role="status">Checking the file…</span>`
            : this.imported
              ? html`<span class="imported" role="status">${importSummary(this.imported)}</span>`
              : nothing
        }
      </p>
      <ul>
        ${this.digits.map(
          (digit, i) =>
            html`<li>
              <canvas
                width=${IMAGE_SIDE}
                height=${IMAGE_SIDE}
                role="img"
                aria-label="A ${digit.label} you drew"
              ></canvas>
              <span>${digit.label}</span>
              <button
                aria-label="Delete ${digit.label} number ${i + 1}"
                @click=${() => fire(this, 'personal-delete', { id: digit.id })}
              >
                Delete
              </button>
            </li>`,
        )}
      </ul>
      <button
        class="fine-tune"
        ?disabled=${this.busy || this.progress !== null || !this.modelName || this.digits.length === 0}
        @click=${() => fire(this, 'personal-fine-tune', {})}
      >
        Fine-tune ${this.modelName ? `"${this.modelName}"` : 'the drawing model'} on these digits
      </button>
      ${
        this.progress
          ? html`<label
              >Fine-tuning: epoch ${this.progress.epoch} of ${this.progress.epochs}, batch ${this.progress.batch} of
              ${this.progress.batchesPerEpoch}
              <progress
                max=${this.progress.epochs * this.progress.batchesPerEpoch}
                value=${(this.progress.epoch - 1) * this.progress.batchesPerEpoch + this.progress.batch}
              ></progress>
            </label>`
          : nothing
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        this.result
          ? html`<p class="result" role="status">
              On your ${this.result.heldOut} held-out digits: ${formatPercent(this.result.before)} before,
              <strong>${formatPercent(this.result.after)} after</strong> (trained on ${this.result.trainedOn} of yours
              and ${this.result.mnistImages} MNIST
              images${this.result.recalibrated ? ", BatchNorm's statistics recomputed over them" : ''},
              ${(this.result.millis / 1000).toFixed(0)} s). Saved as "${this.result.run.name}".
            </p>`
          : nothing
      }
    `;
  }

  protected override updated() {
    const canvases = this.renderRoot.querySelectorAll('ul canvas');
    this.digits.forEach((digit, i) => {
      const canvas = canvases[i] as HTMLCanvasElement | undefined;
      if (canvas) paintDigit(canvas, digit.pixels);
    });
  }

  private _onPick(event: Event) {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = ''; // choosing the same file again imports again
    if (file) fire(this, 'personal-import', { file });
  }
}

const digitCount = (n: number) => `${n} digit${n === 1 ? '' : 's'}`;

/** "Added 40 digits, 2 already here." */
export function importSummary({ added, skipped }: PersonalImport): string {
  if (added === 0 && skipped === 0) return 'The file holds no digits: nothing added.';
  if (added === 0) return `Nothing added: ${skipped === 1 ? 'its digit is' : `all ${skipped} are`} already here.`;
  return `Added ${digitCount(added)}${skipped ? `, ${skipped} already here` : ''}.`;
}

declare global {
  interface HTMLElementTagNameMap {
    'personal-set': PersonalSetElement;
  }
  interface HTMLElementEventMap {
    'personal-add': CustomEvent<{ label: number }>;
    'personal-delete': CustomEvent<{ id: string }>;
    'personal-export': CustomEvent<Record<string, never>>;
    'personal-import': CustomEvent<{ file: File }>;
    'personal-fine-tune': CustomEvent<Record<string, never>>;
  }
}
