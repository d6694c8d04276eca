import { expect } from 'chai';
import '../../src/app/elements/status/network-status.js';

describe('<network-status>', () => {
  afterEach(() => document.querySelectorAll('network-status').forEach((element) => element.remove()));

  async function text(online: boolean, stored: boolean, unavailable = '') {
    const status = document.createElement('network-status');
    Object.assign(status, { online, stored, unavailable, homeScreen: '' });
    document.body.append(status);
    await status.updateComplete;
    return status.shadowRoot!.querySelector('[role=status]')!.textContent.replace(/\s+/g, ' ').trim();
  }

  it('online: whether the app is stored for offline use yet, or why it cannot be', async () => {
    expect(await text(true, true)).to.equal('Online. Stored on this device: it also works offline.');
    expect(await text(true, false)).to.equal('Online. Storing the app on this device for offline use…');
    expect(await text(true, false, 'no service workers')).to.equal(
      'Online. It cannot be stored for offline use: no service workers.',
    );
  });

  it('offline: what still works, and what cannot', async () => {
    expect(await text(false, true)).to.match(/^Offline\. Everything here runs from this device/);
    expect(await text(false, false)).to.match(/^Offline\. This app is not stored on this device yet/);
  });

  it('on iOS: in a Safari tab, that the Home Screen keeps the data; installed, that it is apart from Safari', async () => {
    const status = document.createElement('network-status');
    Object.assign(status, { online: true, stored: true, homeScreen: 'safari-tab' });
    document.body.append(status);
    await status.updateComplete;
    const said = () => status.shadowRoot!.textContent.replace(/\s+/g, ' ');
    expect(said()).to.match(/deleted after 7 days without a visit: Share, then Add to Home Screen, keeps them/);
    status.homeScreen = 'installed';
    await status.updateComplete;
    expect(said()).to.match(/On the Home Screen: MNIST and your models are stored here, apart from Safari's/);
    expect(said()).not.to.match(/7 days/);
  });

  it('elsewhere says nothing of the Home Screen (this browser has no navigator.standalone)', () => {
    const status = document.createElement('network-status');
    expect(status.homeScreen).to.equal('');
  });
});
