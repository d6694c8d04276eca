import { expect } from 'chai';
import { answerShare } from '../../src/sw/share-target.js';
import { deleteSharedFiles, readSharedFiles } from '../../src/app/workers/shared-files.js';
import { SHARED_ID } from '../../src/protocol/shared-files.js';

// The service worker's handler and the page's reader, against the real Cache Storage:
// what the share target keeps is what the page imports.
describe('share target', () => {
  const scope = new URL('/', location.href).href;

  it('keeps the POSTed files under a one-time id, answers 303 to the app, and the page reads them back once', async () => {
    const form = new FormData();
    form.append('files', new File(['{"a":1}'], 'model.json', { type: 'application/json' }));
    form.append('files', new File([new Uint8Array([1, 2, 3])], 'model .weights.bin'));
    form.append('title', 'not a file: left out');
    const response = await answerShare(new Request(`${scope}share-target`, { method: 'POST', body: form }), scope);
    expect(response.status).to.equal(303);
    const location = new URL(response.headers.get('Location')!);
    expect(location.pathname + location.hash).to.equal('/#models');
    const id = location.searchParams.get('shared')!;
    expect(id).to.match(SHARED_ID);

    const files = await readSharedFiles(id, scope);
    expect(files.map((file) => [file.name, file.type, file.size])).to.deep.equal([
      ['model.json', 'application/json', 7],
      ['model .weights.bin', 'application/octet-stream', 3],
    ]);
    expect(await files[0].text()).to.equal('{"a":1}');
    await deleteSharedFiles(id, scope);
    expect(await readSharedFiles(id, scope)).to.deep.equal([]);
  });

  it('answers a POST that is not a form too: the page then says no file came', async () => {
    const request = new Request(`${scope}share-target`, { method: 'POST', body: 'plain text' });
    const response = await answerShare(request, scope);
    expect(response.status).to.equal(303);
    const id = new URL(response.headers.get('Location')!).searchParams.get('shared')!;
    expect(await readSharedFiles(id, scope)).to.deep.equal([]);
  });
});
