import { expect } from 'chai';
import '../../src/app/elements/models/model-import.js';
import type { ModelImport } from '../../src/app/elements/models/model-import.js';

async function mount(props: Partial<ModelImport> = {}): Promise<ModelImport> {
  const element = document.createElement('model-import');
  Object.assign(element, props);
  document.body.append(element);
  await element.updateComplete;
  return element;
}

const files = () => [new File(['{}'], 'model.json'), new File([new Uint8Array(8)], 'model.weights.bin')];

function transfer(list: File[]): DataTransfer {
  const data = new DataTransfer();
  for (const file of list) data.items.add(file);
  return data;
}

describe('<model-import>', () => {
  afterEach(() => document.querySelectorAll('model-import').forEach((element) => element.remove()));

  it('hands over picked files, and dropped ones', async () => {
    const element = await mount();
    const received: string[][] = [];
    element.addEventListener('model-import', (event) =>
      received.push((event as CustomEvent<{ files: File[] }>).detail.files.map((f) => f.name)),
    );
    const input = element.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
    expect(input.labels?.[0]?.textContent).to.match(/Import a model/);
    input.files = transfer(files()).files;
    input.dispatchEvent(new Event('change'));
    const drop = element.shadowRoot!.querySelector('.drop')!;
    drop.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer(files()), bubbles: true, cancelable: true }));
    expect(received).to.deep.equal([
      ['model.json', 'model.weights.bin'],
      ['model.json', 'model.weights.bin'],
    ]);
  });

  it('takes nothing while busy, and shows a refusal as an alert', async () => {
    const element = await mount({ busy: true, message: 'Nothing was imported: "x.json" is not JSON.', failed: true });
    expect(element.shadowRoot!.querySelector<HTMLInputElement>('input')!.disabled).to.equal(true);
    const received: unknown[] = [];
    element.addEventListener('model-import', (event) => received.push(event));
    element
      .shadowRoot!.querySelector('.drop')!
      .dispatchEvent(new DragEvent('drop', { dataTransfer: transfer(files()), bubbles: true, cancelable: true }));
    expect(received).to.have.length(0);
    expect(element.shadowRoot!.querySelector('[role=alert]')!.textContent).to.equal(
      'Nothing was imported: "x.json" is not JSON.',
    );
  });

  it('takes one Keras .h5 file, and says so', async () => {
    const element = await mount();
    const received: string[][] = [];
    element.addEventListener('model-import', (event) =>
      received.push((event as CustomEvent<{ files: File[] }>).detail.files.map((f) => f.name)),
    );
    const input = element.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
    expect(input.accept.split(',')).to.include.members(['.h5', 'application/x-hdf5', '.json', '.bin']);
    expect(input.labels?.[0]?.textContent).to.match(/a Keras \.h5 file/);
    input.files = transfer([new File([new Uint8Array(8)], 'mnist_cnn_model.h5')]).files;
    input.dispatchEvent(new Event('change'));
    expect(received).to.deep.equal([['mnist_cnn_model.h5']]);
  });
});
