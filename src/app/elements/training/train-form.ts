import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { controls } from '../theme.js';
import {
  DEFAULT_CONFIG,
  FIELD_NAMES,
  FIELDS,
  parseConfig,
  type ConfigErrors,
  type FieldGroup,
  type TrainConfig,
} from '../../../shared/train-config.js';
import { fire } from '../fire.js';

/** Up front: what a first run changes, if anything. The notebook's values are the defaults. */
const UP_FRONT: readonly (keyof TrainConfig)[] = ['epochs', 'batchSize', 'backend'];

/** Under "More settings", by group. */
const GROUPS: [FieldGroup, string][] = [
  ['training', 'Training'],
  ['augmentation', 'Augmentation'],
  ['early-stopping', 'Early stopping'],
];
const MORE = FIELD_NAMES.filter((name) => !UP_FRONT.includes(name));

export type RawConfig = Partial<Record<keyof TrainConfig, string>>;

/**
 * The training settings and the Train and Stop buttons: epochs, batch size and backend up
 * front, the rest under "More settings" (opened by itself when a link sets one of them or
 * one is invalid). Validates on Train: an invalid field gets its message beside it and
 * nothing starts. Fires `train-request` (detail:
 * TrainConfig), `train-stop`, and `config-input` (detail: the raw values) as the user types.
 */
@customElement('train-form')
export class TrainForm extends LitElement {
  static override styles = css`
    ${controls}
    :host {
      display: block;
    }
    fieldset {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
      gap: 0.75rem;
      align-items: start;
      border: 1px solid color-mix(in srgb, currentColor 25%, transparent);
      border-radius: 0.4rem;
      margin: 0 0 0.75rem;
    }
    label.checkbox {
      display: flex;
      gap: 0.4rem;
      align-items: center;
    }
    label {
      display: grid;
      gap: 0.2rem;
      font-size: 0.9rem;
    }
    input,
    select {
      padding: 0.3rem;
      min-width: 0;
    }
    /* A ring of its own, so the focus outline still shows on an invalid field. */
    [aria-invalid='true'] {
      box-shadow: 0 0 0 2px var(--error-color, #b00020);
    }
    .error {
      font-size: 0.85rem;
      margin: 0;
    }
    .note {
      margin: 0 0 0.5rem;
    }
    /* A field with a line of explanation takes the fieldset's whole row. */
    .hinted {
      grid-column: 1 / -1;
      display: grid;
      grid-template-columns: minmax(10rem, 16rem) 1fr;
      gap: 0.2rem 0.75rem;
      align-items: end;
    }
    .hinted small {
      font-size: 0.8rem;
    }
    @media (max-width: 30rem) {
      .hinted {
        grid-template-columns: 1fr;
      }
    }
    .buttons {
      display: flex;
      gap: 0.5rem;
    }
    details {
      margin: 0 0 0.75rem;
    }
    summary {
      cursor: pointer;
      margin-bottom: 0.5rem;
    }
    .defaults {
      font-size: 0.9rem;
      margin: 0 0 0.5rem;
    }
    button {
      padding: 0.4rem 1.2rem;
    }
  `;

  /** Raw values to start from (the URL query); missing fields show their defaults. */
  @property({ attribute: false }) accessor initial: RawConfig = {};
  /** What the URL said that no field takes (see `queryNotes`), shown above the fields. */
  @property({ attribute: false }) accessor notes: string[] = [];
  /** True while a run goes on: Train is disabled and Stop enabled. */
  @property({ type: Boolean }) accessor running = false;
  /** False until the dataset is ready. */
  @property({ type: Boolean }) accessor ready = false;

  @state() private accessor _values: RawConfig = {};
  @state() private accessor _errors: ConfigErrors = {};
  @state() private accessor _more = false;

  override willUpdate(changed: Map<PropertyKey, unknown>) {
    if (changed.has('initial')) {
      this._values = { ...this.initial };
      // A bad shared link shows its problems at once.
      this._errors = parseConfig(this._values).errors ?? {};
      this._more ||= MORE.some((name) => this._errors[name] || this.initial[name] !== undefined);
    }
  }

