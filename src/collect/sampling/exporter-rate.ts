/**
 * @module The exporter's sampling rate for a record: a configured override for the exporter, else what the
 * record carries (NetFlow v5 header, v9/IPFIX options data, sFlow sample), else the configured rate for unknown.
 */

import type { FlowRecord } from '../decoders';

/** How exporter rates are chosen. */
export interface ExporterRateOptions {
  /** Rate assumed when neither an override nor the exporter gives one (default 1). */
  unknownRate?: number;
  /** Fixed rates by exporter `ip` or `ip:port` (the collector's exporter key). */
  overrides?: Readonly<Record<string, number>>;
}

/** The address part of an exporter key `ip:port` or `[ip6]:port` (the key itself when it has no port). */
export function exporterAddress(key: string): string {
  if (key.startsWith('[')) {
    const end = key.indexOf(']');
    return end > 0 ? key.slice(1, end) : key;
  }
  const colon = key.lastIndexOf(':');
  return colon > 0 && key.indexOf(':') === colon ? key.slice(0, colon) : key;
}

/** Picks the 1-in-N rate to scale each record by; remembers how many records had no rate of their own. */
export class ExporterRates {
  /** Records whose rate was unknown and took `unknownRate`. */
  unknown = 0;
  private readonly unknownRate: number;
  private readonly overrides: Map<string, number>;
  private lastKey = '';
  private lastOverride: number | undefined;

  constructor(opts: ExporterRateOptions = {}) {
    this.unknownRate = opts.unknownRate ?? 1;
    if (!(this.unknownRate >= 1)) throw new RangeError('sampling unknownRate must be >= 1');
    this.overrides = new Map(Object.entries(opts.overrides ?? {}));
  }

  /** The rate for one record (always >= 1). */
  rateOf(r: FlowRecord): number {
    if (this.overrides.size > 0) {
      if (r.exporter !== this.lastKey) {
        this.lastKey = r.exporter;
        this.lastOverride = this.overrides.get(r.exporter) ?? this.overrides.get(exporterAddress(r.exporter));
      }
      if (this.lastOverride !== undefined) return this.lastOverride;
    }
    if (r.samplingRate >= 1) return r.samplingRate;
    this.unknown++;
    return this.unknownRate;
  }
}
