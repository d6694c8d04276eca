import { expect } from 'chai';
import { formatCount, formatDateTime, formatDuration } from '../../src/app/elements/format.js';

describe('format', () => {
  it('groups counts as en-US does, without Intl', () => {
    const intl = new Intl.NumberFormat('en-US');
    for (const value of [0, 7, 999, 1000, 9999, 60_000, 233_802, 1_000_000, 12_345_678, -1, -1500, -233_802]) {
      expect(formatCount(value), String(value)).to.equal(intl.format(value));
    }
    expect(formatCount(1499.6)).to.equal('1,500');
  });

  it('writes dates and times as en-GB does, in local time, without Intl', () => {
    for (const millis of [Date.UTC(2026, 10, 24, 8, 46, 46), Date.UTC(2025, 0, 5, 23, 5, 9), 0]) {
      expect(formatDateTime(millis)).to.equal(new Date(millis).toLocaleString('en-GB'));
    }
  });

  it('writes durations as m:ss or h:mm:ss', () => {
    expect(formatDuration(75_000)).to.equal('1:15');
    expect(formatDuration(3_725_000)).to.equal('1:02:05');
    expect(formatDuration(-5)).to.equal('0:00');
  });
});
