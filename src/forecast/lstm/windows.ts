/**
 * @module Training and input windows for the global LSTM: each window is centred on its own input mean and divided by
 * its series' standard deviation, so one model serves series of any size. Gaps carry the last value forward in inputs;
 * windows with a gap in their targets are skipped.
 */
import type { Random } from '../../core/random';
import { fillGaps } from '../sarima';

/** Scaled values are clipped to this many standard deviations, so one wild window cannot swamp training. */
export const CLIP = 20;

/** Standard deviation of a series' finite values, or 1 when it is (nearly) constant or empty. */
export function seriesScale(y: ArrayLike<number>): number {
  let n = 0, sum = 0, sq = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (Number.isFinite(v)) { n++; sum += v; sq += v * v; }
  }
  const sd = n > 1 ? Math.sqrt(Math.max(0, (sq - (sum * sum) / n) / (n - 1))) : 0;
  return sd > 1e-9 ? sd : 1;
}

const clip = (v: number) => Math.max(-CLIP, Math.min(CLIP, v));

/** Writes the scaled window `filled[end-w, end)` into `out` at `at`; returns the window mean (the level). */
export function writeInput(filled: ArrayLike<number>, end: number, w: number, scale: number, out: Float32Array, at: number): number {
  let level = 0;
  for (let k = end - w; k < end; k++) level += filled[k]!;
  level /= w;
  for (let k = 0; k < w; k++) out[at + k] = clip((filled[end - w + k]! - level) / scale);
  return level;
}

/** Training windows: inputs `[n, w]` and targets `[n, h]`, scaled, at most `max` of them sampled uniformly. */
export interface WindowSet {
  x: Float32Array;
  y: Float32Array;
  n: number;
}

function hasGap(y: Float64Array, from: number, h: number): boolean {
  for (let k = from; k < from + h; k++) if (!Number.isFinite(y[k]!)) return true;
  return false;
}

/** Samples up to `max` complete windows across all series (reservoir sampling with `rand`, so a seed fixes the set). */
export function buildWindows(series: readonly Float64Array[], w: number, h: number, max: number, rand: Random): WindowSet {
  const pick = new Int32Array(2 * max);
  let seen = 0;
  for (let i = 0; i < series.length; i++) {
    const y = series[i]!;
    for (let end = w; end + h <= y.length; end++) {
      if (hasGap(y, end, h)) continue;
      const slot = seen < max ? seen : Math.floor(rand() * (seen + 1));
      seen++;
      if (slot < max) { pick[2 * slot] = i; pick[2 * slot + 1] = end; }
    }
  }
  const n = Math.min(seen, max);
  const x = new Float32Array(n * w), t = new Float32Array(n * h);
  const prep = new Map<number, { filled: number[]; scale: number }>();
  for (let j = 0; j < n; j++) {
    const i = pick[2 * j]!, end = pick[2 * j + 1]!, y = series[i]!;
    if (!prep.has(i)) prep.set(i, { filled: fillGaps(y), scale: seriesScale(y) });
    const { filled, scale } = prep.get(i)!;
    const level = writeInput(filled, end, w, scale, x, j * w);
    for (let k = 0; k < h; k++) t[j * h + k] = clip((y[end + k]! - level) / scale);
  }
  return { x, y: t, n };
}
