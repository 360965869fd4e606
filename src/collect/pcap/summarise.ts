/**
 * @module Summarise raw captured traffic into unidirectional flow records keyed by 5-tuple (ICMP: type and code),
 * counting IP bytes as NetFlow exporters do, with an optional idle timeout.
 */

import { emptyRecord, parseIp, type FlowRecord } from '../decoders';
import { ipOffset } from './link-layer';
import type { CapturedPacket } from './types';

/** How to summarise. */
export interface SummariseOptions {
  /** Exporter key for the records (default "pcap"). */
  exporter?: string;
  /** A flow idle this long is closed and a later packet starts a new one (default: never). */
  idleTimeoutMs?: number;
}

/** Flow records in order of first packet, and how many frames carried no parsable IP packet. */
export interface TrafficSummary {
  records: FlowRecord[];
  skipped: number;
}

/** The flow key of a parsed packet. */
function keyOf(r: FlowRecord): string {
  const addrs = r.ipVersion === 6 ? `${Buffer.from(r.srcAddr6 ?? []).toString('hex')}>${Buffer.from(r.dstAddr6 ?? []).toString('hex')}` : `${r.srcAddr}>${r.dstAddr}`;
  return `${r.proto}|${addrs}|${r.srcPort}|${r.dstPort}|${r.icmpType}|${r.icmpCode}`;
}

/** Group captured frames into flows; bytes are IP datagram lengths from the IP header, so snap lengths do not matter. */
export function summariseTraffic(packets: readonly CapturedPacket[], opts: SummariseOptions = {}): TrafficSummary {
  const exporter = opts.exporter ?? 'pcap';
  const idle = opts.idleTimeoutMs ?? Infinity;
  const open = new Map<string, FlowRecord>();
  const records: FlowRecord[] = [];
  let skipped = 0;
  for (const pkt of packets) {
    const dv = new DataView(pkt.data.buffer, pkt.data.byteOffset, pkt.data.byteLength);
    const off = ipOffset(pkt.linkType, dv);
    const ts = Math.floor(pkt.tsMs);
    const r = emptyRecord('pcap', exporter, 0, ts);
    const ipLength = off < 0 ? 0 : parseIp(dv, off, dv.byteLength, r);
    if (ipLength === 0) {
      skipped++;
      continue;
    }
    const key = keyOf(r);
    let flow = open.get(key);
    if (flow === undefined || ts - flow.endMs > idle) {
      flow = r;
      flow.startMs = ts;
      flow.samplingRate = 1;
      open.set(key, flow);
      records.push(flow);
    } else {
      flow.tcpFlags |= r.tcpFlags;
    }
    flow.packets++;
    flow.bytes += ipLength;
    flow.endMs = ts;
  }
  return { records, skipped };
}
