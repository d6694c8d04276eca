// Whether and how this browser installs the app from its manifest: Chromium's engines
// offer it to the page (`beforeinstallprompt`), held here until the person asks; Firefox
// and WebKit on a desktop offer nothing to the page; iOS has Add to Home Screen
// (<network-status> says so). The page says which, rather than show a button that cannot work.
import type { ReactiveControllerHost } from 'lit';
import { homeScreen } from '../elements/status/network-status.js';
import { errorMessage } from '../../shared/error-message.js';
import type { InstallState } from '../elements/models/install-offer.js';

/** Chromium's event; not in TypeScript's DOM types. */
interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

export class InstallController {
  state: InstallState;
  /** The answer to the last prompt, or why it could not be shown. */
  message = '';
  private prompt: InstallPromptEvent | undefined;
  private readonly standalone = matchMedia('(display-mode: standalone)');

  constructor(private readonly host: ReactiveControllerHost) {
    this.state = this.settled();
    addEventListener('beforeinstallprompt', (event) => {
      event.preventDefault(); // ours to show, when the person asks
      this.prompt = event as InstallPromptEvent;
      this.set(this.settled());
    });
    addEventListener('appinstalled', () => {
      this.prompt = undefined;
      this.message = 'Installed: it opens from your apps like any other, and works offline.';
      this.set(this.settled());
    });
    this.standalone.addEventListener('change', () => this.set(this.settled()));
  }

  private settled(): InstallState {
    if (this.standalone.matches) return 'installed';
    if (homeScreen() !== '') return 'ios';
    if (this.prompt) return 'offered';
    return 'onbeforeinstallprompt' in window ? 'menu' : 'none';
  }

  private set(state: InstallState): void {
    this.state = state;
    this.host.requestUpdate();
  }

  /** Shows the browser's own install prompt; the event can be used once. */
  async install(): Promise<void> {
    const prompt = this.prompt;
    if (!prompt) return;
    this.prompt = undefined;
    try {
      await prompt.prompt();
      const { outcome } = await prompt.userChoice;
      if (outcome === 'dismissed') this.message = 'Not installed: the browser offers it again from its menu.';
    } catch (error) {
      this.message = `The browser could not show its install prompt: ${errorMessage(error)}`;
    }
    this.set(this.settled());
  }
}
