import { expect } from 'chai';
import { deliveryOf, sharesFiles } from '../../src/app/elements/share-file.js';

const h5 = () => [new File([new Uint8Array(8)], 'mnist_cnn_model.h5', { type: 'application/x-hdf5' })];

describe('share-file', () => {
  it('shares where asked and the browser can; saves through the sheet only in an installed iOS app', () => {
    expect(deliveryOf('share', true, false)).to.equal('share');
    expect(deliveryOf('share', false, false), 'cannot share: a download').to.equal('download');
    expect(deliveryOf('save', true, false), 'a download where links work').to.equal('download');
    expect(deliveryOf('save', true, true), 'a link traps an installed iOS app').to.equal('share');
    expect(deliveryOf('save', false, true)).to.equal('download');
  });

  it('reads what the browser says of sharing the file, and no API as no', () => {
    expect(sharesFiles(h5(), {})).to.equal(false);
    expect(sharesFiles(h5(), { share: navigator.share?.bind(navigator) })).to.equal(false);
    const said = typeof navigator.share === 'function' && navigator.canShare?.({ files: h5() }) === true;
    // Headless Chromium on Linux has no share sheet: false here, true in Safari.
    console.log(`this browser shares an .h5 file: ${said}`);
    expect(sharesFiles(h5())).to.equal(said);
  });
});
