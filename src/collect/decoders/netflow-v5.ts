/** @module NetFlow v5: a 24-byte header and fixed 48-byte records (Cisco NetFlow v5 export format). */

import { viewOf } from './bytes';
import { icmpFromPort } from './data-records';
import { DecodeError } from './errors';
import { emptyRecord, emptyResult } from './record';
import type { DecodeOptions, DecodeResult, FlowRecord, NetflowV5Header } from './types';

/** NetFlow v5 header length in bytes. */
export const NETFLOW_V5_HEADER_LENGTH = 24;
/** NetFlow v5 record length in bytes. */
export const NETFLOW_V5_RECORD_LENGTH = 48;

/** Read the header; the caller has checked the length and version. */
function readHeader(dv: DataView): NetflowV5Header {
  const sampling = dv.getUint16(22);
  return {
    version: 5,
    count: dv.getUint16(2),
    sysUptimeMs: dv.getUint32(4),
    unixSecs: dv.getUint32(8),
    unixNsecs: dv.getUint32(12),
    flowSequence: dv.getUint32(16),
    engineType: dv.getUint8(20),
    engineId: dv.getUint8(21),
    samplingMode: sampling >>> 14,
    samplingInterval: sampling & 0x3fff,
  };
}

/** Decode one record at `p`; times are sysUptime-relative and turned into epoch ms with the header. */
function readRecord(dv: DataView, p: number, h: NetflowV5Header, r: FlowRecord): void {
  const base = h.unixSecs * 1000 + Math.floor(h.unixNsecs / 1e6);
  r.ipVersion = 4;
  r.srcAddr = dv.getUint32(p);
  r.dstAddr = dv.getUint32(p + 4);
  r.nextHop = dv.getUint32(p + 8);
  r.inIf = dv.getUint16(p + 12);
  r.outIf = dv.getUint16(p + 14);
  r.packets = dv.getUint32(p + 16);
  r.bytes = dv.getUint32(p + 20);
  r.startMs = base - ((h.sysUptimeMs - dv.getUint32(p + 24)) >>> 0);
  r.endMs = base - ((h.sysUptimeMs - dv.getUint32(p + 28)) >>> 0);
  r.srcPort = dv.getUint16(p + 32);
  r.dstPort = dv.getUint16(p + 34);
  r.tcpFlags = dv.getUint8(p + 37);
  r.proto = dv.getUint8(p + 38);
  r.tos = dv.getUint8(p + 39);
  r.srcAs = dv.getUint16(p + 40);
  r.dstAs = dv.getUint16(p + 42);
  r.srcMask = dv.getUint8(p + 44);
  r.dstMask = dv.getUint8(p + 45);
  r.samplingRate = h.samplingInterval === 0 ? 1 : h.samplingInterval;
  icmpFromPort(r);
}

/** Decode one NetFlow v5 packet; a count that promises more records than the packet holds is reported as `truncated`. */
export function decodeNetflowV5(buf: Uint8Array, exporter: string, opts: DecodeOptions = {}): DecodeResult<NetflowV5Header> {
  const res = emptyResult<NetflowV5Header>('netflow_v5');
  const dv = viewOf(buf);
  if (dv.byteLength < NETFLOW_V5_HEADER_LENGTH) {
    res.errors.push(new DecodeError('truncated', 'shorter than the NetFlow v5 header', { protocol: 'netflow_v5', exporter, length: dv.byteLength }));
    return res;
  }
  if (dv.getUint16(0) !== 5) {
    res.errors.push(new DecodeError('bad_version', 'not NetFlow v5', { protocol: 'netflow_v5', exporter, version: dv.getUint16(0) }));
    return res;
  }
  const h = readHeader(dv);
  res.header = h;
  const fit = Math.floor((dv.byteLength - NETFLOW_V5_HEADER_LENGTH) / NETFLOW_V5_RECORD_LENGTH);
  if (h.count > fit) res.errors.push(new DecodeError('truncated', 'count exceeds the records present', { protocol: 'netflow_v5', exporter, count: h.count, present: fit }));
  const n = Math.min(h.count, fit);
  const domain = (h.engineType << 8) | h.engineId;
  const receivedMs = opts.receivedMs ?? 0;
  for (let i = 0; i < n; i++) {
    const r = emptyRecord('netflow_v5', exporter, domain, receivedMs);
    readRecord(dv, NETFLOW_V5_HEADER_LENGTH + i * NETFLOW_V5_RECORD_LENGTH, h, r);
    res.records.push(r);
  }
  return res;
}
