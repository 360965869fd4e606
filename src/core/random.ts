/** @module The one seeded PRNG (mulberry32): same seed, same sequence, on every platform. */

/** A uniform [0, 1) source; injectable so tests and replays are exact. */
export type Random = () => number;

/** A seeded uniform source (mulberry32). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
