/**
 * @module Template fields compiled into a plan of (op, offset, length) on template arrival, and the one switch that
 * applies an op to a record. Ops and their constants live together so the hot switch uses local constants.
 */

import { readIpv6, readMac, readUint } from './bytes';
import * as F from './field-types';
import type { FlowRecord } from './types';

/** Time bases a data record's relative timestamps need. */
export interface TimeBase {
  /** NetFlow v9 header unix seconds, or IPFIX export time, in seconds. */
  exportSecs: number;
  /** NetFlow v9 header sysUptime in ms (0 for IPFIX). */
  sysUptimeMs: number;
  /** IPFIX systemInitTimeMilliseconds learned from options data; 0 when unknown. */
  systemInitMs: number;
  /** True for NetFlow v9: flowStart/EndSysUpTime are relative to the header's sysUptime. */
  uptimeRelative: boolean;
}

/** One field of a template as it came off the wire. */
export interface FieldSpec {
  id: number;
  length: number;
  /** Private enterprise number, 0 for IETF fields. */
  enterprise: number;
}

/** A template compiled for decoding: fixed plans list only useful fields; variable plans list every field. */
export interface FieldPlan {
  /** Bytes per record, or -1 when any field is variable-length. */
  fixedLength: number;
  /** Smallest possible record (variable fields count as 1 byte); always >= 1. */
  minLength: number;
  ops: Uint8Array;
  offsets: Uint16Array;
  lengths: Uint16Array;
}

const SKIP = 0, BYTES = 1, PACKETS = 2, BYTES_FALLBACK = 3, PACKETS_FALLBACK = 4, PROTO = 5, TOS = 6, FLAGS = 7;
const SRC_PORT = 8, DST_PORT = 9, SRC4 = 10, DST4 = 11, NH4 = 12, SRC6 = 13, DST6 = 14, NH6 = 15, IN_IF = 16;
const OUT_IF = 17, SRC_AS = 18, DST_AS = 19, SRC_MASK = 20, DST_MASK = 21, UPTIME_START = 22, UPTIME_END = 23;
const SEC_START = 24, SEC_END = 25, MS_START = 26, MS_END = 27, NTP_START = 28, NTP_END = 29, DELTA_START = 30;
const DELTA_END = 31, SRC_MAC = 32, DST_MAC = 33, VLAN = 34, DIRECTION = 35, SAMPLER = 36, ICMP_TC = 37;
const ICMP_T = 38, ICMP_C = 39, IP_VERSION = 40, FWD_STATUS = 41;

