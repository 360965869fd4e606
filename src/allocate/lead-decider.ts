/**
 * @module The lead-signal pool policy's decision rule, shared by the live backtest and the training-days tuning. At
 * each tick it holds the newsvendor quantile of the count over the next tick plus one latency (the learnt conditional
 * pmf when given, else a hurdle Poisson with the calibrated P(any) and the hazard's mean) when P(any) clears the
 * threshold. After allocations inside a tick it tops up at once (never releases before the next tick): the larger of
 * what the tick planned beyond the arrivals seen and the rest of the current minute from the resource's clump-size
 * distribution (allocations per busy minute, learnt on training days) given how many arrived and how much of the
 * minute has passed, plus the hazard's rate for the minutes after it.
 */
import { hurdleCdf } from '../forecast/lead/count';
import { newsvendorK } from './cost';
import type { PoolPolicy } from './pool-sim';

const MIN = 60_000;

/** What the model states for one decision minute: calibrated P(any in the window), per-minute expected counts, their sum. */
export interface MinutePrediction {
  p: number;
  rates: ArrayLike<number>;
  expected: number;
  /** The window count's learnt pmf (index = count); absent: the hurdle Poisson of `p` and `expected`. */
  pmf?: Float64Array;
}

/** The decision rule's knobs. */
export interface LeadDeciderOptions {
  startMs: number;
  tickMs: number;
  latencyMs: number;
  /** Newsvendor level and the P(any) below which nothing is held. */
  level: number;
  threshold: number;
  /** pmf of allocations in a minute given at least one (index = count; index 0 unused). */
  clump: Float64Array;
}

/** The clump-size pmf: allocations per minute over minutes with at least one (empty history: all mass on 1). */
export function clumpPmf(perMinute: ArrayLike<number>, maxCount = 500): Float64Array {
  let hi = 1;
  for (let i = 0; i < perMinute.length; i++) hi = Math.max(hi, Math.min(maxCount, perMinute[i]!));
  const pmf = new Float64Array(hi + 1);
  let n = 0;
  for (let i = 0; i < perMinute.length; i++) if (perMinute[i]! > 0) { pmf[Math.min(maxCount, perMinute[i]!)]! += 1; n++; }
  if (!n) { pmf[1] = 1; return pmf; }
  return pmf.map((v) => v / n);
}

function logChoose(m: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(m - i) - Math.log(i + 1);
  return s;
}

/** pmf (index = count still to come) of this minute's remaining allocations, given `seen` ≥ 1 by fraction `f` of it (arrivals uniform in the minute). */
export function remainingPmf(clump: Float64Array, seen: number, f: number): Float64Array {
  const ff = Math.min(1 - 1e-9, Math.max(1e-9, f));
  const logw: number[] = [];
  for (let m = seen; m < clump.length; m++) logw.push(clump[m]! > 0 ? Math.log(clump[m]!) + logChoose(m, seen) + seen * Math.log(ff) + (m - seen) * Math.log(1 - ff) : -Infinity);
  const top = Math.max(...logw, -Infinity);
  if (top === -Infinity) return poissonPmf((seen * (1 - ff)) / ff);
  const w = logw.map((l) => Math.exp(l - top)), s = w.reduce((a, b) => a + b, 0);
  return Float64Array.from(w, (v) => v / s);
}

/** Poisson pmf up to where the tail is below 1e-9. */
export function poissonPmf(mean: number): Float64Array {
  const out: number[] = [];
  let term = Math.exp(-Math.max(0, mean)), cum = 0;
  for (let k = 0; k < 10_000 && (cum < 1 - 1e-9 || k <= mean); k++) { out.push(term); cum += term; term *= mean / (k + 1); }
  return Float64Array.from(out);
}

/** The pmf of a sum of two independent counts. */
export function convolve(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) if (a[i]) for (let j = 0; j < b.length; j++) out[i + j]! += a[i]! * b[j]!;
  return out;
}

/** Smallest k with cumulative pmf ≥ level. */
export function pmfQuantile(pmf: Float64Array, level: number): number {
  let cum = 0;
  for (let k = 0; k < pmf.length; k++) if ((cum += pmf[k]!) >= level - 1e-12) return k;
  return pmf.length - 1;
}

/** The pool policy for one resource; `predict(t)` gives the model's view at decision minute t (from `startMs`). */
export function leadDecider(predict: (t: number) => MinutePrediction, o: LeadDeciderOptions): PoolPolicy {
  let tick = Number.NaN, usedAtTick = 0, kTick = 0, pr: MinutePrediction = { p: 0, rates: [], expected: 0 };
  return {
    decide: (s) => {
      const rel = s.tMs - o.startMs, k0 = Math.floor(rel / o.tickMs);
      if (k0 !== tick) { tick = k0; usedAtTick = s.used; pr = predict(Math.floor((k0 * o.tickMs) / MIN)); }
      const seen = s.used - usedAtTick;
      if (rel === k0 * o.tickMs) {
        const q = pr.pmf ? pmfQuantile(pr.pmf, o.level) : newsvendorK(hurdleCdf(pr.p, pr.expected), o.level, 1000);
        kTick = pr.p > o.threshold ? Math.max(1, q) : 0;
        return kTick - (s.ready + s.pending);
      }
      if (seen <= 0) return 0;
      {
        const intoMinute = ((rel - k0 * o.tickMs) % MIN) / MIN;
        const restMin = Math.ceil(((k0 + 1) * o.tickMs + o.latencyMs - rel) / MIN) - 1;
        let later = 0;
        for (let j = 1; j <= restMin && j < pr.rates.length; j++) later += pr.rates[j]!;
        // Only tops up inside a tick: what the tick planned for beyond the arrivals seen, or what the clump implies.
        const k = Math.max(kTick - seen, pmfQuantile(convolve(remainingPmf(o.clump, seen, intoMinute), poissonPmf(later)), o.level));
        return Math.max(0, k - (s.ready + s.pending));
      }
    },
  };
}
