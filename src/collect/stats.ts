/** @module Plain counters the collect stages bump on the hot path; metrics.ts reads them at scrape time. */

/** Counts by a label key (several labels joined with \u0000). */
export class Counts {
  readonly map = new Map<string, number>();

  /** Add `n` (default 1) under `key`. */
  add(key: string, n = 1): void {
    this.map.set(key, (this.map.get(key) ?? 0) + n);
  }

  /** The count under `key` (0 when none). */
  get(key: string): number {
    return this.map.get(key) ?? 0;
  }

  /** Sum over every key. */
  total(): number {
    let t = 0;
    for (const v of this.map.values()) t += v;
    return t;
  }
}

/** Joins label values into a Counts key. */
export const key2 = (a: string, b: string): string => `${a}\u0000${b}`;

/** Every collect counter, grouped by metric. */
export class CollectStats {
  /** Datagrams received, by listener and protocol (`unknown` when not recognised). */
  readonly datagrams = new Counts();
  /** UDP payload bytes received, by listener. */
  readonly datagramBytes = new Counts();
  /** Flow records decoded, by protocol. */
  readonly records = new Counts();
  /** sFlow counter records decoded, by protocol. */
  readonly counterRecords = new Counts();
  /** Decode errors, by protocol and kind. */
  readonly errors = new Counts();
  /** Data sets skipped for want of a template, by protocol. */
  readonly templateMisses = new Counts();
  /** Datagrams or records dropped, by reason. */
  readonly drops = new Counts();
  /** goflow2 JSON lines, by source and result. */
  readonly goflowLines = new Counts();
  /** Resource metric rows, by result (accepted, rejected). */
  readonly metricRows = new Counts();
  /** Aggregate flushes, by result (ok, error). */
  readonly flushes = new Counts();
}
