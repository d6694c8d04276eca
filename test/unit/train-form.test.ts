import { expect } from 'chai';
import '../../src/app/elements/training/train-form.js';
import type { TrainForm } from '../../src/app/elements/training/train-form.js';
import type { TrainConfig } from '../../src/shared/train-config.js';

async function mount(initial: Record<string, string> = {}): Promise<TrainForm> {
  const form = document.createElement('train-form');
  form.initial = initial;
  form.ready = true;
  document.body.append(form);
  await form.updateComplete;
  return form;
}

const field = (form: TrainForm, name: string) => form.shadowRoot!.querySelector<HTMLInputElement>(`[name=${name}]`)!;
const button = (form: TrainForm, name: string) =>
  [...form.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;

function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

describe('<train-form>', () => {
  afterEach(() => document.querySelectorAll('train-form').forEach((form) => form.remove()));

  it('shows the URL values and the defaults', async () => {
    const form = await mount({ epochs: '1', limit: '2000', backend: 'cpu' });
    expect(field(form, 'epochs').value).to.equal('1');
    expect(field(form, 'limit').value).to.equal('2000');
    expect(field(form, 'batchSize').value).to.equal('32');
    expect(field(form, 'backend').value).to.equal('cpu');
  });

  it('sends a parsed config on Train', async () => {
    const form = await mount({ epochs: '3' });
    let sent: TrainConfig | undefined;
    form.addEventListener('train-request', (event) => (sent = event.detail));
    type(field(form, 'learningRate'), '0.01');
    button(form, 'Train').click();
    await form.updateComplete;
    expect(sent).to.include({ epochs: 3, learningRate: 0.01, batchSize: 32 });
  });

  it('shows a message next to an invalid field and starts nothing', async () => {
    const form = await mount();
    let requests = 0;
    form.addEventListener('train-request', () => requests++);
    type(field(form, 'epochs'), 'ten');
    button(form, 'Train').click();
    await form.updateComplete;
    await form.updateComplete;
    const input = field(form, 'epochs');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    const message = form.shadowRoot!.getElementById(input.getAttribute('aria-describedby')!);
    expect(message?.textContent).to.equal('Epochs must be a whole number from 1 to 1000 (got "ten").');
    expect(message?.closest('label')).to.equal(input.closest('label'));
    expect(form.shadowRoot!.activeElement).to.equal(input);
    expect(requests).to.equal(0);
  });

  it('flags invalid values from a shared link at once', async () => {
    const form = await mount({ batchSize: '0' });
    expect(field(form, 'batchSize').getAttribute('aria-invalid')).to.equal('true');
  });

  it("flags a link's bad on/off value on the checkbox, and Train goes to it", async () => {
    const form = await mount({ augment: 'maybe' });
    let requests = 0;
    form.addEventListener('train-request', () => requests++);
    const box = field(form, 'augment');
    expect(box.checked).to.equal(false);
    expect(box.getAttribute('aria-invalid')).to.equal('true');
    const message = form.shadowRoot!.getElementById(box.getAttribute('aria-describedby')!);
    expect(message?.textContent).to.equal('Augment must be true or false (got "maybe").');
    button(form, 'Train').click();
    await form.updateComplete;
    await form.updateComplete;
    expect(form.shadowRoot!.activeElement).to.equal(box);
    expect(requests).to.equal(0);
  });

  it('shows what the link said that no field takes', async () => {
    const form = await mount();
    form.notes = ['The link\'s "epoch" is not a setting, so it was ignored (did you mean "epochs"?).'];
    await form.updateComplete;
    const notes = [...form.shadowRoot!.querySelectorAll('.note[role=status]')].map((p) => p.textContent);
    expect(notes).to.deep.equal(['The link\'s "epoch" is not a setting, so it was ignored (did you mean "epochs"?).']);
  });

  it('keeps the notebook\'s other settings under "More settings", closed until needed', async () => {
    const details = (form: TrainForm) => form.shadowRoot!.querySelector('details')!;
    const plain = await mount({ epochs: '3' });
    expect(details(plain).open).to.equal(false);
    expect(details(plain).contains(field(plain, 'epochs'))).to.equal(false);
    expect(details(plain).contains(field(plain, 'seed'))).to.equal(true);
    // Train with an invalid hidden field opens them and goes to it.
    type(field(plain, 'seed'), '-1');
    button(plain, 'Train').click();
    await plain.updateComplete;
    await plain.updateComplete;
    expect(details(plain).open).to.equal(true);
    expect(plain.shadowRoot!.activeElement).to.equal(field(plain, 'seed'));
    // A link that sets one of them opens them at once.
    const linked = await mount({ limit: '2000' });
    expect(details(linked).open).to.equal(true);
  });

  it("says under the seed and the BatchNorm setting what they promise, outside their labels' names", async () => {
    const form = await mount({ batchNormStatistics: 'never' });
    for (const name of ['seed', 'batchNormStatistics']) {
      const input = field(form, name);
      const hint = form.shadowRoot!.getElementById(`${name}-hint`)!;
      expect(input.getAttribute('aria-describedby')).to.equal(`${name}-hint`);
      expect(input.closest('label')!.contains(hint)).to.equal(false);
    }
    expect(field(form, 'batchNormStatistics').value).to.equal('never');
    expect(form.shadowRoot!.getElementById('seed-hint')!.textContent).to.match(/to the bit on wasm and cpu/);
    // An error joins the hint in the description.
    type(field(form, 'seed'), 'x');
    button(form, 'Train').click();
    await form.updateComplete;
    expect(field(form, 'seed').getAttribute('aria-describedby')).to.equal('seed-error seed-hint');
  });

  it('disables Train while running and until the data is ready', async () => {
    const form = await mount();
    expect(button(form, 'Stop').disabled).to.equal(true);
    form.running = true;
    await form.updateComplete;
    expect(button(form, 'Train').disabled).to.equal(true);
    expect(button(form, 'Stop').disabled).to.equal(false);
    form.running = false;
    form.ready = false;
    await form.updateComplete;
    expect(button(form, 'Train').disabled).to.equal(true);
  });
});