/** Pick the op for an IETF field of a given length; unusual lengths are skipped rather than misread. */
function opFor(id: number, len: number): number {
  const num = len >= 1 && len <= 8;
  switch (id) {
    case F.IN_BYTES: return num ? BYTES : SKIP;
    case F.IN_PKTS: return num ? PACKETS : SKIP;
    case F.OUT_BYTES: case F.IN_PERMANENT_BYTES: return num ? BYTES_FALLBACK : SKIP;
    case F.OUT_PKTS: case F.IN_PERMANENT_PKTS: return num ? PACKETS_FALLBACK : SKIP;
    case F.PROTOCOL: return len === 1 ? PROTO : SKIP;
    case F.SRC_TOS: return len === 1 ? TOS : SKIP;
    case F.TCP_FLAGS: return len === 1 || len === 2 ? FLAGS : SKIP;
    case F.L4_SRC_PORT: return len === 2 ? SRC_PORT : SKIP;
    case F.L4_DST_PORT: return len === 2 ? DST_PORT : SKIP;
    case F.IPV4_SRC_ADDR: return len === 4 ? SRC4 : SKIP;
    case F.IPV4_DST_ADDR: return len === 4 ? DST4 : SKIP;
    case F.IPV4_NEXT_HOP: return len === 4 ? NH4 : SKIP;
    case F.IPV6_SRC_ADDR: return len === 16 ? SRC6 : SKIP;
    case F.IPV6_DST_ADDR: return len === 16 ? DST6 : SKIP;
    case F.IPV6_NEXT_HOP: return len === 16 ? NH6 : SKIP;
    case F.INPUT_SNMP: return num ? IN_IF : SKIP;
    case F.OUTPUT_SNMP: return num ? OUT_IF : SKIP;
    case F.SRC_AS: return num ? SRC_AS : SKIP;
    case F.DST_AS: return num ? DST_AS : SKIP;
    case F.SRC_MASK: case F.IPV6_SRC_MASK: return len === 1 ? SRC_MASK : SKIP;
    case F.DST_MASK: case F.IPV6_DST_MASK: return len === 1 ? DST_MASK : SKIP;
    case F.FIRST_SWITCHED: return len === 4 ? UPTIME_START : SKIP;
    case F.LAST_SWITCHED: return len === 4 ? UPTIME_END : SKIP;
    case F.FLOW_START_SECONDS: return len === 4 ? SEC_START : SKIP;
    case F.FLOW_END_SECONDS: return len === 4 ? SEC_END : SKIP;
    case F.FLOW_START_MILLISECONDS: return len === 8 ? MS_START : SKIP;
    case F.FLOW_END_MILLISECONDS: return len === 8 ? MS_END : SKIP;
    case F.FLOW_START_MICROSECONDS: return len === 8 ? NTP_START : SKIP;
    case F.FLOW_END_MICROSECONDS: return len === 8 ? NTP_END : SKIP;
    case F.FLOW_START_DELTA_MICROSECONDS: return len === 4 ? DELTA_START : SKIP;
    case F.FLOW_END_DELTA_MICROSECONDS: return len === 4 ? DELTA_END : SKIP;
    case F.SRC_MAC: return len === 6 ? SRC_MAC : SKIP;
    case F.IN_DST_MAC: return len === 6 ? DST_MAC : SKIP;
    case F.SRC_VLAN: case F.DOT1Q_VLAN_ID: return len === 2 ? VLAN : SKIP;
    case F.DIRECTION: return len === 1 ? DIRECTION : SKIP;
    case F.FLOW_SAMPLER_ID: case F.SELECTOR_ID: return num ? SAMPLER : SKIP;
    case F.ICMP_TYPE: case F.ICMP_TYPE_CODE_IPV6: return len === 2 ? ICMP_TC : SKIP;
    case F.ICMP_TYPE_IPV4: case F.ICMP_TYPE_IPV6: return len === 1 ? ICMP_T : SKIP;
    case F.ICMP_CODE_IPV4: case F.ICMP_CODE_IPV6: return len === 1 ? ICMP_C : SKIP;
    case F.IP_PROTOCOL_VERSION: return len === 1 ? IP_VERSION : SKIP;
    case F.FORWARDING_STATUS: return num ? FWD_STATUS : SKIP;
    default: return SKIP;
  }
}

/** Compile template fields into a plan; the caller has already rejected zero-length fields. */
export function compilePlan(fields: readonly FieldSpec[]): FieldPlan {
  let fixed = 0;
  let min = 0;
  let variable = false;
  for (const f of fields) {
    if (f.length === F.VARIABLE_LENGTH) {
      variable = true;
      min += 1;
    } else {
      fixed += f.length;
      min += f.length;
    }
  }
  const ops = new Uint8Array(fields.length), offsets = new Uint16Array(fields.length), lengths = new Uint16Array(fields.length);
  let n = 0;
  let off = 0;
  for (const f of fields) {
    const op = f.enterprise !== 0 || f.length === F.VARIABLE_LENGTH ? SKIP : opFor(f.id, f.length);
    if (variable || op !== SKIP) {
      ops[n] = op;
      offsets[n] = off & 0xffff;
      lengths[n] = f.length;
      n++;
    }
    off += f.length;
  }
  return {
    fixedLength: variable ? -1 : fixed,
    minLength: Math.max(min, 1),
    ops: ops.subarray(0, n),
    offsets: offsets.subarray(0, n),
    lengths: lengths.subarray(0, n),
  };
}

/** True when two field lists are the same, so a re-announced template can keep its compiled plan. */
export function sameFields(a: readonly FieldSpec[], b: readonly FieldSpec[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as FieldSpec, y = b[i] as FieldSpec;
    if (x.id !== y.id || x.length !== y.length || x.enterprise !== y.enterprise) return false;
  }
  return true;
}

/** Convert an NTP-format timestamp (RFC 7011 dateTimeMicroseconds) to ms since the Unix epoch. */
function ntpToMs(dv: DataView, off: number): number {
  const secs = dv.getUint32(off);
  const frac = dv.getUint32(off + 4);
  return (secs - 2208988800) * 1000 + Math.floor((frac * 1000) / 4294967296);
}

/** Start or end time from a sysUptime-relative value. */
function uptimeToMs(t: TimeBase, v: number): number {
  if (t.uptimeRelative) return t.exportSecs * 1000 - ((t.sysUptimeMs - v) >>> 0);
  return t.systemInitMs === 0 ? 0 : t.systemInitMs + v;
}

