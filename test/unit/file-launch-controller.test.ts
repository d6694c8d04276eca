import { expect } from 'chai';
import { FileLaunchController } from '../../src/app/controllers/file-launch-controller.js';
import type { LibraryController } from '../../src/app/controllers/library-controller.js';
import type { ViewController } from '../../src/app/controllers/view-controller.js';
import { answerShare } from '../../src/sw/share-target.js';
import { readSharedFiles } from '../../src/app/workers/shared-files.js';

const host = { addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) };

/** A library that records what reached its import, or its refusal; views that record where they went. */
function parts() {
  const seen = { imported: [] as string[][], refused: [] as string[], views: [] as string[] };
  const library = {
    import: (files: File[]) => Promise.resolve(void seen.imported.push(files.map((file) => file.name))),
    refuseImport: (why: string) => void seen.refused.push(why),
  } as unknown as LibraryController;
  const views = { go: (view: string) => void seen.views.push(view) } as unknown as ViewController;
  return { seen, library, views };
}

describe('FileLaunchController, a share', () => {
  const page = location.href;
  const scope = new URL('/', location.href).href;
  afterEach(() => history.replaceState(null, '', page));

  it('takes the id out of the URL at once, imports the kept files on the Models view, and deletes them', async () => {
    const form = new FormData();
    form.append('files', new File([new Uint8Array(8)], 'mnist_cnn_model.h5', { type: 'application/x-hdf5' }));
    const answer = await answerShare(new Request(`${scope}share-target`, { method: 'POST', body: form }), scope);
    const id = new URL(answer.headers.get('Location')!).searchParams.get('shared')!;
    history.replaceState(null, '', `?epochs=2&shared=${id}#models`);
    const { seen, library, views } = parts();
    const controller = new FileLaunchController(host, library, views);
    expect(location.search + location.hash, 'the settings stay; the id goes').to.equal('?epochs=2#models');
    await controller.importShared();
    expect(seen).to.deep.equal({ imported: [['mnist_cnn_model.h5']], refused: [], views: ['models'] });
    expect(await readSharedFiles(id, scope)).to.deep.equal([]);
  });

  it('says so where the id is not one, or its files are gone', async () => {
    for (const [shared, why] of [
      ['../x', `the link's shared files ("../x") are not a share this app received.`],
      [crypto.randomUUID(), 'no shared file was found: none came with the share, or it was imported already.'],
    ]) {
      history.replaceState(null, '', `?shared=${encodeURIComponent(shared)}`);
      const { seen, library, views } = parts();
      await new FileLaunchController(host, library, views).importShared();
      expect(seen.refused).to.deep.equal([why]);
      expect(seen.imported).to.deep.equal([]);
      expect(location.search).to.equal('');
    }
  });

  it('does nothing on an ordinary start', async () => {
    const { seen, library, views } = parts();
    await new FileLaunchController(host, library, views).importShared();
    expect(seen).to.deep.equal({ imported: [], refused: [], views: [] });
  });
});
