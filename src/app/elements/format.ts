// Number formats the page uses in several elements.
import type { MeasureProgress } from '../../protocol/backends.js';

/**
 * 60000 -> "60,000", as en-US groups it. By hand rather than with Intl: a page's first
 * Intl formatter starts ICU, a long main-thread task, and this one was made as the page's
 * script ran, the longest task of its load (docs/audits.md).
 */
export function formatCount(value: number): string {
  const rounded = Math.round(value);
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+$)/g, ',');
  return rounded < 0 ? `-${digits}` : digits;
}

/**
 * 24/11/2026, 09:46:58 in local time, as en-GB writes it (and as the runs are named). By
 * hand for the same reason: the first date format of the page would start ICU, and the
 * library and the speeds are drawn while a run trains.
 */
export function formatDateTime(millis: number): string {
  const date = new Date(millis);
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${two(date.getDate())}/${two(date.getMonth() + 1)}/${date.getFullYear()}`;
  return `${day}, ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

export function formatLoss(loss: number): string {
  return loss.toFixed(4);
}

/** 75_000 -> "1:15", 3_725_000 -> "1:02:05". */
export function formatDuration(millis: number): string {
  const total = Math.max(0, Math.round(millis / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** "wasm on 2 thread(s) (2 of 2)": which backend a measurement times now. */
export function formatMeasuring({ backend, threads, index, count }: MeasureProgress): string {
  return `${backend}${threads ? ` on ${threads} thread(s)` : ''} (${index + 1} of ${count})`;
}