/** True for the IPv6 unspecified address (::), which templates that carry both families send for IPv4 flows. */
function isUnspecified(dv: DataView, off: number): boolean {
  return (dv.getUint32(off) | dv.getUint32(off + 4) | dv.getUint32(off + 8) | dv.getUint32(off + 12)) === 0;
}

/** Map IPFIX flowDirection (0 ingress, 1 egress) to a FlowDirection. */
function directionOf(v: number): FlowRecord['direction'] {
  return v === 0 ? 'ingress' : v === 1 ? 'egress' : 'unknown';
}

/** Apply one op to a record, reading `len` bytes at `off`. */
export function applyField(r: FlowRecord, op: number, dv: DataView, off: number, len: number, t: TimeBase): void {
  switch (op) {
    case BYTES: r.bytes = readUint(dv, off, len); break;
    case PACKETS: r.packets = readUint(dv, off, len); break;
    case BYTES_FALLBACK: if (r.bytes === 0) r.bytes = readUint(dv, off, len); break;
    case PACKETS_FALLBACK: if (r.packets === 0) r.packets = readUint(dv, off, len); break;
    case PROTO: r.proto = dv.getUint8(off); break;
    case TOS: r.tos = dv.getUint8(off); break;
    case FLAGS: r.tcpFlags = len === 1 ? dv.getUint8(off) : dv.getUint16(off) & 0xff; break;
    case SRC_PORT: r.srcPort = dv.getUint16(off); break;
    case DST_PORT: r.dstPort = dv.getUint16(off); break;
    case SRC4: r.srcAddr = dv.getUint32(off); r.ipVersion = 4; break;
    case DST4: r.dstAddr = dv.getUint32(off); r.ipVersion = 4; break;
    case NH4: r.nextHop = dv.getUint32(off); break;
    case SRC6: if (!isUnspecified(dv, off)) { r.srcAddr6 = readIpv6(dv, off); r.ipVersion = 6; } break;
    case DST6: if (!isUnspecified(dv, off)) { r.dstAddr6 = readIpv6(dv, off); r.ipVersion = 6; } break;
    case NH6: if (!isUnspecified(dv, off)) r.nextHop6 = readIpv6(dv, off); break;
    case IN_IF: r.inIf = readUint(dv, off, len); break;
    case OUT_IF: r.outIf = readUint(dv, off, len); break;
    case SRC_AS: r.srcAs = readUint(dv, off, len); break;
    case DST_AS: r.dstAs = readUint(dv, off, len); break;
    case SRC_MASK: r.srcMask = dv.getUint8(off); break;
    case DST_MASK: r.dstMask = dv.getUint8(off); break;
    case UPTIME_START: r.startMs = uptimeToMs(t, dv.getUint32(off)); break;
    case UPTIME_END: r.endMs = uptimeToMs(t, dv.getUint32(off)); break;
    case SEC_START: r.startMs = dv.getUint32(off) * 1000; break;
    case SEC_END: r.endMs = dv.getUint32(off) * 1000; break;
    case MS_START: r.startMs = readUint(dv, off, 8); break;
    case MS_END: r.endMs = readUint(dv, off, 8); break;
    case NTP_START: r.startMs = ntpToMs(dv, off); break;
    case NTP_END: r.endMs = ntpToMs(dv, off); break;
    case DELTA_START: r.startMs = t.exportSecs * 1000 - Math.floor(dv.getUint32(off) / 1000); break;
    case DELTA_END: r.endMs = t.exportSecs * 1000 - Math.floor(dv.getUint32(off) / 1000); break;
    case SRC_MAC: r.srcMac = readMac(dv, off); break;
    case DST_MAC: r.dstMac = readMac(dv, off); break;
    case VLAN: r.vlan = dv.getUint16(off) & 0x0fff; break;
    case DIRECTION: r.direction = directionOf(dv.getUint8(off)); break;
    case SAMPLER: r.samplerId = readUint(dv, off, len); break;
    case ICMP_TC: r.icmpType = dv.getUint8(off); r.icmpCode = dv.getUint8(off + 1); break;
    case ICMP_T: r.icmpType = dv.getUint8(off); break;
    case ICMP_C: r.icmpCode = dv.getUint8(off); break;
    case IP_VERSION: r.ipVersion = dv.getUint8(off); break;
    case FWD_STATUS: r.forwardingStatus = readUint(dv, off, len); break;
    default: break;
  }
}
