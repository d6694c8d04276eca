import { expect } from 'chai';
import { ISOLATION_HEADERS, withIsolationHeaders } from '../src/sw/isolation.js';

describe('withIsolationHeaders (service worker)', () => {
  it('adds COOP, COEP and CORP to a response that has none, keeping status, headers and body', async () => {
    const original = new Response('hello', {
      status: 201,
      statusText: 'Created',
      headers: { 'Content-Type': 'text/plain', 'X-Kept': 'yes' },
    });
    const isolated = withIsolationHeaders(original);
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) expect(isolated.headers.get(name)).to.equal(value);
    expect(isolated.status).to.equal(201);
    expect(isolated.statusText).to.equal('Created');
    expect(isolated.headers.get('X-Kept')).to.equal('yes');
    expect(await isolated.text()).to.equal('hello');
  });

  it('keeps what the server sent', () => {
    const response = new Response('', {
      headers: {
        'Cross-Origin-Opener-Policy': 'same-origin-allow-popups',
        'Cross-Origin-Embedder-Policy': 'credentialless',
        'Cross-Origin-Resource-Policy': 'cross-origin',
      },
    });
    expect(withIsolationHeaders(response)).to.equal(response);
  });

  it('leaves error responses alone', () => {
    const error = Response.error();
    expect(withIsolationHeaders(error)).to.equal(error);
  });
});
