/**
 * @module pcapng files (draft-ietf-opsawg-pcapng): section headers in either byte order, interface descriptions with
 * if_tsresol, enhanced, simple and obsolete packet blocks. Other blocks are skipped.
 */

import { CaptureError, type CaptureReadResult } from './types';

export const PCAPNG_SECTION_HEADER_BLOCK = 0x0a0d0d0a;
export const PCAPNG_INTERFACE_DESCRIPTION_BLOCK = 1;
export const PCAPNG_PACKET_BLOCK = 2;
export const PCAPNG_SIMPLE_PACKET_BLOCK = 3;
export const PCAPNG_ENHANCED_PACKET_BLOCK = 6;
export const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_IF_TSRESOL = 9;

interface Iface {
  linkType: number;
  snapLen: number;
  /** Timestamp units per second. */
  unitsPerSec: number;
}

/** True when the buffer starts with a pcapng section header block. */
export function isPcapng(buf: Uint8Array): boolean {
  return buf.length >= 4 && buf[0] === 0x0a && buf[1] === 0x0d && buf[2] === 0x0d && buf[3] === 0x0a;
}

/** Units per second from an if_tsresol option value (bit 7 set: power of 2, else power of 10). */
function tsResolution(v: number): number {
  const exp = v & 0x7f;
  return v & 0x80 ? 2 ** Math.min(exp, 63) : 10 ** Math.min(exp, 18);
}

/** Read an interface description block body [p, end). */
function readInterface(dv: DataView, p: number, end: number, le: boolean): Iface {
  const iface: Iface = { linkType: dv.getUint16(p, le), snapLen: dv.getUint32(p + 4, le), unitsPerSec: 1e6 };
  let q = p + 8;
  while (end - q >= 4) {
    const code = dv.getUint16(q, le);
    const len = dv.getUint16(q + 2, le);
    if (code === 0 || q + 4 + len > end) break;
    if (code === OPT_IF_TSRESOL && len >= 1) iface.unitsPerSec = tsResolution(dv.getUint8(q + 4));
    q += 4 + ((len + 3) & ~3);
  }
  return iface;
}

/** Read every packet of a pcapng file; a block cut short or with a bad length ends the read with an error. */
export function readPcapng(buf: Uint8Array): CaptureReadResult {
  const res: CaptureReadResult = { format: 'pcapng', packets: [], errors: [] };
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (!isPcapng(buf)) {
    res.errors.push(new CaptureError('bad_magic', 'not a pcapng file', 0));
    return res;
  }
  let le = true;
  let ifaces: Iface[] = [];
  let p = 0;
  while (p < buf.length) {
    if (buf.length - p < 12) {
      res.errors.push(new CaptureError('truncated', 'block header cut short', p));
      break;
    }
    const type = dv.getUint32(p, le);
    if (type === PCAPNG_SECTION_HEADER_BLOCK) {
      const magic = dv.getUint32(p + 8, true);
      if (magic !== PCAPNG_BYTE_ORDER_MAGIC && dv.getUint32(p + 8, false) !== PCAPNG_BYTE_ORDER_MAGIC) {
        res.errors.push(new CaptureError('bad_magic', 'bad byte-order magic', p));
        break;
      }
      le = magic === PCAPNG_BYTE_ORDER_MAGIC;
      ifaces = [];
    }
    const len = dv.getUint32(p + 4, le);
    if (len < 12 || len % 4 !== 0) {
      res.errors.push(new CaptureError('bad_length', `block length ${len}`, p));
      break;
    }
    if (len > buf.length - p) {
      res.errors.push(new CaptureError('truncated', 'block runs past the file', p));
      break;
    }
    const body = p + 8;
    const end = p + len - 4;
    if (type === PCAPNG_INTERFACE_DESCRIPTION_BLOCK && end - body >= 8) ifaces.push(readInterface(dv, body, end, le));
    else if (type === PCAPNG_ENHANCED_PACKET_BLOCK || type === PCAPNG_PACKET_BLOCK || type === PCAPNG_SIMPLE_PACKET_BLOCK) {
      const err = readPacketBlock(buf, dv, type, body, end, le, ifaces, res);
      if (err !== null) res.errors.push(new CaptureError(err, 'packet block', p));
    }
    p += len;
  }
  return res;
}

/** Push the packet of one EPB/PB/SPB body [p, end); returns an error kind or null. */
function readPacketBlock(buf: Uint8Array, dv: DataView, type: number, p: number, end: number, le: boolean, ifaces: Iface[], res: CaptureReadResult): CaptureError['kind'] | null {
  if (type === PCAPNG_SIMPLE_PACKET_BLOCK) {
    const iface = ifaces[0];
    if (iface === undefined) return 'unknown_interface';
    if (end - p < 4) return 'truncated';
    const orig = dv.getUint32(p, le);
    const cap = Math.min(orig, end - p - 4, iface.snapLen === 0 ? Infinity : iface.snapLen);
    res.packets.push({ linkType: iface.linkType, tsMs: 0, data: buf.subarray(p + 4, p + 4 + cap), origLength: orig });
    return null;
  }
  if (end - p < 20) return 'truncated';
  const ifIndex = type === PCAPNG_ENHANCED_PACKET_BLOCK ? dv.getUint32(p, le) : dv.getUint16(p, le);
  const iface = ifaces[ifIndex];
  if (iface === undefined) return 'unknown_interface';
  const ts = dv.getUint32(p + 4, le) * 4294967296 + dv.getUint32(p + 8, le);
  const cap = dv.getUint32(p + 12, le);
  const orig = dv.getUint32(p + 16, le);
  if (cap > end - p - 20) return 'bad_length';
  res.packets.push({ linkType: iface.linkType, tsMs: (ts / iface.unitsPerSec) * 1000, data: buf.subarray(p + 20, p + 20 + cap), origLength: orig });
  return null;
}
