/** @module Small SVG primitives for the report's charts: linear scales, nice ticks, axes and paths. */
import { esc } from './html';

/** A linear map from a data domain onto a pixel range. */
export interface Scale {
  (x: number): number;
  domain: [number, number];
  range: [number, number];
}

/** Builds a linear scale; a zero-width domain maps to the middle of the range. */
export function linear(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain, [r0, r1] = range;
  const f = ((x: number) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((x - d0) / (d1 - d0)) * (r1 - r0))) as Scale;
  f.domain = domain;
  f.range = range;
  return f;
}

/** About `count` round tick values covering [lo, hi] (steps of 1, 2 or 5 × 10^k). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count), mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** A round upper bound for an axis that must show `max` (at least `floor`). */
export function niceMax(max: number, floor = 1): number {
  const m = Math.max(max, floor), mag = 10 ** Math.floor(Math.log10(m));
  return ([1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((k) => k * mag).find((v) => v >= m) ?? m);
}

/** Rounds a pixel coordinate to one decimal for compact markup. */
export function px(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/** An SVG path through points (skipping nothing; callers drop gaps). */
export function linePath(points: ReadonlyArray<[number, number]>): string {
  return points.map(([x, y], i) => `${i ? 'L' : 'M'}${px(x)},${px(y)}`).join('');
}

/** A closed band between an upper and a lower line over the same x values. */
export function bandPath(xs: readonly number[], upper: readonly number[], lower: readonly number[]): string {
  if (xs.length === 0) return '';
  const top = xs.map((x, i): [number, number] => [x, upper[i]!]);
  const bottom = xs.map((x, i): [number, number] => [x, lower[i]!]).reverse();
  return `${linePath([...top, ...bottom])}Z`;
}

/** A horizontal value axis: grid lines and labels at the ticks. */
export function yAxis(y: Scale, x0: number, x1: number, ticks: readonly number[], fmt: (v: number) => string): string {
  return ticks.map((t) => `<line class="grid" x1="${px(x0)}" x2="${px(x1)}" y1="${px(y(t))}" y2="${px(y(t))}"/>` +
    `<text class="tick" x="${px(x0 - 6)}" y="${px(y(t) + 4)}" text-anchor="end">${esc(fmt(t))}</text>`).join('');
}

/** Tick labels under a horizontal axis at `yPos`. */
export function xLabels(x: Scale, yPos: number, ticks: readonly number[], fmt: (v: number) => string): string {
  return ticks.map((t) => `<line class="axis" x1="${px(x(t))}" x2="${px(x(t))}" y1="${px(yPos)}" y2="${px(yPos + 4)}"/>` +
    `<text class="tick" x="${px(x(t))}" y="${px(yPos + 16)}" text-anchor="middle">${esc(fmt(t))}</text>`).join('');
}

/** Opens an SVG element with a viewBox and an accessible title. */
export function svgOpen(width: number, height: number, title: string, cls = 'chart'): string {
  return `<svg class="${esc(cls)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>`;
}
