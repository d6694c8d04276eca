import { expect } from 'chai';
import { ViewController, viewOf } from '../../src/app/controllers/view-controller.js';
import type { View } from '../../src/app/views/view-names.js';

/** A host element the controller attaches to, with one heading a view. */
function mountHost() {
  const host = document.createElement('div');
  const root = host.attachShadow({ mode: 'open' });
  for (const view of ['draw', 'train', 'models', 'evaluate']) {
    root.innerHTML += `<div id="${view}-view"><h2 tabindex="-1">${view}</h2></div>`;
  }
  document.body.append(host);
  let updates = 0;
  const controllers: { hostConnected?(): void; hostDisconnected?(): void; hostUpdated?(): void }[] = [];
  const reactive = Object.assign(host, {
    addController: (controller: (typeof controllers)[number]) => controllers.push(controller),
    removeController() {},
    requestUpdate: () => updates++,
    updateComplete: Promise.resolve(true),
  });
  return { reactive, root, controllers, updates: () => updates };
}

const nextHashChange = () => new Promise((resolve) => window.addEventListener('hashchange', resolve, { once: true }));

describe('ViewController', () => {
  afterEach(() => history.replaceState(null, '', location.pathname + location.search));

  it('reads the view from the hash; anything else is Draw', () => {
    expect(viewOf('#train')).to.equal('train');
    expect(viewOf('#evaluate')).to.equal('evaluate');
    expect(viewOf('')).to.equal('draw');
    expect(viewOf('#Train')).to.equal('draw');
    expect(viewOf('#settings')).to.equal('draw');
  });

  it('follows the hash, loads each view once, and focuses the heading of the view it arrives at', async () => {
    history.replaceState(null, '', '#models');
    const loaded: View[] = [];
    const { reactive, root, controllers } = mountHost();
    const views = new ViewController(reactive, (view) => {
      loaded.push(view);
      return Promise.resolve();
    });
    controllers.forEach((controller) => controller.hostConnected?.());
    expect(views.view).to.equal('models');
    await views.firstShown; // what the page waits for before it starts its workers
    expect(views.loaded.has('models')).to.equal(true);

    views.go('train');
    await nextHashChange();
    expect(location.hash).to.equal('#train');
    expect(views.view).to.equal('train');
    await Promise.resolve(); // the view's elements are loaded
    expect(views.loaded.has('train')).to.equal(true);
    controllers.forEach((controller) => controller.hostUpdated?.()); // the host rendered it
    expect(root.activeElement?.textContent).to.equal('train');

    history.back(); // Back returns to the view before
    await nextHashChange();
    expect(views.view).to.equal('models');
    views.go('train');
    await nextHashChange();
    // On a phone one view at a time; a wide window keeps Draw beside it.
    const wide = matchMedia('(min-width: 64rem)').matches;
    expect(views.shown).to.deep.equal(wide ? ['draw', 'train'] : ['train']);
    expect(loaded).to.deep.equal(wide ? ['draw', 'models', 'train'] : ['models', 'train']);
    controllers.forEach((controller) => controller.hostDisconnected?.());
    reactive.remove();
  });

  it('says which view could not load, and tries again when it is shown again', async () => {
    history.replaceState(null, '', '#draw');
    let fail = true;
    const { reactive, controllers } = mountHost();
    const views = new ViewController(reactive, (view) =>
      fail && view === 'evaluate'
        ? Promise.reject(new Error('Failed to fetch panel-evaluation.js'))
        : Promise.resolve(),
    );
    controllers.forEach((controller) => controller.hostConnected?.());
    views.go('evaluate');
    await nextHashChange();
    await new Promise((resolve) => setTimeout(resolve));
    expect(views.error).to.equal(
      'The Evaluate view could not load (Failed to fetch panel-evaluation.js). Reload the page to try again.',
    );
    expect(views.loaded.has('evaluate')).to.equal(false);
    fail = false;
    views.go('draw');
    await nextHashChange();
    views.go('evaluate');
    await nextHashChange();
    await new Promise((resolve) => setTimeout(resolve));
    expect(views.error).to.equal('');
    expect(views.loaded.has('evaluate')).to.equal(true);
    controllers.forEach((controller) => controller.hostDisconnected?.());
    reactive.remove();
  });
});
