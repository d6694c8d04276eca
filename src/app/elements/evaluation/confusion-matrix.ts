import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controls } from '../theme.js';
import { formatCount } from '../format.js';
import { fire } from '../fire.js';

/**
 * A 10x10 confusion matrix, true class by row, predicted class by column, shaded by
 * count. Every cell is a button: emits `cell-pick` with `{ label, called }`.
 */
@customElement('confusion-matrix')
export class ConfusionMatrix extends LitElement {
  static override styles = css`
    ${controls}
    :host {
      display: block;
      overflow-x: auto;
    }
    table {
      border-collapse: collapse;
      font-size: 0.8rem;
      font-variant-numeric: tabular-nums;
    }
    th {
      padding: 0.15rem 0.35rem;
      font-weight: 600;
    }
    td {
      padding: 0;
    }
    /* The theme's shades at full strength keep the text at 4.5:1 in either colour
       scheme, so one text colour serves every cell. */
    button {
      width: 3.2rem;
      padding: 0.3rem 0.2rem;
      border: 1px solid var(--border, #767676);
      text-align: right;
      color: inherit;
      background: color-mix(in srgb, var(--cell) calc(var(--share) * 100%), transparent);
      cursor: pointer;
    }
    button.right {
      --cell: var(--right-cell, #66bb6a);
    }
    button.wrong {
      --cell: var(--wrong-cell, #e57373);
    }
    button[aria-pressed='true'] {
      outline: 3px solid currentColor;
      outline-offset: -3px;
    }
    /* Outside the cell, over its neighbours, where the page's background is behind it. */
    button:focus-visible {
      position: relative;
      outline: 3px solid var(--focus-color, #1558b0);
      outline-offset: 1px;
    }
    caption {
      text-align: left;
      padding-bottom: 0.25rem;
    }
  `;

  /** confusion[t][p]: images of class t predicted as p. */
  @property({ attribute: false }) accessor confusion: number[][] = [];
  /** The cell whose images are shown, if any. */
  @property({ attribute: false }) accessor selected: { label: number; called: number } | null = null;

  override render() {
    const rows = this.confusion;
    // Shading by the logarithm: the diagonal holds about a thousand images a class, a
    // typical error cell a handful, and both should be visible.
    const largest = Math.max(1, ...rows.flat());
    const share = (n: number) => (n === 0 ? 0 : Math.log1p(n) / Math.log1p(largest));
    return html`<table>
      <caption>
        Rows: the true digit. Columns: what the model said. Choose a cell to see its images.
      </caption>
      <thead>
        <tr>
          <th scope="col">true \\ said</th>
          ${rows.map((_, c) => html`<th scope="col">${c}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row, label) =>
            html`<tr>
              <th scope="row">${label}</th>
              ${row.map((count, called) => {
                const s = share(count);
                const chosen = this.selected?.label === label && this.selected.called === called;
                return html`<td>
                  <button
                    class=${label === called ? 'right' : 'wrong'}
                    data-share=${s.toFixed(3)}
                    aria-pressed=${chosen ? 'true' : 'false'}
                    aria-label="True ${label}, said ${called}: ${formatCount(count)} images"
                    @click=${() => this._pick(label, called)}
                  >
                    ${formatCount(count)}
                  </button>
                </td>`;
              })}
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  // The shade goes through CSSOM: the CSP allows no style attributes.
  protected override updated() {
    for (const button of this.renderRoot.querySelectorAll<HTMLButtonElement>('button[data-share]')) {
      button.style.setProperty('--share', button.dataset.share ?? '0');
    }
  }

  private _pick(label: number, called: number) {
    fire(this, 'cell-pick', { label, called });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'confusion-matrix': ConfusionMatrix;
  }
  interface HTMLElementEventMap {
    'cell-pick': CustomEvent<{ label: number; called: number }>;
  }
}
