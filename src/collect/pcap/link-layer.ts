/**
 * @module Find the IP packet inside a captured frame for the supported link types (tcpdump.org LINKTYPE_ values):
 * Ethernet (with 802.1Q/QinQ tags), Linux SLL and SLL2, raw IP, IPv4, IPv6, and BSD loopback.
 */

export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_RAW_OPENBSD = 12;
export const LINKTYPE_RAW_ALT = 14;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;

/** Offset of the IP header for an EtherType at `typeAt` and payload at `payload`, or -1 for non-IP. */
function byEtherType(dv: DataView, typeAt: number, payload: number): number {
  let type = dv.getUint16(typeAt);
  let p = payload;
  while ((type === 0x8100 || type === 0x88a8 || type === 0x9100) && dv.byteLength - p >= 4) {
    type = dv.getUint16(p + 2);
    p += 4;
  }
  return type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6 ? p : -1;
}

/** Offset of the IP header inside `dv` (one captured frame), or -1 when the frame carries no IP or is too short. */
export function ipOffset(linkType: number, dv: DataView): number {
  const n = dv.byteLength;
  switch (linkType) {
    case LINKTYPE_ETHERNET:
      return n >= 14 ? byEtherType(dv, 12, 14) : -1;
    case LINKTYPE_LINUX_SLL:
      return n >= 16 ? byEtherType(dv, 14, 16) : -1;
    case LINKTYPE_LINUX_SLL2:
      return n >= 20 ? byEtherType(dv, 0, 20) : -1;
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_OPENBSD:
    case LINKTYPE_RAW_ALT:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
      return n >= 1 ? 0 : -1;
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP:
      return n >= 4 ? 4 : -1;
    default:
      return -1;
  }
}
