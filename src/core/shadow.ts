/** @module Shadow inventory entries: what the forecasters say about one resource over one horizon. */

/** A count quantile: P(N ≤ count) ≥ p. */
export interface CountQuantile {
  p: number;
  count: number;
}

/** One (resource, horizon) entry of the shadow inventory (ARCHITECTURE.md "Words"). */
export interface ShadowEntry {
  resourceId: string;
  /** When the forecast was made, and the horizon (asOfMs, asOfMs + horizonMs]. */
  asOfMs: number;
  horizonMs: number;
  /** P(at least one allocation within the horizon). */
  pAny: number;
  /** Quantiles of the allocation count within the horizon. */
  quantiles: CountQuantile[];
  /** Window in which the next allocation is expected (its 25th to 75th percentile), or null if unlikely within H. */
  eta: { fromMs: number; toMs: number } | null;
  resourceType: string;
  /** Expected bandwidth of the arrivals in bytes/s, when telemetry gives one. */
  expectedBandwidthBps: number | null;
  /** The model that produced the entry, and until when it holds. */
  model: string;
  validUntilMs: number;
}
