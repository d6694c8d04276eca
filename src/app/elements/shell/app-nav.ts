import { LitElement, css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controls } from '../theme.js';
import { VIEWS, VIEW_LABELS, type View } from '../../views/view-names.js';

/** 24x24 outline icons, drawn with the text's colour. */
const ICONS: Readonly<Record<View, ReturnType<typeof svg>>> = {
  draw: svg`<path d="M4 20l4-1 11-11-3-3L5 16l-1 4z M14 7l3 3" />`,
  train: svg`<path d="M3 20h18 M5 16l4-6 4 3 6-8" />`,
  models: svg`<path d="M4 7l8-4 8 4-8 4-8-4z M4 12l8 4 8-4 M4 17l8 4 8-4" />`,
  evaluate: svg`<path d="M4 12l5 5L20 6" />`,
};

/**
 * The bar of views: links to #draw, #train, #models and #evaluate, the current one marked
 * with `aria-current="page"`. A bar at the bottom of a phone's screen, a row of tabs at the
 * top of a wide one (mnist-app.styles.ts places it). While a run trains, Train says so.
 */
@customElement('app-nav')
export class AppNav extends LitElement {
  static override styles = css`
    ${controls}
    :host {
      display: block;
    }
    nav {
      display: grid;
      grid-template-columns: repeat(4, 1fr);
    }
    a {
      display: grid;
      justify-items: center;
      gap: 0.1rem;
      min-height: 3.25rem;
      padding: 0.35rem 0.25rem;
      color: inherit;
      text-decoration: none;
      font-size: 0.8rem;
      border-top: 3px solid transparent;
    }
    a[aria-current='page'] {
      font-weight: 700;
      color: var(--focus-color, #1558b0);
      border-top-color: currentColor;
    }
    svg {
      width: 1.5rem;
      height: 1.5rem;
      fill: none;
      stroke: currentColor;
      stroke-width: 2;
      stroke-linecap: round;
      stroke-linejoin: round;
    }
    .busy {
      position: relative;
    }
    .busy::after {
      content: '';
      position: absolute;
      top: 0;
      right: -0.4rem;
      width: 0.5rem;
      height: 0.5rem;
      border-radius: 50%;
      background: var(--train-color, #1e88e5);
    }
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  `;

  /** The view the URL names. */
  @property() accessor current: View = 'draw';
  /** True while a run trains in this tab. */
  @property({ type: Boolean }) accessor training = false;

  override render() {
    return html`<nav aria-label="Views">
      ${VIEWS.map((view) => {
        const busy = view === 'train' && this.training;
        return html`<a href="#${view}" aria-current=${view === this.current ? 'page' : 'false'}>
          <span class=${busy ? 'busy' : ''}><svg viewBox="0 0 24 24" aria-hidden="true">${ICONS[view]}</svg></span>
          ${VIEW_LABELS[view]}${busy ? html`<span class="sr-only"> (training)</span>` : ''}
        </a>`;
      })}
    </nav>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-nav': AppNav;
  }
}
