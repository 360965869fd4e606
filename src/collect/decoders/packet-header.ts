/**
 * @module Parse a raw packet header (Ethernet with 802.1Q/QinQ tags and MPLS, IPv4, IPv6 and extension headers,
 * TCP/UDP/ICMP) down to addresses, protocol, ports and TCP flags. Used by sFlow sampled headers and pcap ingest.
 */

import { readIpv6, readMac } from './bytes';
import type { FlowRecord } from './types';

/** IEEE 802 EtherTypes the parser follows. */
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERTYPE_VLAN = 0x8100;
export const ETHERTYPE_QINQ = 0x88a8;
export const ETHERTYPE_QINQ_OLD = 0x9100;
export const ETHERTYPE_MPLS = 0x8847;

const IPPROTO_ICMP = 1, IPPROTO_TCP = 6, IPPROTO_UDP = 17, IPPROTO_ICMPV6 = 58, IPPROTO_SCTP = 132;
const IPV6_EXT_HOP = 0, IPV6_EXT_ROUTING = 43, IPV6_EXT_FRAGMENT = 44, IPV6_EXT_AH = 51, IPV6_EXT_DSTOPTS = 60;

/** Parse an Ethernet frame in [p, end) into `r`; returns the IP datagram length from the IP header, or 0 when no IP. */
export function parseEthernet(dv: DataView, p: number, end: number, r: FlowRecord): number {
  if (end - p < 14) return 0;
  r.dstMac = readMac(dv, p);
  r.srcMac = readMac(dv, p + 6);
  let type = dv.getUint16(p + 12);
  p += 14;
  while ((type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_OLD) && end - p >= 4) {
    if (r.vlan === 0) r.vlan = dv.getUint16(p) & 0x0fff;
    type = dv.getUint16(p + 2);
    p += 4;
  }
  if (type === ETHERTYPE_MPLS) return parseMpls(dv, p, end, r);
  if (type === ETHERTYPE_IPV4) return parseIpv4(dv, p, end, r);
  if (type === ETHERTYPE_IPV6) return parseIpv6(dv, p, end, r);
  return 0;
}

/** Skip an MPLS label stack and parse the IP packet under it (guessed from its version nibble). */
function parseMpls(dv: DataView, p: number, end: number, r: FlowRecord): number {
  while (end - p >= 4) {
    const bottom = (dv.getUint8(p + 2) & 1) === 1;
    p += 4;
    if (bottom) return parseIp(dv, p, end, r);
  }
  return 0;
}

/** Parse an IPv4 or IPv6 packet, chosen by its version nibble. */
export function parseIp(dv: DataView, p: number, end: number, r: FlowRecord): number {
  if (end - p < 1) return 0;
  const v = dv.getUint8(p) >> 4;
  return v === 4 ? parseIpv4(dv, p, end, r) : v === 6 ? parseIpv6(dv, p, end, r) : 0;
}

/** Parse an IPv4 header and its transport header; non-first fragments yield no ports. */
export function parseIpv4(dv: DataView, p: number, end: number, r: FlowRecord): number {
  if (end - p < 20) return 0;
  const b0 = dv.getUint8(p);
  const ihl = (b0 & 0x0f) * 4;
  if (b0 >> 4 !== 4 || ihl < 20) return 0;
  r.ipVersion = 4;
  r.tos = dv.getUint8(p + 1);
  r.proto = dv.getUint8(p + 9);
  r.srcAddr = dv.getUint32(p + 12);
  r.dstAddr = dv.getUint32(p + 16);
  const fragOffset = dv.getUint16(p + 6) & 0x1fff;
  if (fragOffset === 0 && end - p >= ihl) parseTransport(dv, p + ihl, end, r.proto, r);
  return dv.getUint16(p + 2);
}

/** Parse an IPv6 header, skip up to 8 extension headers, then the transport header. */
export function parseIpv6(dv: DataView, p: number, end: number, r: FlowRecord): number {
  if (end - p < 40 || dv.getUint8(p) >> 4 !== 6) return 0;
  r.ipVersion = 6;
  r.tos = (dv.getUint16(p) >> 4) & 0xff;
  r.srcAddr6 = readIpv6(dv, p + 8);
  r.dstAddr6 = readIpv6(dv, p + 24);
  const length = dv.getUint16(p + 4) + 40;
  let next = dv.getUint8(p + 6);
  let q = p + 40;
  for (let i = 0; i < 8; i++) {
    if (next === IPV6_EXT_HOP || next === IPV6_EXT_ROUTING || next === IPV6_EXT_DSTOPTS || next === IPV6_EXT_AH) {
      if (end - q < 2) break;
      const size = next === IPV6_EXT_AH ? (dv.getUint8(q + 1) + 2) * 4 : (dv.getUint8(q + 1) + 1) * 8;
      next = dv.getUint8(q);
      q += size;
    } else if (next === IPV6_EXT_FRAGMENT) {
      if (end - q < 8) break;
      const nonFirst = (dv.getUint16(q + 2) & 0xfff8) !== 0;
      next = dv.getUint8(q);
      q += 8;
      if (nonFirst) {
        r.proto = next;
        return length;
      }
    } else break;
  }
  r.proto = next;
  if (q <= end) parseTransport(dv, q, end, next, r);
  return length;
}

/** Read ports and TCP flags (TCP, UDP, SCTP) or type and code (ICMP, ICMPv6) when the bytes are there. */
function parseTransport(dv: DataView, p: number, end: number, proto: number, r: FlowRecord): void {
  if (proto === IPPROTO_TCP || proto === IPPROTO_UDP || proto === IPPROTO_SCTP) {
    if (end - p < 4) return;
    r.srcPort = dv.getUint16(p);
    r.dstPort = dv.getUint16(p + 2);
    if (proto === IPPROTO_TCP && end - p >= 14) r.tcpFlags = dv.getUint8(p + 13);
  } else if (proto === IPPROTO_ICMP || proto === IPPROTO_ICMPV6) {
    if (end - p < 2) return;
    r.icmpType = dv.getUint8(p);
    r.icmpCode = dv.getUint8(p + 1);
  }
}
