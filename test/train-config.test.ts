import { expect } from 'chai';
import { DEFAULT_CONFIG, parseConfig, rawConfigFromQuery, validateConfig } from '../src/shared/train-config.js';

describe('train config', () => {
  it('takes the defaults when nothing is given', () => {
    expect(parseConfig({}).config).to.deep.equal(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG).to.include({
      epochs: 10,
      batchSize: 32,
      learningRate: 0.001,
      validationSplit: 0.2,
      backend: 'auto',
    });
  });

  it('reads the fields from a URL query', () => {
    const raw = rawConfigFromQuery('?epochs=1&limit=2000&backend=cpu&unknown=3');
    expect(raw).to.deep.equal({ epochs: '1', limit: '2000', backend: 'cpu' });
    expect(parseConfig(raw).config).to.include({ epochs: 1, limit: 2000, backend: 'cpu', batchSize: 32 });
  });

  it('names each bad field and what it got', () => {
    const { errors } = parseConfig({
      epochs: '1.5',
      batchSize: '',
      learningRate: '0',
      backend: 'tpu',
      validationSplit: '1',
      seed: '-1',
      limit: 'lots',
    });
    expect(errors?.epochs).to.equal('Epochs must be a whole number from 1 to 1000 (got "1.5").');
    expect(errors?.batchSize).to.match(/Batch size must be a whole number/);
    expect(errors?.learningRate).to.equal('Learning rate must be a number above 0 and at most 1 (got "0").');
    expect(errors?.backend).to.equal('Backend must be one of auto, webgpu, webgl, wasm, cpu (got "tpu").');
    expect(errors?.validationSplit).to.match(/above 0 and at most 0.9/);
    expect(errors?.seed).to.match(/got "-1"/);
    expect(errors?.limit).to.match(/got "lots"/);
  });

  it('refuses a batch larger than the training images left', () => {
    const { errors } = parseConfig({ limit: '100', batchSize: '90' });
    expect(errors?.batchSize).to.equal(
      'Batch size 90 is larger than the 80 training images that limit and split leave.',
    );
  });

  it('refuses a split that leaves no validation image', () => {
    expect(parseConfig({ limit: '2', validationSplit: '0.1' }).errors?.validationSplit).to.match(/no validation image/);
  });

  it('validates objects sent across the worker boundary', () => {
    expect(validateConfig({ ...DEFAULT_CONFIG })).to.deep.equal({});
    expect(validateConfig({ ...DEFAULT_CONFIG, epochs: Number.NaN }).epochs).to.match(/got "NaN"/);
  });
});
