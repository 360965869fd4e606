/** @module Reads many series from CSV (series id, timestamp, value): sorted, on a regular step, gaps as NaN. */

/** One series on a regular grid. */
export interface GridSeries {
  id: string;
  startMs: number;
  stepMs: number;
  values: Float64Array;
}

/** A row that could not be read, with its 1-based line number. */
export interface RowProblem {
  line: number;
  reason: string;
}

const MAX_POINTS = 1_000_000;

/** Parses a timestamp given as epoch seconds, epoch milliseconds or ISO 8601. */
export function parseTimestamp(text: string): number {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return Math.abs(n) < 1e11 ? n * 1000 : n;
  }
  return Date.parse(t);
}

/** Median of positive gaps between sorted times; the series' step. */
function inferStep(times: number[]): number {
  const gaps = times.slice(1).map((t, i) => t - times[i]!).filter((g) => g > 0).sort((a, b) => a - b);
  return gaps.length ? gaps[Math.floor(gaps.length / 2)]! : 60_000;
}

/** Places sorted points on a grid of `step`; missing slots are NaN, duplicates keep the last value. */
function toGrid(id: string, points: Array<[number, number]>): GridSeries {
  points.sort((a, b) => a[0] - b[0]);
  const times = points.map((p) => p[0]);
  const stepMs = inferStep(times);
  const startMs = times[0] ?? 0;
  const n = Math.min(MAX_POINTS, Math.round(((times[times.length - 1] ?? startMs) - startMs) / stepMs) + 1);
  const values = new Float64Array(n).fill(NaN);
  for (const [t, v] of points) {
    const i = Math.round((t - startMs) / stepMs);
    if (i >= 0 && i < n) values[i] = v;
  }
  return { id, startMs, stepMs, values };
}

/** Parses the CSV; a header row is optional, bad rows are reported and skipped. */
export function parseSeriesCsv(text: string): { series: GridSeries[]; problems: RowProblem[] } {
  const byId = new Map<string, Array<[number, number]>>();
  const problems: RowProblem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, idx) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(',').map((c) => c.trim());
    if (idx === 0 && cells.length >= 3 && Number.isNaN(Number(cells[2]))) return; // header
    if (cells.length < 3) return void problems.push({ line: idx + 1, reason: `expected 3 columns (series,timestamp,value), got ${cells.length}` });
    const [id, ts, val] = cells as [string, string, string];
    const t = parseTimestamp(ts);
    const v = Number(val);
    if (id === '') return void problems.push({ line: idx + 1, reason: 'empty series id' });
    if (!Number.isFinite(t)) return void problems.push({ line: idx + 1, reason: `bad timestamp "${ts}"` });
    if (val === '' || !Number.isFinite(v)) return void problems.push({ line: idx + 1, reason: `bad value "${val}"` });
    const points = byId.get(id) ?? [];
    points.push([t, v]);
    byId.set(id, points);
  });
  return { series: [...byId.entries()].map(([id, points]) => toGrid(id, points)), problems };
}
