/** @module Per-exporter state with a cap on exporters and an optional token-bucket limit on each one's datagrams. */

/** Limits of an ExporterTable. */
export interface ExporterLimits {
  /** Most exporters tracked; datagrams from further exporters are refused (default 1024). */
  max?: number;
  /** Datagrams per second each exporter may send, with one second of burst; 0 = unlimited (default). */
  maxDatagramsPerSec?: number;
  /** An exporter silent this long is forgotten by sweep() (default 1 hour). */
  idleMs?: number;
}

/** What the table knows of one exporter. */
export interface ExporterState {
  key: string;
  firstSeenMs: number;
  lastSeenMs: number;
  datagrams: number;
  records: number;
  tokens: number;
}

/** Why a datagram was refused, or null when it may be decoded. */
export type Admission = null | 'exporter_cap' | 'rate_limit';

/** Tracks exporters and decides whether each datagram is admitted. */
export class ExporterTable {
  private readonly byKey = new Map<string, ExporterState>();
  private readonly max: number;
  private readonly rate: number;
  private readonly idleMs: number;

  constructor(limits: ExporterLimits = {}) {
    this.max = limits.max ?? 1024;
    this.rate = limits.maxDatagramsPerSec ?? 0;
    this.idleMs = limits.idleMs ?? 3_600_000;
    if (!(this.max >= 1) || !(this.rate >= 0) || !(this.idleMs > 0)) throw new RangeError('invalid exporter limits');
  }

  /** Exporters tracked now. */
  get size(): number {
    return this.byKey.size;
  }

  /** The exporter's state, if tracked. */
  get(key: string): ExporterState | undefined {
    return this.byKey.get(key);
  }

  /** Admit one datagram from `key` at `nowMs`, creating its state if there is room; returns the refusal reason. */
  admit(key: string, nowMs: number): { state: ExporterState | null; refused: Admission } {
    let s = this.byKey.get(key);
    if (s === undefined) {
      if (this.byKey.size >= this.max) return { state: null, refused: 'exporter_cap' };
      s = { key, firstSeenMs: nowMs, lastSeenMs: nowMs, datagrams: 0, records: 0, tokens: this.rate };
      this.byKey.set(key, s);
    }
    if (this.rate > 0) {
      s.tokens = Math.min(this.rate, s.tokens + ((nowMs - s.lastSeenMs) / 1000) * this.rate);
      if (s.tokens < 1) {
        s.lastSeenMs = Math.max(s.lastSeenMs, nowMs);
        return { state: s, refused: 'rate_limit' };
      }
      s.tokens -= 1;
    }
    if (nowMs > s.lastSeenMs) s.lastSeenMs = nowMs;
    s.datagrams++;
    return { state: s, refused: null };
  }

  /** Forget exporters idle since before `nowMs - idleMs`; returns how many went. */
  sweep(nowMs: number): number {
    let n = 0;
    for (const [k, s] of this.byKey) {
      if (nowMs - s.lastSeenMs > this.idleMs) {
        this.byKey.delete(k);
        n++;
      }
    }
    return n;
  }

  /** Every tracked exporter. */
  list(): ExporterState[] {
    return [...this.byKey.values()];
  }
}
