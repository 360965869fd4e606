/**
 * @module sFlow v5 flow samples (format 1) and expanded flow samples (format 3) with their flow records:
 * sampled header (1), sampled Ethernet (2), IPv4 (3), IPv6 (4), extended switch (1001), router (1002), gateway (1003).
 */

import { readIpv6, readMac } from './bytes';
import { DecodeError } from './errors';
import { parseEthernet, parseIpv4, parseIpv6 } from './packet-header';
import { emptyRecord } from './record';
import { walkSflowRecords } from './sflow-records';
import type { FlowRecord } from './types';

export const SFLOW_FLOW_SAMPLE = 1;
export const SFLOW_FLOW_SAMPLE_EXPANDED = 3;
export const SFLOW_SAMPLED_HEADER = 1;
export const SFLOW_SAMPLED_ETHERNET = 2;
export const SFLOW_SAMPLED_IPV4 = 3;
export const SFLOW_SAMPLED_IPV6 = 4;
export const SFLOW_EXTENDED_SWITCH = 1001;
export const SFLOW_EXTENDED_ROUTER = 1002;
export const SFLOW_EXTENDED_GATEWAY = 1003;
/** sFlow v5 header_protocol values for sampled headers. */
export const SFLOW_HEADER_ETHERNET = 1;
export const SFLOW_HEADER_IPV4 = 11;
export const SFLOW_HEADER_IPV6 = 12;

/** Who the sample came from, for the records it makes. */
export interface SampleOrigin {
  exporter: string;
  subAgentId: number;
  receivedMs: number;
}

/** Decode one flow sample body [p, end) into a record, or throw DecodeError when its fixed part does not fit. */
export function decodeFlowSample(dv: DataView, format: number, p: number, end: number, o: SampleOrigin): FlowRecord {
  const expanded = format === SFLOW_FLOW_SAMPLE_EXPANDED;
  const head = expanded ? 44 : 32;
  if (end - p < head) throw new DecodeError('truncated', 'flow sample shorter than its fixed fields', { format });
  const r = emptyRecord('sflow_v5', o.exporter, o.subAgentId, o.receivedMs);
  r.startMs = r.endMs = o.receivedMs;
  r.packets = 1;
  r.samplingRate = dv.getUint32(p + (expanded ? 12 : 8));
  if (expanded) {
    if (dv.getUint32(p + 24) === 0) r.inIf = dv.getUint32(p + 28);
    if (dv.getUint32(p + 32) === 0) r.outIf = dv.getUint32(p + 36);
  } else {
    const input = dv.getUint32(p + 20), output = dv.getUint32(p + 24);
    if (input >>> 30 === 0) r.inIf = input & 0x3fffffff; // top 2 bits: format, 0 = single ifIndex
    if (output >>> 30 === 0) r.outIf = output & 0x3fffffff;
  }
  walkSflowRecords(dv, p + head, end, dv.getUint32(p + head - 4), 'flow', (fmt, q, qEnd) => {
    if (fmt >>> 12 === 0) decodeFlowRecord(dv, fmt, q, qEnd, r);
  });
  return r;
}

