/** @module Ingest sampling of our own: keep each record with probability 1/N and scale what is kept by N. */

import type { Random } from '../../core/random';

export { seededRandom, type Random } from '../../core/random';

/** Bernoulli 1-in-N record sampling; with N = 1 every record is kept and nothing is drawn. */
export class IngestSampler {
  /** Records offered and kept so far. */
  offered = 0;
  kept = 0;
  readonly oneIn: number;
  private readonly p: number;
  private readonly random: Random;

  constructor(oneIn: number, random: Random = Math.random) {
    if (!Number.isInteger(oneIn) || oneIn < 1) throw new RangeError('ingest sampling oneIn must be an integer >= 1');
    this.oneIn = oneIn;
    this.p = 1 / oneIn;
    this.random = random;
  }

  /** True when this record is kept; a kept record stands for `oneIn` records. */
  keep(): boolean {
    this.offered++;
    if (this.oneIn === 1 || this.random() < this.p) {
      this.kept++;
      return true;
    }
    return false;
  }
}
