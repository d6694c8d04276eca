import { expect } from 'chai';
import { LibraryController, NOTEBOOK_H5 } from '../../src/app/controllers/library-controller.js';
import type { DrawingController } from '../../src/app/controllers/drawing-controller.js';
import type { TrainerClient } from '../../src/app/workers/trainer-client.js';
import type { ExportedH5 } from '../../src/protocol/runs.js';

const host = { addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) };
const BYTES = new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]); // HDF5's signature

/** A trainer whose .h5 export answers `answer`. */
function library(answer: () => Promise<ExportedH5>): LibraryController {
  const trainer = { runs: { exportKerasH5: answer } } as unknown as TrainerClient;
  return new LibraryController(host, trainer, {} as DrawingController);
}

/** The download links clicked while `act` runs: their names and bytes (the download itself is stopped). */
async function downloads(act: () => Promise<void>): Promise<{ name: string; bytes: number[] }[]> {
  const clicked: Promise<{ name: string; bytes: number[] }>[] = [];
  const onClick = (event: MouseEvent) => {
    const link = event.target;
    if (!(link instanceof HTMLAnchorElement) || !link.download) return;
    event.preventDefault();
    // Read before the page revokes the URL (a task later).
    const bytes = fetch(link.href).then(async (response) => [...new Uint8Array(await response.arrayBuffer())]);
    clicked.push(bytes.then((read) => ({ name: link.download, bytes: read })));
  };
  document.addEventListener('click', onClick, true);
  try {
    await act();
  } finally {
    document.removeEventListener('click', onClick, true);
  }
  return Promise.all(clicked);
}

describe('LibraryController .h5', () => {
  const exported = () => Promise.resolve({ bytes: BYTES.slice().buffer, baseName: 'Thin-strokes' });

  it("downloads the notebook's mnist_cnn_model.h5 through a link, or the run's name when chosen", async () => {
    const controller = library(exported);
    expect(await downloads(() => controller.exportH5('a'))).to.deep.equal([{ name: NOTEBOOK_H5, bytes: [...BYTES] }]);
    controller.nameH5AfterRun(true);
    expect(await downloads(() => controller.exportH5('a'))).to.deep.equal([
      { name: 'Thin-strokes.h5', bytes: [...BYTES] },
    ]);
    expect(controller.error).to.equal('');
  });

  it('where the browser cannot share the file, Share downloads it and says so', async function () {
    const controller = library(exported);
    if (controller.sharesH5) this.skip(); // a browser with a share sheet: the sheet's path, by hand
    expect(await downloads(() => controller.shareH5('a'))).to.deep.equal([{ name: NOTEBOOK_H5, bytes: [...BYTES] }]);
    expect(controller.notice).to.equal(`This browser cannot share ${NOTEBOOK_H5}: it was downloaded instead.`);
  });

  it('says what the worker could not export, and downloads nothing', async () => {
    const controller = library(() => Promise.reject(new Error('The run "x" has no saved model.')));
    expect(await downloads(() => controller.exportH5('x'))).to.deep.equal([]);
    expect(controller.error).to.equal('Could not export the .h5: The run "x" has no saved model.');
  });
});
