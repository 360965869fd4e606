/**
 * @module What a rate oracle may know of a simulated resource: the distribution of its allocations in a time window,
 * given its noise-free intensity μ(t) (seasonal × burst), its mechanics and the addresses in use, but not the draws
 * (the per-minute lognormal noise and the Poisson arrivals stay hidden).
 */
import type { WindowCountCdf } from '../allocate/rate-oracle';
import { normCdf } from '../forecast/normal';
import { alarmWindow } from './autoscale';
import type { SimResource } from './world';

function poissonCdf(mean: number): (k: number) => number {
  return (k) => {
    if (k < 0) return 0;
    let term = Math.exp(-mean), s = term;
    for (let i = 1; i <= k; i++) s += term *= mean / i;
    return Math.min(1, s);
  };
}

/** ∫ μ over [from, to) minutes, μ constant within each minute (0 outside the series). */
export function integrateIntensity(mu: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let m = Math.max(0, Math.floor(from)); m < Math.min(mu.length, Math.ceil(to)); m++) s += mu[m]! * (Math.min(to, m + 1) - Math.max(from, m));
  return s;
}

/** P(an autoscaler's wanted instances ≤ n) in a minute of intensity μ: load μ·exp(σZ − σ²/2), want = max(min, ⌈load/cap⌉). */
export function wantCdf(n: number, mu: number, cap: number, sigma: number, minInstances: number): number {
  if (n < minInstances) return 0;
  if (mu <= 0) return 1;
  if (n <= 0) return 0;
  const z = Math.log((n * cap) / mu);
  return sigma > 0 ? normCdf((z + (sigma * sigma) / 2) / sigma) : z >= 0 ? 1 : 0;
}

/** The intensity a scaler reacting after k minutes answers at minute m: the mean of μ over its alarm window (k = 0: μ itself). */
export function alarmIntensity(mu: Float64Array, reactionMin: number): Float64Array {
  if (reactionMin === 0) return mu;
  return Float64Array.from(mu, (_, m) => {
    const [a, b] = alarmWindow(m, reactionMin);
    let s = 0;
    for (let i = a; i < b; i++) s += mu[i]!;
    return b > a ? s / (b - a) : 0;
  });
}

/**
 * The window count CDF a rate oracle uses for one simulated resource with per-minute intensity `mu`. A delayed
 * scaler is approximated by its alarm window's mean intensity (the all-datapoints-breach rule is not modelled).
 */
export function intensityCountCdf(r: SimResource, intensity: Float64Array): WindowCountCdf {
  if (r.kind !== 'autoscale') return (from, to) => poissonCdf(integrateIntensity(intensity, from, to));
  const mu = alarmIntensity(intensity, r.reactionMin);
  const cap = r.perInstance * r.targetUtil, sigma = r.shape.noise;
  // Allocations still to come in minute j are want_j − used; an allocation seen this minute means want ≥ used.
  return (from, to, used, seen) => (k) => {
    if (k < 0) return 0;
    let p = 1;
    for (let j = Math.max(0, Math.floor(from)); j < Math.min(mu.length, Math.ceil(to)); j++) {
      const f = wantCdf(used + k, mu[j]!, cap, sigma, r.minInstances);
      if (j === Math.floor(from) && seen > 0) {
        const below = wantCdf(used - 1, mu[j]!, cap, sigma, r.minInstances);
        p *= below < 1 ? Math.max(0, (f - below) / (1 - below)) : 1;
      } else p *= f;
    }
    return p;
  };
}
