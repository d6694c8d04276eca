import { expect } from 'chai';
import '../../src/app/elements/personal/personal-set.js';
import { importSummary, type PersonalSetElement } from '../../src/app/elements/personal/personal-set.js';
import type { FineTuneResult, PersonalDigit } from '../../src/protocol/personal-digits.js';
import type { RunSummary } from '../../src/protocol/runs.js';

const digit = (id: string, label: number): PersonalDigit => ({
  id,
  label,
  pixels: new Uint8Array(784).fill(label * 20),
  createdAt: 0,
});

async function mount(props: Partial<PersonalSetElement>): Promise<PersonalSetElement> {
  const element = document.createElement('personal-set');
  Object.assign(element, props);
  document.body.append(element);
  await element.updateComplete;
  return element;
}

const buttons = (element: PersonalSetElement) => [...element.shadowRoot!.querySelectorAll('button')];
const byLabel = (element: PersonalSetElement, label: string) =>
  buttons(element).find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === label);

describe('<personal-set>', () => {
  afterEach(() => document.querySelectorAll('personal-set').forEach((element) => element.remove()));

  it('labels the drawing with one of ten buttons, deletes and exports by events', async () => {
    const element = await mount({ canLabel: true, digits: [digit('a', 7), digit('b', 1)], modelName: 'Run A' });
    const events: [string, unknown][] = [];
    for (const type of ['personal-add', 'personal-delete', 'personal-export', 'personal-fine-tune']) {
      element.addEventListener(type, (event) => events.push([type, (event as CustomEvent).detail]));
    }
    expect(element.shadowRoot!.querySelectorAll('.labels button')).to.have.length(10);
    byLabel(element, 'Label the drawing as 7')!.click();
    byLabel(element, 'Delete 1 number 2')!.click();
    byLabel(element, 'Download as JSON')!.click();
    byLabel(element, 'Fine-tune "Run A" on these digits')!.click();
    expect(events).to.deep.equal([
      ['personal-add', { label: 7 }],
      ['personal-delete', { id: 'b' }],
      ['personal-export', {}],
      ['personal-fine-tune', {}],
    ]);
    expect(element.shadowRoot!.querySelector('.count')!.textContent.replace(/\s+/g, ' ')).to.match(
      /2 labelled digits \(1: 1, 7: 1\)\./,
    );
    const canvas = element.shadowRoot!.querySelector('ul canvas') as HTMLCanvasElement;
    expect(canvas.getContext('2d')!.getImageData(0, 0, 1, 1).data[0]).to.equal(140);
  });

  it('asks for a drawing first, and cannot fine-tune while busy or with no model', async () => {
    const element = await mount({ canLabel: false, digits: [digit('a', 3)], busy: true, modelName: 'Run A' });
    expect(element.shadowRoot!.textContent).to.contain('Draw a digit above');
    expect(element.shadowRoot!.querySelector<HTMLButtonElement>('button.fine-tune')!.disabled).to.equal(true);
    const noModel = await mount({ canLabel: false, digits: [digit('a', 3)] });
    expect(noModel.shadowRoot!.querySelector<HTMLButtonElement>('button.fine-tune')!.disabled).to.equal(true);
  });

  it('shows the held-out accuracy before and after', async () => {
    const result: FineTuneResult = {
      run: { name: 'Fine-tuned Run A' } as RunSummary,
      before: 0.7,
      after: 0.975,
      heldOut: 40,
      trainedOn: 120,
      mnistImages: 3000,
      recalibrated: true,
      millis: 20_591,
    };
    const element = await mount({ result });
    expect(element.shadowRoot!.querySelector('.result')!.textContent.replace(/\s+/g, ' ').trim()).to.equal(
      `On your 40 held-out digits: 70.00% before, 97.50% after (trained on 120 of yours and 3000 MNIST images, BatchNorm's statistics recomputed over them, 21 s). Saved as "Fine-tuned Run A".`,
    );
  });

  it('imports a picked JSON file by event, from a labelled file input', async () => {
    const element = await mount({ digits: [] });
    const picked: string[] = [];
    element.addEventListener('personal-import', (event) =>
      picked.push((event as CustomEvent<{ file: File }>).detail.file.name),
    );
    const input = element.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
    expect(input.labels?.[0]?.textContent?.trim()).to.equal('Import digits (JSON)');
    expect(input.accept).to.equal('.json,application/json');
    input.focus();
    expect(element.shadowRoot!.activeElement, 'reachable from the keyboard').to.equal(input);
    const data = new DataTransfer();
    data.items.add(new File(['{}'], 'my-digits.json'));
    input.files = data.files;
    input.dispatchEvent(new Event('change'));
    expect(picked).to.deep.equal(['my-digits.json']);
    expect(input.value, 'the same file can be chosen again').to.equal('');
  });

  it('says what an import added and skipped, and shows a refusal as an alert', async () => {
    const element = await mount({ imported: { added: 40, skipped: 2 } });
    expect(element.shadowRoot!.querySelector('.imported[role=status]')!.textContent).to.equal(
      'Added 40 digits, 2 already here.',
    );
    expect(importSummary({ added: 1, skipped: 0 })).to.equal('Added 1 digit.');
    expect(importSummary({ added: 0, skipped: 5 })).to.equal('Nothing added: all 5 are already here.');
    expect(importSummary({ added: 0, skipped: 1 })).to.equal('Nothing added: its digit is already here.');
    expect(importSummary({ added: 0, skipped: 0 })).to.equal('The file holds no digits: nothing added.');

    const busy = await mount({ importing: true });
    expect(busy.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!.disabled).to.equal(true);
    expect(busy.shadowRoot!.querySelector('.import [role=status]')!.textContent).to.equal('Checking the file…');

    const message =
      'Nothing was imported: "my-digits.json": digit 13 of 40 has 783 pixels; a digit is 28x28 = 784 grey levels.';
    const refused = await mount({ error: message });
    expect(refused.shadowRoot!.querySelector('[role=alert]')!.textContent).to.equal(message);
    expect(refused.shadowRoot!.querySelector('.imported')).to.equal(null);
  });
});
