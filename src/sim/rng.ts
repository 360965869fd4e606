/** @module Seeded random numbers (mulberry32) with uniform, normal, exponential and Poisson draws. */
import { seededRandom, type Random } from '../core/random';

/** A reproducible random source: the same seed gives the same sequence on every platform. */
export class Rng {
  private readonly uniform: Random;
  constructor(seed: number) {
    this.uniform = seededRandom(seed);
  }
  /** Uniform on [0, 1). */
  next(): number {
    return this.uniform();
  }
  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
  /** Poisson with mean `lambda` (Knuth below 30, rounded normal above). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const l = Math.exp(-lambda);
    let k = 0, p = 1;
    do { k++; p *= this.next(); } while (p > l);
    return k - 1;
  }
  /** Integer uniform on [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
}
