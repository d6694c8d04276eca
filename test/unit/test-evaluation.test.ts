import { expect } from 'chai';
import '../../src/app/elements/evaluation/test-evaluation.js';
import type { TestEvaluation } from '../../src/app/elements/evaluation/test-evaluation.js';
import { scoreProbabilities } from '../../src/shared/evaluation-report.js';
import type { RunSummary } from '../../src/protocol/runs.js';

/** Twenty images, two of each digit; the model calls every 3 an 8. */
function report() {
  const labels = Uint8Array.from({ length: 20 }, (_, i) => i % 10);
  const probabilities = new Float32Array(200);
  labels.forEach((label, i) => (probabilities[i * 10 + (label === 3 ? 8 : label)] = 1));
  return { model: 'Run A, epoch 2', millis: 1234, ...scoreProbabilities(labels, probabilities) };
}

const run = (id: string, epoch: number) => ({ id, name: `Run ${id}`, epoch }) as RunSummary;

async function mount(props: Partial<TestEvaluation>): Promise<TestEvaluation> {
  const panel = document.createElement('test-evaluation');
  Object.assign(panel, props);
  document.body.append(panel);
  await panel.updateComplete;
  return panel;
}

function matrixButtons(panel: TestEvaluation): HTMLButtonElement[] {
  const matrix = panel.shadowRoot!.querySelector('confusion-matrix')!;
  return [...matrix.shadowRoot!.querySelectorAll('button')];
}

describe('<test-evaluation>', () => {
  afterEach(() => document.querySelectorAll('test-evaluation').forEach((panel) => panel.remove()));

  it('offers the session model and saved runs with a checkpoint, and asks for the chosen one', async () => {
    const panel = await mount({ sessionModel: true, runs: [run('a', 2), run('b', 0)] });
    const options = [...panel.shadowRoot!.querySelectorAll('option')].map((o) => o.textContent?.trim());
    expect(options).to.deep.equal(['The model trained in this session', 'Run a: epoch 2']);
    const requests: (string | null)[] = [];
    panel.addEventListener('evaluate-request', (e) =>
      requests.push((e as CustomEvent<{ runId: string | null }>).detail.runId),
    );
    panel.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    panel.shadowRoot!.querySelector('select')!.value = 'a';
    panel.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    expect(requests).to.deep.equal([null, 'a']);
  });

  it('cannot evaluate while training or with no model, and says so', async () => {
    const busy = await mount({ sessionModel: true, busy: true });
    expect(busy.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.disabled).to.equal(true);
    expect(busy.shadowRoot!.textContent).to.contain('Training is going on: evaluate when it ends.');
    const empty = await mount({ runs: [run('b', 0)] });
    expect(empty.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.disabled).to.equal(true);
    expect(empty.shadowRoot!.textContent).to.contain('Train a model');
  });

  it('shows the accuracy, a 10x10 matrix whose cells are buttons, and precision and recall', async () => {
    const panel = await mount({ sessionModel: true, report: report() });
    const text = panel.shadowRoot!.querySelector('.summary')!.textContent.replace(/\s+/g, ' ');
    expect(text).to.contain('Run A, epoch 2: test accuracy 90.00%');
    expect(text).to.contain('20 images (2 wrong)');
    const buttons = matrixButtons(panel);
    expect(buttons).to.have.length(100);
    expect(buttons[3 * 10 + 8].getAttribute('aria-label')).to.equal('True 3, said 8: 2 images');
    expect(buttons[3 * 10 + 3].textContent?.trim()).to.equal('0');
    const rows = [...panel.shadowRoot!.querySelectorAll('table.classes tbody tr')].map((tr) =>
      [...tr.children].map((cell) => cell.textContent?.trim()),
    );
    expect(rows[3]).to.deep.equal(['3', '2', '–', '0.00%']);
    expect(rows[8]).to.deep.equal(['8', '2', '50.00%', '100.00%']);

    const picks: unknown[] = [];
    panel.addEventListener('cell-pick', (e) => picks.push((e as CustomEvent).detail));
    buttons[3 * 10 + 8].click();
    expect(picks).to.deep.equal([{ label: 3, called: 8 }]);
  });

  it("shows a cell's images with the model's probabilities", async () => {
    const r = report();
    const item = (index: number) => ({
      index,
      pixels: new Uint8Array(784).fill(200),
      label: r.labels[index],
      predicted: r.predicted[index],
      probabilities: r.probabilities.subarray(index * 10, index * 10 + 10),
    });
    const panel = await mount({ report: r, cell: { label: 3, called: 8, total: 2, items: [item(3), item(13)] } });
    expect(panel.shadowRoot!.querySelector('h3.cell')!.textContent.replace(/\s+/g, ' ').trim()).to.equal(
      'True 3, said 8: 2 images',
    );
    expect(matrixButtons(panel)[38].getAttribute('aria-pressed')).to.equal('true');
    const gallery = panel.shadowRoot!.querySelector('digit-gallery.cell')!;
    await (gallery as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    const captions = [...gallery.shadowRoot!.querySelectorAll('li')].map((li) =>
      li.textContent.replace(/\s+/g, ' ').trim(),
    );
    expect(captions).to.deep.equal(['said 8 (100.00%) true 3 (0.00%) #3', 'said 8 (100.00%) true 3 (0.00%) #13']);
    const canvas = gallery.shadowRoot!.querySelector('canvas')!;
    expect(canvas.getContext('2d')!.getImageData(0, 0, 1, 1).data[0]).to.equal(200);
  });
});
