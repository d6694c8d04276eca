import { expect } from 'chai';
import { formatCount, formatDuration } from '../src/app/format.js';

describe('format', () => {
  it('groups counts as en-US does, without Intl', () => {
    const intl = new Intl.NumberFormat('en-US');
    for (const value of [0, 7, 999, 1000, 9999, 60_000, 233_802, 1_000_000, 12_345_678, -1, -1500, -233_802]) {
      expect(formatCount(value), String(value)).to.equal(intl.format(value));
    }
    expect(formatCount(1499.6)).to.equal('1,500');
  });

  it('writes durations as m:ss or h:mm:ss', () => {
    expect(formatDuration(75_000)).to.equal('1:15');
    expect(formatDuration(3_725_000)).to.equal('1:02:05');
    expect(formatDuration(-5)).to.equal('0:00');
  });
});