  override render() {
    return html`<form @submit=${this._onSubmit} novalidate>
      ${this.notes.map((note) => html`<p class="note" role="status">${note}</p>`)}
      <p class="defaults">
        Every setting starts at the notebook's: 10 epochs of batch 32, Adam at 0.001, an 80/20 split, augmentation,
        early stopping with patience 20.
      </p>
      <fieldset>
        <legend>Run</legend>
        ${UP_FRONT.map((name) => this._renderField(name))}
      </fieldset>
      <details ?open=${this._more} @toggle=${this._onToggle}>
        <summary>More settings</summary>
        ${GROUPS.map(
          ([group, legend]) =>
            html`<fieldset>
              <legend>${legend}</legend>
              ${MORE.filter((name) => FIELDS[name].group === group).map((name) => this._renderField(name))}
            </fieldset>`,
        )}
      </details>
      <div class="buttons">
        <button type="submit" ?disabled=${this.running || !this.ready}>Train</button>
        <button type="button" ?disabled=${!this.running} @click=${this._onStop}>Stop</button>
      </div>
    </form>`;
  }

  private _renderField(name: keyof TrainConfig) {
    const spec = FIELDS[name];
    const value = this._values[name] ?? String(DEFAULT_CONFIG[name]);
    const error = this._errors[name];
    const errorId = `${name}-error`;
    const hintId = `${name}-hint`;
    const described = [error ? errorId : '', spec.hint ? hintId : ''].filter(Boolean).join(' ') || nothing;
    // Beside the label, not in it: the field's name stays its label.
    const hinted = (field: unknown) =>
      spec.hint ? html`<div class="hinted">${field}<small id=${hintId}>${spec.hint}</small></div>` : field;
    if (spec.kind === 'boolean') {
      return hinted(
        html`<label class="checkbox">
          <input
            name=${name}
            type="checkbox"
            .checked=${parseConfig({ [name]: value }).config?.[name] === true}
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${described}
            ?disabled=${this.running}
            @change=${this._onInput}
          />
          ${spec.label} ${error ? html`<p class="error" id=${errorId}>${error}</p>` : nothing}
        </label>`,
      );
    }
    const control =
      spec.kind === 'choice'
        ? html`<select
            name=${name}
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${described}
            ?disabled=${this.running}
            @change=${this._onInput}
          >
            ${spec.choices.map((choice) => html`<option value=${choice} ?selected=${choice === value}>${choice}</option>`)}
            ${spec.choices.includes(value) ? nothing : html`<option value=${value} selected>${value}</option>`}
          </select>`
        : html`<input
            name=${name}
            type="text"
            inputmode=${spec.kind === 'integer' ? 'numeric' : 'decimal'}
            autocomplete="off"
            .value=${value}
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${described}
            ?disabled=${this.running}
            @input=${this._onInput}
          />`;
    return hinted(
      html`<label>
        ${spec.label} ${control} ${error ? html`<p class="error" id=${errorId}>${error}</p>` : nothing}
      </label>`,
    );
  }

  private _onInput(event: Event) {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    const name = target.name as keyof TrainConfig;
    const value =
      target instanceof HTMLInputElement && target.type === 'checkbox' ? String(target.checked) : target.value;
    this._values = { ...this._values, [name]: value };
    if (this._errors[name]) this._errors = { ...this._errors, [name]: undefined };
    fire(this, 'config-input', this._values);
  }

  private async _onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const result = parseConfig(this._values);
    if (result.errors) {
      this._errors = result.errors;
      this._more ||= MORE.some((name) => result.errors[name]);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this._errors = {};
    fire(this, 'train-request', result.config);
  }

  private _onToggle(event: Event) {
    this._more = (event.target as HTMLDetailsElement).open;
  }

  private _onStop() {
    fire(this, 'train-stop');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'train-form': TrainForm;
  }
  interface HTMLElementEventMap {
    'config-input': CustomEvent<RawConfig>;
    'train-request': CustomEvent<TrainConfig>;
    'train-stop': Event;
  }
}
