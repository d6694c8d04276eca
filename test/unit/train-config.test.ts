import { expect } from 'chai';
import {
  DEFAULT_CONFIG,
  parseConfig,
  queryNotes,
  rawConfigFromQuery,
  validateConfig,
} from '../../src/shared/train-config.js';

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

  it('takes when to recompute BatchNorm statistics from three choices', () => {
    expect(DEFAULT_CONFIG.batchNormStatistics).to.equal('short-runs');
    expect(parseConfig({ batchNormStatistics: 'always' }).config?.batchNormStatistics).to.equal('always');
    expect(parseConfig({ batchNormStatistics: 'sometimes' }).errors).to.deep.equal({
      batchNormStatistics: 'Recompute BatchNorm statistics must be one of short-runs, always, never (got "sometimes").',
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

  it('names the remaining bad values of each kind of field', () => {
    const { errors } = parseConfig({
      epochs: '1001',
      batchSize: '4097',
      learningRate: '1.5',
      validationSplit: '0.95',
      seed: '4294967296',
      limit: '60001',
      augment: 'maybe',
      rotationRange: '-1',
      zoomRange: '1',
      widthShiftRange: 'NaN',
      heightShiftRange: 'Infinity',
      monitor: 'loss',
      minDelta: '11',
      patience: '2.5',
    });
    expect(errors).to.deep.equal({
      epochs: 'Epochs must be a whole number from 1 to 1000 (got "1001").',
      batchSize: 'Batch size must be a whole number from 1 to 4096 (got "4097").',
      learningRate: 'Learning rate must be a number above 0 and at most 1 (got "1.5").',
      validationSplit: 'Validation split must be a number above 0 and at most 0.9 (got "0.95").',
      seed: 'Seed must be a whole number from 0 to 4294967295 (got "4294967296").',
      limit: 'Limit (training images) must be a whole number from 2 to 60000 (got "60001").',
      augment: 'Augment must be true or false (got "maybe").',
      rotationRange: 'Rotation (degrees) must be a number from 0 to 180 (got "-1").',
      zoomRange: 'Zoom must be a number from 0 to 0.9 (got "1").',
      widthShiftRange: 'Width shift must be a number from 0 to 1 (got "NaN").',
      heightShiftRange: 'Height shift must be a number from 0 to 1 (got "Infinity").',
      monitor: 'Monitor must be one of val_loss, val_accuracy (got "loss").',
      minDelta: 'Min delta must be a number from 0 to 10 (got "11").',
      patience: 'Patience (epochs) must be a whole number from 0 to 1000 (got "2.5").',
    });
  });

  it('takes decimal notation only: no hex, binary or octal that Number() would read', () => {
    const { errors } = parseConfig({ epochs: '0x10', batchSize: '0b11', seed: '0o7', limit: '1_000' });
    expect(errors?.epochs).to.equal('Epochs must be a whole number from 1 to 1000 (got "0x10").');
    expect(errors?.batchSize).to.match(/got "0b11"/);
    expect(errors?.seed).to.match(/got "0o7"/);
    expect(errors?.limit).to.match(/got "1_000"/);
    expect(parseConfig({ epochs: ' 5 ', learningRate: '1e-3', zoomRange: '.25', minDelta: '+0.5' }).config).to.include({
      epochs: 5,
      learningRate: 0.001,
      zoomRange: 0.25,
      minDelta: 0.5,
    });
    expect(parseConfig({ augment: 'OFF' }).config?.augment).to.equal(false);
    expect(validateConfig({ ...DEFAULT_CONFIG, learningRate: 1e-7, minDelta: 1e-21 })).to.deep.equal({});
  });

  it("notes a link's names that are not settings, and settings given twice", () => {
    expect(queryNotes('?epochs=1&limit=2000')).to.deep.equal([]);
    expect(queryNotes('?epoch=3&batch_size=64&learningrate=0.01&colour=red&epochs=1&epochs=5')).to.deep.equal([
      'The link\'s "epoch" is not a setting, so it was ignored (did you mean "epochs"?).',
      'The link\'s "batch_size" is not a setting, so it was ignored (did you mean "batchSize"?).',
      'The link\'s "learningrate" is not a setting, so it was ignored (did you mean "learningRate"?).',
      'The link\'s "colour" is not a setting, so it was ignored.',
      'The link gives "epochs" 2 times ("1", "5"): the first, "1", is used.',
    ]);
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
