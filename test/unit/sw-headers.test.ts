import { expect } from 'chai';
import { withMissingHeaders } from '../../src/sw/headers.js';

/** What the build gives the service worker: serve.json's headers. */
async function serveHeaders(): Promise<Record<string, string>> {
  const config = (await (await fetch('/serve.json')).json()) as {
    headers: { source: string; headers: { key: string; value: string }[] }[];
  };
  return Object.fromEntries(config.headers[0].headers.map(({ key, value }) => [key, value]));
}

describe('withMissingHeaders (service worker)', () => {
  it("adds serve.json's headers (isolation, CSP) to a response that has none, keeping status, headers and body", async () => {
    const headers = await serveHeaders();
    expect(headers).to.include.keys(
      'Cross-Origin-Opener-Policy',
      'Cross-Origin-Embedder-Policy',
      'Cross-Origin-Resource-Policy',
      'Content-Security-Policy',
    );
    const original = new Response('hello', {
      status: 201,
      statusText: 'Created',
      headers: { 'Content-Type': 'text/plain', 'X-Kept': 'yes' },
    });
    const served = withMissingHeaders(original, headers);
    for (const [name, value] of Object.entries(headers)) expect(served.headers.get(name)).to.equal(value);
    expect(served.status).to.equal(201);
    expect(served.statusText).to.equal('Created');
    expect(served.headers.get('X-Kept')).to.equal('yes');
    expect(served.headers.get('Content-Type')).to.equal('text/plain');
    expect(await served.text()).to.equal('hello');
  });

  it('keeps what the server sent, and adds only what it did not', () => {
    const sent = {
      'Cross-Origin-Opener-Policy': 'same-origin-allow-popups',
      'Cross-Origin-Embedder-Policy': 'credentialless',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    };
    const response = new Response('', { headers: sent });
    expect(withMissingHeaders(response, sent)).to.equal(response);
    const served = withMissingHeaders(response, { ...sent, 'Content-Security-Policy': "default-src 'self'" });
    for (const [name, value] of Object.entries(sent)) expect(served.headers.get(name)).to.equal(value);
    expect(served.headers.get('Content-Security-Policy')).to.equal("default-src 'self'");
  });

  it('leaves error responses alone', async () => {
    const error = Response.error();
    expect(withMissingHeaders(error, await serveHeaders())).to.equal(error);
  });
});
