/**
 * @module Field ops: which FlowRecord field an information element fills (`opFor`), and for each op the JavaScript
 * statement that reads it (`opSource`). Statements are assembled into per-template readers by field-plan.ts; the only
 * values spliced into them are op numbers, offsets and lengths, never bytes from the wire.
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

export const SKIP = 0, BYTES = 1, PACKETS = 2, BYTES_FALLBACK = 3, PACKETS_FALLBACK = 4, PROTO = 5, TOS = 6, FLAGS = 7;
const SRC_PORT = 8, DST_PORT = 9, SRC4 = 10, DST4 = 11, NH4 = 12, SRC6 = 13, DST6 = 14, NH6 = 15, IN_IF = 16;
const OUT_IF = 17, SRC_AS = 18, DST_AS = 19, SRC_MASK = 20, DST_MASK = 21, UPTIME_START = 22, UPTIME_END = 23;
const SEC_START = 24, SEC_END = 25, MS_START = 26, MS_END = 27, NTP_START = 28, NTP_END = 29, DELTA_START = 30;
const DELTA_END = 31, SRC_MAC = 32, DST_MAC = 33, VLAN = 34, DIRECTION = 35, SAMPLER = 36, ICMP_TC = 37;
const ICMP_T = 38, ICMP_C = 39, IP_VERSION = 40, FWD_STATUS = 41;
/** Number of ops (SKIP included). */
export const OP_COUNT = 42;

/** Pick the op for an IETF field of a given length; unusual lengths are skipped rather than misread. */
export function opFor(id: number, len: number): number {
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

/** Helpers the generated statements call, passed to them as `h`. */
export const FIELD_HELPERS = { readUint, readIpv6, readMac, ntpToMs, uptimeToMs, isUnspecified, directionOf };

/** Expression reading an unsigned int of length `len` (a number, or null for the runtime variable `len`) at `o`. */
function u(o: string, len: number | null): string {
  switch (len) {
    case 1: return `dv.getUint8(${o})`;
    case 2: return `dv.getUint16(${o})`;
    case 4: return `dv.getUint32(${o})`;
    case 8: return `(dv.getUint32(${o}) * 4294967296 + dv.getUint32(${o} + 4))`;
    default: return `h.readUint(dv, ${o}, ${len ?? 'len'})`;
  }
}

/**
 * The statement for one op, reading at offset expression `o` with length `len` (null: the runtime variable `len`).
 * In scope: `dv` (DataView), `r` (FlowRecord), `t` (TimeBase), `h` (FIELD_HELPERS).
 */
export function opSource(op: number, o: string, len: number | null): string {
  switch (op) {
    case BYTES: return `r.bytes = ${u(o, len)};`;
    case PACKETS: return `r.packets = ${u(o, len)};`;
    case BYTES_FALLBACK: return `if (r.bytes === 0) r.bytes = ${u(o, len)};`;
    case PACKETS_FALLBACK: return `if (r.packets === 0) r.packets = ${u(o, len)};`;
    case PROTO: return `r.proto = dv.getUint8(${o});`;
    case TOS: return `r.tos = dv.getUint8(${o});`;
    case FLAGS: return `r.tcpFlags = ${u(o, len)} & 0xff;`;
    case SRC_PORT: return `r.srcPort = dv.getUint16(${o});`;
    case DST_PORT: return `r.dstPort = dv.getUint16(${o});`;
    case SRC4: return `r.srcAddr = dv.getUint32(${o}); r.ipVersion = 4;`;
    case DST4: return `r.dstAddr = dv.getUint32(${o}); r.ipVersion = 4;`;
    case NH4: return `r.nextHop = dv.getUint32(${o});`;
    case SRC6: return `if (!h.isUnspecified(dv, ${o})) { r.srcAddr6 = h.readIpv6(dv, ${o}); r.ipVersion = 6; }`;
    case DST6: return `if (!h.isUnspecified(dv, ${o})) { r.dstAddr6 = h.readIpv6(dv, ${o}); r.ipVersion = 6; }`;
    case NH6: return `if (!h.isUnspecified(dv, ${o})) r.nextHop6 = h.readIpv6(dv, ${o});`;
    case IN_IF: return `r.inIf = ${u(o, len)};`;
    case OUT_IF: return `r.outIf = ${u(o, len)};`;
    case SRC_AS: return `r.srcAs = ${u(o, len)};`;
    case DST_AS: return `r.dstAs = ${u(o, len)};`;
    case SRC_MASK: return `r.srcMask = dv.getUint8(${o});`;
    case DST_MASK: return `r.dstMask = dv.getUint8(${o});`;
    case UPTIME_START: return `r.startMs = h.uptimeToMs(t, dv.getUint32(${o}));`;
    case UPTIME_END: return `r.endMs = h.uptimeToMs(t, dv.getUint32(${o}));`;
    case SEC_START: return `r.startMs = dv.getUint32(${o}) * 1000;`;
    case SEC_END: return `r.endMs = dv.getUint32(${o}) * 1000;`;
    case MS_START: return `r.startMs = ${u(o, 8)};`;
    case MS_END: return `r.endMs = ${u(o, 8)};`;
    case NTP_START: return `r.startMs = h.ntpToMs(dv, ${o});`;
    case NTP_END: return `r.endMs = h.ntpToMs(dv, ${o});`;
    case DELTA_START: return `r.startMs = t.exportSecs * 1000 - Math.floor(dv.getUint32(${o}) / 1000);`;
    case DELTA_END: return `r.endMs = t.exportSecs * 1000 - Math.floor(dv.getUint32(${o}) / 1000);`;
    case SRC_MAC: return `r.srcMac = h.readMac(dv, ${o});`;
    case DST_MAC: return `r.dstMac = h.readMac(dv, ${o});`;
    case VLAN: return `r.vlan = dv.getUint16(${o}) & 0x0fff;`;
    case DIRECTION: return `r.direction = h.directionOf(dv.getUint8(${o}));`;
    case SAMPLER: return `r.samplerId = ${u(o, len)};`;
    case ICMP_TC: return `r.icmpType = dv.getUint8(${o}); r.icmpCode = dv.getUint8(${o} + 1);`;
    case ICMP_T: return `r.icmpType = dv.getUint8(${o});`;
    case ICMP_C: return `r.icmpCode = dv.getUint8(${o});`;
    case IP_VERSION: return `r.ipVersion = dv.getUint8(${o});`;
    case FWD_STATUS: return `r.forwardingStatus = ${u(o, len)};`;
    default: return '';
  }
}
