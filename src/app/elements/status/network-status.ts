import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/**
 * Where the page runs on iOS: a Safari tab, or the app added to the Home Screen
 * (`navigator.standalone` exists in iOS Safari alone); '' elsewhere.
 */
export type HomeScreen = 'safari-tab' | 'installed' | '';

export function homeScreen(): HomeScreen {
  const standalone = (navigator as Navigator & { standalone?: boolean }).standalone;
  return standalone === undefined ? '' : standalone ? 'installed' : 'safari-tab';
}

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
  /** On iOS, where the data lives depends on where the page runs. */
  @property() accessor homeScreen: HomeScreen = homeScreen();

  override render() {
    return html`<p role="status">${this._text()}</p>
      ${this._homeScreenText()}`;
  }

  private _homeScreenText() {
    // Safari deletes a site's storage after 7 days without a visit; an app on the Home
    // Screen keeps its own, apart from Safari's.
    if (this.homeScreen === 'safari-tab') {
      return html`<p>
        In a Safari tab, MNIST and your models are deleted after 7 days without a visit: Share, then Add to Home Screen,
        keeps them.
      </p>`;
    }
    if (this.homeScreen === 'installed') {
      return html`<p>On the Home Screen: MNIST and your models are stored here, apart from Safari's.</p>`;
    }
    return '';
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
