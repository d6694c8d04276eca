import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/** Offline or online, and whether the app is stored on this device, so what works is plain. */
@customElement('network-status')
export class NetworkStatus extends LitElement {
  static override styles = css`
    /* Two lines whatever it says, so the page below does not move when it changes. */
    :host {
      display: block;
      font-size: 0.9rem;
      min-height: 2lh;
    }
    p {
      margin: 0;
    }
    .offline {
      font-weight: 600;
    }
  `;

  /** navigator.onLine, as the page last heard. */
  @property({ type: Boolean }) accessor online = true;
  /** The service worker serves this page from its precache. */
  @property({ type: Boolean }) accessor stored = false;
  /** Why the app cannot be stored for offline use, if it cannot. */
  @property() accessor unavailable = '';

  override render() {
    return html`<p role="status">${this._text()}</p>`;
  }

  private _text() {
    if (this.online) {
      if (this.stored) return 'Online. Stored on this device: it also works offline.';
      if (this.unavailable) return `Online. It cannot be stored for offline use: ${this.unavailable}.`;
      return 'Online. Storing the app on this device for offline use…';
    }
    if (this.stored) {
      return html`<span class="offline">Offline.</span> Everything here runs from this device: data, training,
        checkpoints, saved models and predictions. New versions are looked for once you are back online.`;
    }
    return html`<span class="offline">Offline.</span> This app is not stored on this device yet, so it cannot open again
      without a network; what this page has loaded keeps working.`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'network-status': NetworkStatus;
  }
}
