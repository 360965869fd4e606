/** @module Big-endian reads over a DataView that never allocate: unsigned ints of any size up to 8, MACs, IPv6. */

/** A DataView over exactly the bytes of `buf` (no copy). */
export function viewOf(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Read an unsigned big-endian integer of 1..8 bytes; 8-byte values lose precision above 2^53. */
export function readUint(dv: DataView, off: number, len: number): number {
  switch (len) {
    case 1:
      return dv.getUint8(off);
    case 2:
      return dv.getUint16(off);
    case 4:
      return dv.getUint32(off);
    case 8:
      return dv.getUint32(off) * 4294967296 + dv.getUint32(off + 4);
    default: {
      let v = 0;
      for (let i = 0; i < len; i++) v = v * 256 + dv.getUint8(off + i);
      return v;
    }
  }
}

/** Read a 64-bit unsigned counter as a number (exact up to 2^53). */
export function readU64(dv: DataView, off: number): number {
  return dv.getUint32(off) * 4294967296 + dv.getUint32(off + 4);
}

/** Read a 6-byte MAC address as a 48-bit number. */
export function readMac(dv: DataView, off: number): number {
  return dv.getUint16(off) * 4294967296 + dv.getUint32(off + 2);
}

/** Copy 16 bytes (an IPv6 address) out of the view into a new array. */
export function readIpv6(dv: DataView, off: number): Uint8Array {
  const a = new Uint8Array(16); // small typed arrays live on the V8 heap; far cheaper than ArrayBuffer.slice
  for (let i = 0; i < 16; i++) a[i] = dv.getUint8(off + i);
  return a;
}
