import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controls } from '../theme.js';
import { fire } from '../fire.js';

/**
 * - `installed`: this page runs as the installed app;
 * - `offered`: the browser lets the page offer installation (a button);
 * - `menu`: the browser installs from its own menu and has not offered it to the page
 *   (already installed, or not yet installable);
 * - `none`: the browser does not install web apps from a manifest;
 * - `ios`: Add to Home Screen, said by <network-status>.
 */
export type InstallState = 'installed' | 'offered' | 'menu' | 'none' | 'ios';

/** Installing the app, as this browser allows it. Emits `install-request`. */
@customElement('install-offer')
export class InstallOffer extends LitElement {
  static override styles = css`
    ${controls}
    :host {
      display: block;
      margin-top: 0.75rem;
    }
    p {
      margin: 0.25rem 0;
    }
  `;

  @property() accessor state: InstallState = 'none';
  @property() accessor message = '';

  override render() {
    return html`${this._text()} ${this.message ? html`<p role="status">${this.message}</p>` : nothing}`;
  }

  private _text() {
    switch (this.state) {
      case 'installed':
        return html`<p>Installed: this app runs in a window of its own, with no browser around it.</p>`;
      case 'offered':
        return html`<p>
          <button @click=${() => fire(this, 'install-request')}>Install this app</button>
          It then opens from your apps like any other, and works offline.
        </p>`;
      case 'menu':
        return html`<p>Install: your browser's menu installs this app (Install app), if it is not installed yet.</p>`;
      case 'none':
        return html`<p>
          Install: this browser does not install web apps (in Safari on a Mac: File, then Add to Dock). Keep this page
          as a bookmark instead: it works offline once stored on this device.
        </p>`;
      case 'ios':
        return nothing; // <network-status> says how: Share, then Add to Home Screen
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'install-offer': InstallOffer;
  }
  interface HTMLElementEventMap {
    'install-request': Event;
  }
}
