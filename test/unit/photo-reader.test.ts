// <photo-reader> and PhotoController: the photo drawn with its boxes, the lines as text,
// a picked file as an event, and the controller's messages for what the worker answers.
import { expect } from 'chai';
import '../../src/app/elements/draw/photo-reader.js';
import type { PhotoReader } from '../../src/app/elements/draw/photo-reader.js';
import { PhotoController } from '../../src/app/controllers/photo-controller.js';
import type { PhotoResult } from '../../src/protocol/predictor.js';
import type { PredictorClient } from '../../src/app/workers/predictor-client.js';

const photo = () => createImageBitmap(new ImageData(new Uint8ClampedArray(200 * 100 * 4).fill(255), 200, 100));

async function mount(props: Partial<PhotoReader>): Promise<PhotoReader> {
  const element = document.createElement('photo-reader');
  Object.assign(element, props);
  document.body.append(element);
  await element.updateComplete;
  return element;
}

describe('<photo-reader>', () => {
  afterEach(() => document.querySelectorAll('photo-reader').forEach((element) => element.remove()));

  it('offers the camera, and fires photo-pick with the file', async () => {
    const element = await mount({});
    const input = element.shadowRoot!.querySelector('input')!;
    expect(input.accept).to.equal('image/*');
    expect(input.getAttribute('capture')).to.equal('environment');
    const picked: File[] = [];
    element.addEventListener('photo-pick', (event) => picked.push(event.detail.file));
    const files = new DataTransfer();
    files.items.add(new File(['x'], 'page.jpg', { type: 'image/jpeg' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
    expect(picked.map((file) => file.name)).to.deep.equal(['page.jpg']);
  });

  it('draws the photo with a box over each digit, and the lines as text', async () => {
    const digits = [
      { left: 20, top: 30, width: 30, height: 40, digit: 4, probability: 0.9, line: 0 },
      { left: 120, top: 30, width: 30, height: 40, digit: 2, probability: 0.8, line: 0 },
    ];
    const element = await mount({ result: { photo: await photo(), digits, lines: ['4 2'], millis: 12 } });
    const canvas = element.shadowRoot!.querySelector('canvas')!;
    expect([canvas.width, canvas.height]).to.deep.equal([200, 100]);
    // The box's edge is red; the photo inside it stays white.
    const pixel = (x: number, y: number) => [...canvas.getContext('2d')!.getImageData(x, y, 1, 1).data];
    expect(pixel(20, 50)[0]).to.be.above(150);
    expect(pixel(20, 50)[1]).to.be.below(80);
    expect(pixel(35, 50)).to.deep.equal([255, 255, 255, 255]);
    expect(canvas.getAttribute('aria-label')).to.equal(
      'The photo with 2 digits found, each boxed with what it reads as',
    );
    const lines = element.shadowRoot!.querySelector('ol[aria-label="The photo\'s lines"]')!;
    expect(lines.textContent.trim()).to.equal('4 2');
  });

  it('shows a message as an alert', async () => {
    const element = await mount({ message: 'No digits found in that image.' });
    expect(element.shadowRoot!.querySelector('[role=alert]')!.textContent).to.equal('No digits found in that image.');
  });
});

describe('PhotoController', () => {
  const host = { addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) };
  const answering = (answer: () => Promise<PhotoResult>) =>
    ({ readPhoto: () => answer() }) as unknown as PredictorClient;

  it('keeps a photo read, and drops it with the next photo refused', async () => {
    const results: PhotoResult[] = [
      {
        kind: 'read',
        photo: await photo(),
        digits: [],
        lines: ['7'],
        model: { runId: 'a', name: 'A', epoch: 1 },
        millis: 5,
      },
      { kind: 'refused', reason: 'no-ink', message: 'No digits found in that image.' },
    ];
    const controller = new PhotoController(
      host,
      answering(() => Promise.resolve(results.shift()!)),
    );
    await controller.readPhoto(new Blob());
    expect(controller.read?.lines).to.deep.equal(['7']);
    expect(controller.message).to.equal('');
    await controller.readPhoto(new Blob());
    expect(controller.read).to.equal(undefined);
    expect(controller.message).to.equal('No digits found in that image.');
    expect(controller.reading).to.equal(false);
  });

  it('says there is no model, and what failed when the worker did', async () => {
    const noModel = new PhotoController(
      host,
      answering(() => Promise.resolve({ kind: 'no-model' })),
    );
    await noModel.readPhoto(new Blob());
    expect(noModel.message).to.equal(
      'No trained model yet: train one, or import one on the Models view, then read the photo again.',
    );
    const failing = new PhotoController(
      host,
      answering(() => Promise.reject(new Error('The predictor worker stopped.'))),
    );
    await failing.readPhoto(new Blob());
    expect(failing.message).to.equal('The photo was not read: The predictor worker stopped.');
  });
});
