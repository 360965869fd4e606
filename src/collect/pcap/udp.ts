/** @module Pull UDP datagrams (IPv4 and IPv6, unfragmented) out of captured frames, payloads as views not copies. */

import { ipOffset } from './link-layer';
import type { CapturedPacket } from './types';

/** One UDP datagram found in a capture; addresses as dotted or colon text, for use as an exporter key. */
export interface UdpDatagram {
  tsMs: number;
  srcAddr: string;
  dstAddr: string;
  srcPort: number;
  dstPort: number;
  payload: Uint8Array;
}

/** Text form of the IPv6 address at `p` (uncompressed groups, lower case). */
function ipv6Text(dv: DataView, p: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 8; i++) parts.push(dv.getUint16(p + 2 * i).toString(16));
  return parts.join(':');
}

/** Text form of a uint32 IPv4 address. */
export function ipv4Text(a: number): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

/** The UDP datagram in one frame, or null when there is none (or it is a fragment, or cut short). */
export function udpOf(pkt: CapturedPacket): UdpDatagram | null {
  const dv = new DataView(pkt.data.buffer, pkt.data.byteOffset, pkt.data.byteLength);
  const ip = ipOffset(pkt.linkType, dv);
  if (ip < 0 || dv.byteLength - ip < 20) return null;
  const version = dv.getUint8(ip) >> 4;
  let udp: number, src: string, dst: string;
  if (version === 4) {
    const ihl = (dv.getUint8(ip) & 15) * 4;
    if (dv.getUint8(ip + 9) !== 17 || (dv.getUint16(ip + 6) & 0x3fff) !== 0 || ihl < 20) return null;
    udp = ip + ihl;
    src = ipv4Text(dv.getUint32(ip + 12));
    dst = ipv4Text(dv.getUint32(ip + 16));
  } else if (version === 6) {
    if (dv.byteLength - ip < 40 || dv.getUint8(ip + 6) !== 17) return null;
    udp = ip + 40;
    src = ipv6Text(dv, ip + 8);
    dst = ipv6Text(dv, ip + 24);
  } else return null;
  if (dv.byteLength - udp < 8) return null;
  const len = dv.getUint16(udp + 4);
  if (len < 8 || len > dv.byteLength - udp) return null;
  return { tsMs: pkt.tsMs, srcAddr: src, dstAddr: dst, srcPort: dv.getUint16(udp), dstPort: dv.getUint16(udp + 2), payload: pkt.data.subarray(udp + 8, udp + len) };
}

/** Every UDP datagram in the frames, optionally only those to one destination port. */
export function udpDatagrams(packets: readonly CapturedPacket[], dstPort?: number): UdpDatagram[] {
  const out: UdpDatagram[] = [];
  for (const p of packets) {
    const d = udpOf(p);
    if (d !== null && (dstPort === undefined || d.dstPort === dstPort)) out.push(d);
  }
  return out;
}