/** Apply one flow record body [p, end) to the sample's record; records too short for their fields are ignored. */
function decodeFlowRecord(dv: DataView, fmt: number, p: number, end: number, r: FlowRecord): void {
  const n = end - p;
  switch (fmt) {
    case SFLOW_SAMPLED_HEADER: {
      if (n < 16) return;
      const proto = dv.getUint32(p);
      r.bytes = dv.getUint32(p + 4);
      const hlen = dv.getUint32(p + 12);
      const hend = p + 16 + Math.min(hlen, n - 16);
      if (proto === SFLOW_HEADER_ETHERNET) parseEthernet(dv, p + 16, hend, r);
      else if (proto === SFLOW_HEADER_IPV4) parseIpv4(dv, p + 16, hend, r);
      else if (proto === SFLOW_HEADER_IPV6) parseIpv6(dv, p + 16, hend, r);
      return;
    }
    case SFLOW_SAMPLED_ETHERNET:
      if (n < 20) return;
      if (r.bytes === 0) r.bytes = dv.getUint32(p);
      if (r.srcMac === null) r.srcMac = readMac(dv, p + 4);
      if (r.dstMac === null) r.dstMac = readMac(dv, p + 12);
      return;
    case SFLOW_SAMPLED_IPV4:
    case SFLOW_SAMPLED_IPV6:
      decodeSampledIp(dv, fmt === SFLOW_SAMPLED_IPV6, p, n, r);
      return;
    case SFLOW_EXTENDED_SWITCH:
      if (n >= 16 && r.vlan === 0) r.vlan = dv.getUint32(p) & 0x0fff;
      return;
    case SFLOW_EXTENDED_ROUTER:
      decodeExtendedRouter(dv, p, end, r);
      return;
    case SFLOW_EXTENDED_GATEWAY:
      decodeExtendedGateway(dv, p, end, r);
      return;
    default:
      return;
  }
}

/** Sampled IPv4/IPv6 records; they fill only what a sampled header did not. */
function decodeSampledIp(dv: DataView, v6: boolean, p: number, n: number, r: FlowRecord): void {
  if (n < (v6 ? 56 : 32) || r.ipVersion !== 0) return;
  if (r.bytes === 0) r.bytes = dv.getUint32(p);
  r.proto = dv.getUint32(p + 4) & 0xff;
  let q = p + 8;
  if (v6) {
    r.ipVersion = 6;
    r.srcAddr6 = readIpv6(dv, q);
    r.dstAddr6 = readIpv6(dv, q + 16);
    q += 32;
  } else {
    r.ipVersion = 4;
    r.srcAddr = dv.getUint32(q);
    r.dstAddr = dv.getUint32(q + 4);
    q += 8;
  }
  r.srcPort = dv.getUint32(q) & 0xffff;
  r.dstPort = dv.getUint32(q + 4) & 0xffff;
  r.tcpFlags = dv.getUint32(q + 8) & 0xff;
  r.tos = dv.getUint32(q + 12) & 0xff;
}

/** Read an sFlow address (type 1 IPv4, 2 IPv6) into the record's next hop; returns the offset after it, or -1. */
function readNextHop(dv: DataView, p: number, end: number, r: FlowRecord): number {
  if (end - p < 4) return -1;
  const type = dv.getUint32(p);
  if (type === 1 && end - p >= 8) {
    r.nextHop = dv.getUint32(p + 4);
    return p + 8;
  }
  if (type === 2 && end - p >= 20) {
    r.nextHop6 = readIpv6(dv, p + 4);
    return p + 20;
  }
  return type === 0 ? p + 4 : -1;
}

/** Extended router: next hop, source and destination mask lengths. */
function decodeExtendedRouter(dv: DataView, p: number, end: number, r: FlowRecord): void {
  const q = readNextHop(dv, p, end, r);
  if (q < 0 || end - q < 8) return;
  r.srcMask = dv.getUint32(q) & 0xff;
  r.dstMask = dv.getUint32(q + 4) & 0xff;
}

/** Extended gateway: next hop, source AS, and the last AS of the destination path (or the router's own AS). */
function decodeExtendedGateway(dv: DataView, p: number, end: number, r: FlowRecord): void {
  let q = readNextHop(dv, p, end, r);
  if (q < 0 || end - q < 16) return;
  const ownAs = dv.getUint32(q);
  r.srcAs = dv.getUint32(q + 4);
  let dstAs = ownAs;
  const segments = dv.getUint32(q + 12);
  q += 16;
  for (let s = 0; s < segments && end - q >= 8; s++) {
    const len = dv.getUint32(q + 4);
    q += 8;
    if (len > (end - q) / 4) return;
    if (len > 0) dstAs = dv.getUint32(q + (len - 1) * 4);
    q += len * 4;
  }
  r.dstAs = dstAs;
}
