import { expect } from 'chai';
import type { ReactiveControllerHost } from 'lit';
import '../../src/app/elements/models/install-offer.js';
import { InstallController } from '../../src/app/controllers/install-controller.js';

describe('<install-offer>', () => {
  afterEach(() => document.querySelectorAll('install-offer').forEach((element) => element.remove()));

  async function offer(state: HTMLElementTagNameMap['install-offer']['state']) {
    const element = document.createElement('install-offer');
    element.state = state;
    document.body.append(element);
    await element.updateComplete;
    return { element, said: element.shadowRoot!.textContent.replace(/\s+/g, ' ').trim() };
  }

  it('where the browser offers installation to the page: a button that asks for it', async () => {
    const { element, said } = await offer('offered');
    expect(said).to.match(/Install this app It then opens from your apps like any other, and works offline\./);
    let asked = 0;
    element.addEventListener('install-request', () => (asked += 1));
    element.shadowRoot!.querySelector('button')!.click();
    expect(asked).to.equal(1);
  });

  it('where it does not: says so plainly, with no button', async () => {
    const none = await offer('none');
    expect(none.said).to.match(/this browser does not install web apps \(in Safari on a Mac: File, then Add to Dock\)/);
    expect(none.element.shadowRoot!.querySelector('button')).to.equal(null);
    expect((await offer('menu')).said).to.match(/your browser's menu installs this app/);
    expect((await offer('installed')).said).to.match(/^Installed: this app runs in a window of its own/);
    expect((await offer('ios')).said).to.equal(''); // <network-status> says Add to Home Screen
  });

  it("in this Chromium tab: the browser's menu, since no install offer came to the page", () => {
    const host: ReactiveControllerHost = {
      addController: () => undefined,
      removeController: () => undefined,
      requestUpdate: () => undefined,
      updateComplete: Promise.resolve(true),
    };
    expect(new InstallController(host).state).to.equal('menu');
  });
});
