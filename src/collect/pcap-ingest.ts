/**
 * @module Capture ingest: flow-export datagrams inside a pcap/pcapng go through the collector (with the capture's
 * own timestamps), and all other IP traffic is summarised into flow records by 5-tuple and sent to the pipeline.
 */

import { sniffProtocol, type FlowRecord, type FlowType } from './decoders';
import { readCapture, summariseTraffic, udpOf, type CapturedPacket } from './pcap';
import type { FlowCollector, ListenerInfo } from './udp';

/** How to split a capture. */
export interface PcapIngestOptions {
  /** Only UDP datagrams to these ports count as flow export; by default any UDP payload that sniffs as one does. */
  flowPorts?: ReadonlySet<number>;
  /** Idle timeout for summarised raw flows (default 60 s). */
  idleTimeoutMs?: number;
  /** Exporter key of summarised raw traffic (default "pcap"). */
  exporter?: string;
}

/** What one capture gave. */
export interface PcapIngestResult {
  format: 'pcap' | 'pcapng';
  packets: number;
  flowDatagrams: number;
  flowRecords: number;
  trafficRecords: number;
  /** Frames that were neither flow export nor parsable IP. */
  skipped: number;
  /** Capture-file errors (reading stops at the first). */
  errors: string[];
}

const ALL: ReadonlySet<FlowType> = new Set<FlowType>(['netflow_v5', 'netflow_v9', 'ipfix', 'sflow_v5']);
const PCAP_LISTENER: ListenerInfo = { name: 'pcap', protocols: ALL };

/** Ingest one capture file's bytes. */
export function ingestCapture(buf: Uint8Array, collector: FlowCollector, writeTraffic: (records: FlowRecord[]) => void, opts: PcapIngestOptions = {}): PcapIngestResult {
  const cap = readCapture(buf);
  const traffic: CapturedPacket[] = [];
  let flowDatagrams = 0;
  let flowRecords = 0;
  for (const p of cap.packets) {
    const d = udpOf(p);
    const isFlow = d !== null && (opts.flowPorts === undefined ? sniffProtocol(d.payload) !== null : opts.flowPorts.has(d.dstPort));
    if (!isFlow) {
      traffic.push(p);
      continue;
    }
    flowDatagrams++;
    flowRecords += collector.handle(d.payload, d.srcAddr, d.srcPort, PCAP_LISTENER, Math.floor(d.tsMs));
  }
  const summary = summariseTraffic(traffic, { exporter: opts.exporter ?? 'pcap', idleTimeoutMs: opts.idleTimeoutMs ?? 60_000 });
  if (summary.records.length > 0) writeTraffic(summary.records);
  return {
    format: cap.format, packets: cap.packets.length, flowDatagrams, flowRecords, trafficRecords: summary.records.length,
    skipped: summary.skipped, errors: cap.errors.map((e) => e.message),
  };
}
