/**
 * @module The socket-free core of the UDP collector: admit a datagram (listener protocols, exporter cap and rate),
 * decode it with its exporter's template state, count everything, and hand the records on. Never throws.
 */

import { decodeDatagram, sniffProtocol, type FlowRecord, type FlowType, type InterfaceCounters, type TemplateStore } from '../decoders';
import { key2, type CollectStats } from '../stats';
import type { ExporterTable } from './exporter-table';

/** The listener a datagram arrived on: its name (a metrics label) and the protocols it accepts. */
export interface ListenerInfo {
  name: string;
  protocols: ReadonlySet<FlowType>;
}

/** What a FlowCollector needs. */
export interface FlowCollectorOptions {
  templates: TemplateStore;
  exporters: ExporterTable;
  stats: CollectStats;
  /** Receives each datagram's flow records (never an empty batch). */
  sink: (records: FlowRecord[]) => void;
  /** Receives sFlow interface counters, when wanted. */
  onCounters?: (counters: InterfaceCounters[]) => void;
  now?: () => number;
}

/** The exporter key for a UDP source: `ip:port`, or `[ip6]:port`; IPv4-mapped IPv6 addresses count as IPv4. */
export function exporterKey(address: string, port: number): string {
  const a = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  return a.includes(':') ? `[${a}]:${port}` : `${a}:${port}`;
}

/** Decodes admitted datagrams and passes their records on. */
export class FlowCollector {
  private readonly o: FlowCollectorOptions;
  private readonly now: () => number;

  constructor(opts: FlowCollectorOptions) {
    this.o = opts;
    this.now = opts.now ?? Date.now;
  }

  /** Handle one datagram from `address`:`port` on `listener`; returns the number of records passed on. */
  handle(buf: Uint8Array, address: string, port: number, listener: ListenerInfo, receivedMs = this.now()): number {
    const { stats } = this.o;
    const protocol = sniffProtocol(buf);
    const label = protocol ?? 'unknown';
    stats.datagrams.add(key2(listener.name, label));
    stats.datagramBytes.add(listener.name, buf.length);
    if (protocol !== null && !listener.protocols.has(protocol)) {
      stats.drops.add('unexpected_protocol');
      return 0;
    }
    const exporter = exporterKey(address, port);
    const { state, refused } = this.o.exporters.admit(exporter, receivedMs);
    if (refused !== null) {
      stats.drops.add(refused);
      return 0;
    }
    const res = decodeDatagram(buf, exporter, this.o.templates, { receivedMs });
    for (const e of res.errors) {
      stats.errors.add(key2(label, e.kind));
      if (e.kind === 'template_missing') stats.templateMisses.add(label);
    }
    if (res.errors.length > 0 && res.records.length === 0 && res.counters.length === 0) {
      stats.drops.add(res.errors.every((e) => e.kind === 'template_missing') ? 'template_missing' : 'malformed');
    }
    if (res.counters.length > 0) {
      stats.counterRecords.add(label, res.counters.length);
      this.o.onCounters?.(res.counters);
    }
    const n = res.records.length;
    if (n === 0) return 0;
    stats.records.add(label, n);
    if (state !== null) state.records += n;
    try {
      this.o.sink(res.records);
    } catch {
      stats.drops.add('sink_error');
    }
    return n;
  }
}
