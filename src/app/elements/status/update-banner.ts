import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controls } from '../theme.js';
import { fire } from '../fire.js';

/**
 * Where a new version stands: none; `available` (installed, waiting for the user);
 * `deferred` (the user asked during a run: it waits for the epoch's checkpoint);
 * `applying` (switching and reloading); `elsewhere` (another tab switched already).
 */
export type UpdateState = 'none' | 'available' | 'deferred' | 'applying' | 'elsewhere';

/** "Update available" and a button; never reloads by itself. Fires `update-request`. */
@customElement('update-banner')
export class UpdateBanner extends LitElement {
  static override styles = css`
    ${controls}
    :host {
      display: block;
    }
    .banner {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      padding: 0.5rem 0.75rem;
      border-radius: 0.4rem;
      background: color-mix(in srgb, currentColor 8%, transparent);
    }
    p {
      margin: 0;
    }
  `;

  @property() accessor state: UpdateState = 'none';
  /** The waiting version, when it said. */
  @property() accessor version: string | undefined;
  /** Whether a training run is going on. */
  @property({ type: Boolean }) accessor training = false;
  /** The epoch whose checkpoint comes next: a deferred update applies once it is saved. */
  @property({ type: Number }) accessor epoch = 0;

  override render() {
    if (this.state === 'none') return nothing;
    return html`<div class="banner" role="status">${this._content()}</div>`;
  }

  private _content() {
    const which = this.version ? ` (version ${this.version})` : '';
    switch (this.state) {
      case 'available':
        return html`<p>
            Update available${which}.
            ${
              this.training
                ? `Training goes on: the update waits for epoch ${this.epoch}'s checkpoint, then the run resumes.`
                : 'Updating reloads the page; saved models stay.'
            }
          </p>
          <button @click=${this._onClick}>Update</button>`;
      case 'deferred':
        return html`<p>Update waiting for epoch ${this.epoch}'s checkpoint; the run resumes after the reload.</p>`;
      case 'applying':
        return html`<p>Updating…</p>`;
      case 'elsewhere':
        return html`<p>A new version was applied in another tab. Reload to use it.</p>
          <button @click=${this._onClick}>Reload</button>`;
    }
  }

  private _onClick() {
    fire(this, 'update-request');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'update-banner': UpdateBanner;
  }
  interface HTMLElementEventMap {
    'update-request': Event;
  }
}
