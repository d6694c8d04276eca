// The wait for an installing service worker, on real registrations whose install takes
// as long as the test says (scopes no test page is in, unregistered after).
import { expect } from 'chai';
import { serviceWorkerSettled, settlingServiceWorker } from '../../src/app/workers/service-worker-settled.js';

const scope = (name: string) => new URL(`../support/sw-scope-${name}/`, import.meta.url).href;

async function register(name: string, installMs: number): Promise<ServiceWorkerRegistration> {
  const url = new URL(`../support/slow-install-sw.ts?install-ms=${installMs}`, import.meta.url);
  return navigator.serviceWorker.register(url, { scope: scope(name), type: 'module' });
}

describe('service worker settled', () => {
  const registrations: ServiceWorkerRegistration[] = [];
  afterEach(async () => {
    await Promise.all(registrations.splice(0).map((registration) => registration.unregister()));
  });

  it('finds nothing to wait for where no service worker is registered', async () => {
    expect(await settlingServiceWorker(scope('none'))).to.equal(undefined);
    const started = performance.now();
    await serviceWorkerSettled(5000, new AbortController().signal, scope('none'));
    expect(performance.now() - started).to.be.below(1000);
  });

  it('waits until an installing service worker has installed and activated', async () => {
    const registration = await register('a', 400);
    registrations.push(registration);
    expect((await settlingServiceWorker(scope('a')))?.state).to.equal('installing');
    await serviceWorkerSettled(10_000, new AbortController().signal, scope('a'));
    expect(registration.active?.state).to.equal('activated');
    expect(await settlingServiceWorker(scope('a'))).to.equal(undefined);
  });

  it('waits no longer than its limit, nor once aborted', async () => {
    const registration = await register('b', 3000);
    registrations.push(registration);
    let started = performance.now();
    await serviceWorkerSettled(300, new AbortController().signal, scope('b'));
    expect(performance.now() - started).to.be.within(250, 2000);
    expect(registration.installing?.state).to.equal('installing');

    const abort = new AbortController();
    started = performance.now();
    setTimeout(() => abort.abort(), 100);
    await serviceWorkerSettled(10_000, abort.signal, scope('b'));
    expect(performance.now() - started).to.be.within(50, 2000);
  });
});
