/** @module Classic libpcap files: either byte order, microsecond (0xa1b2c3d4) or nanosecond (0xa1b23c4d) stamps. */

import { CaptureError, type CaptureReadResult } from './types';

/** libpcap magic numbers as read in the file's own byte order. */
export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
/** Global header and per-record header sizes. */
export const PCAP_GLOBAL_HEADER_LENGTH = 24;
export const PCAP_RECORD_HEADER_LENGTH = 16;

/** True when the buffer starts with a classic pcap magic in either byte order. */
export function isClassicPcap(buf: Uint8Array): boolean {
  if (buf.length < 4) return false;
  const dv = new DataView(buf.buffer, buf.byteOffset, 4);
  const be = dv.getUint32(0, false);
  const le = dv.getUint32(0, true);
  return be === PCAP_MAGIC_US || be === PCAP_MAGIC_NS || le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS;
}

/** Read every record of a classic pcap file; a record cut short ends the read with a `truncated` error. */
export function readClassicPcap(buf: Uint8Array): CaptureReadResult {
  const res: CaptureReadResult = { format: 'pcap', packets: [], errors: [] };
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.length < PCAP_GLOBAL_HEADER_LENGTH || !isClassicPcap(buf)) {
    res.errors.push(new CaptureError('bad_magic', 'not a classic pcap file', 0));
    return res;
  }
  const le = dv.getUint32(0, true) === PCAP_MAGIC_US || dv.getUint32(0, true) === PCAP_MAGIC_NS;
  const nano = dv.getUint32(0, le) === PCAP_MAGIC_NS;
  const linkType = dv.getUint32(20, le) & 0x0fffffff; // upper bits may carry FCS info
  let p = PCAP_GLOBAL_HEADER_LENGTH;
  while (p < buf.length) {
    if (buf.length - p < PCAP_RECORD_HEADER_LENGTH) {
      res.errors.push(new CaptureError('truncated', 'record header cut short', p));
      break;
    }
    const sec = dv.getUint32(p, le);
    const frac = dv.getUint32(p + 4, le);
    const incl = dv.getUint32(p + 8, le);
    const orig = dv.getUint32(p + 12, le);
    if (incl > buf.length - p - PCAP_RECORD_HEADER_LENGTH) {
      res.errors.push(new CaptureError('truncated', 'record data cut short', p));
      break;
    }
    const start = p + PCAP_RECORD_HEADER_LENGTH;
    res.packets.push({ linkType, tsMs: sec * 1000 + (nano ? frac / 1e6 : frac / 1e3), data: buf.subarray(start, start + incl), origLength: orig });
    p = start + incl;
  }
  return res;
}
