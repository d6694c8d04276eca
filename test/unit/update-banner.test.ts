import { expect } from 'chai';
import '../../src/app/elements/status/update-banner.js';
import type { UpdateState } from '../../src/app/elements/status/update-banner.js';

describe('<update-banner>', () => {
  afterEach(() => document.querySelectorAll('update-banner').forEach((element) => element.remove()));

  async function mount(state: UpdateState, options: { training?: boolean; epoch?: number; version?: string } = {}) {
    const banner = document.createElement('update-banner');
    banner.state = state;
    banner.training = options.training ?? false;
    banner.epoch = options.epoch ?? 1;
    banner.version = options.version;
    document.body.append(banner);
    await banner.updateComplete;
    return banner;
  }

  const text = (banner: HTMLElement) => banner.shadowRoot!.textContent.replace(/\s+/g, ' ').trim();

  it('shows nothing while no new version waits', async () => {
    const banner = await mount('none');
    expect(text(banner)).to.equal('');
    expect(banner.shadowRoot!.querySelector('button')).to.equal(null);
  });

  it('offers a waiting version with a button that asks for it, and never reloads by itself', async () => {
    const banner = await mount('available', { version: '1.2.3' });
    expect(text(banner)).to.match(
      /^Update available \(version 1\.2\.3\)\. Updating reloads the page; saved models stay\./,
    );
    let asked = 0;
    banner.addEventListener('update-request', () => asked++);
    banner.shadowRoot!.querySelector('button')!.click();
    expect(asked).to.equal(1);
    expect(banner.state).to.equal('available', 'the app decides, not the banner');
  });

  it('during a run says the update waits for the epoch’s checkpoint', async () => {
    expect(text(await mount('available', { training: true, epoch: 3 }))).to.match(
      /waits for epoch 3's checkpoint, then the run resumes/,
    );
    const deferred = await mount('deferred', { training: true, epoch: 3 });
    expect(text(deferred)).to.match(/^Update waiting for epoch 3's checkpoint/);
    expect(deferred.shadowRoot!.querySelector('button')).to.equal(null);
  });

  it('offers a reload when another tab switched versions', async () => {
    const banner = await mount('elsewhere');
    expect(text(banner)).to.match(/applied in another tab/);
    expect(banner.shadowRoot!.querySelector('button')!.textContent).to.equal('Reload');
  });
});
