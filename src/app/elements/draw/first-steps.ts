import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controls } from '../theme.js';

/**
 * What to do first when no saved model can read a drawing yet: train one, one tap away
 * (a link to the Train view), or, while the first run trains, when drawings start to work.
 * A card the page lays over the empty pad.
 */
@customElement('first-steps')
export class FirstSteps extends LitElement {
  static override styles = css`
    ${controls}
    :host {
      display: block;
      padding: 0.6rem 0.8rem;
      border: 1px solid var(--border, #767676);
      border-radius: 0.5rem;
      background: var(--bg, #fff);
      color: var(--fg, #1a1a1a);
    }
    p {
      margin: 0 0 0.5rem;
    }
    a {
      display: inline-block;
      padding: 0.5rem 1.2rem;
      border-radius: 0.4rem;
      background: var(--focus-color, #1558b0);
      color: var(--bg, #fff);
      font-weight: 700;
      text-decoration: none;
    }
  `;

  /** True while the first run trains (it has no finished epoch yet). */
  @property({ type: Boolean }) accessor training = false;

  override render() {
    if (this.training) {
      return html`<p role="status">
        Your first model is training. Drawings are read from its first finished epoch on.
      </p>`;
    }
    return html`<p>
        No model on this device yet. First train the notebook's CNN on MNIST here (a few minutes for one epoch); then
        draw a digit and it reads it.
      </p>
      <a href="#train">Train a model</a>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'first-steps': FirstSteps;
  }
}
