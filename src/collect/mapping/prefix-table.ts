/**
 * @module Longest-prefix match over IPv4 and IPv6 prefixes: one hash table per prefix length, searched from the
 * longest length present down (binary search on prefix lengths, Waldvogel et al. 1997, done linearly since a
 * NetBox mirror holds few distinct lengths). IPv4 keys stay numbers; IPv6 keys are hex of the masked bytes.
 */

/** Mask an IPv4 uint32 to its first `len` bits. */
export function maskV4(addr: number, len: number): number {
  return len === 0 ? 0 : (addr & (0xffffffff << (32 - len))) >>> 0;
}

/** Hex of the first `len` bits of a 16-byte IPv6 address (the remaining bits of the last nibble zeroed). */
export function maskV6Hex(addr: Uint8Array, len: number): string {
  let out = '';
  const full = len >> 3;
  for (let i = 0; i < full; i++) out += ((addr[i] as number) | 0x100).toString(16).slice(1);
  const rest = len & 7;
  if (rest > 0) out += (((addr[full] as number) & (0xff << (8 - rest)) & 0xff) | 0x100).toString(16).slice(1);
  return `${len}/${out}`;
}

/** A longest-prefix-match table from prefixes to values. */
export class PrefixTable<T> {
  private readonly v4 = new Map<number, Map<number, T>>();
  private readonly v6 = new Map<number, Map<string, T>>();
  private v4Lengths: number[] = [];
  private v6Lengths: number[] = [];
  private count = 0;

  /** Number of prefixes held. */
  get size(): number {
    return this.count;
  }

  /** Add (or replace) the value of an IPv4 prefix given as a uint32 and a length. */
  insertV4(addr: number, len: number, value: T): void {
    let t = this.v4.get(len);
    if (t === undefined) {
      t = new Map();
      this.v4.set(len, t);
      this.v4Lengths = [...this.v4.keys()].sort((a, b) => b - a);
    }
    const key = maskV4(addr, len);
    if (!t.has(key)) this.count++;
    t.set(key, value);
  }

  /** Add (or replace) the value of an IPv6 prefix given as 16 bytes and a length. */
  insertV6(addr: Uint8Array, len: number, value: T): void {
    let t = this.v6.get(len);
    if (t === undefined) {
      t = new Map();
      this.v6.set(len, t);
      this.v6Lengths = [...this.v6.keys()].sort((a, b) => b - a);
    }
    const key = maskV6Hex(addr, len);
    if (!t.has(key)) this.count++;
    t.set(key, value);
  }

  /** The value of the longest prefix holding an IPv4 address, or undefined. */
  lookupV4(addr: number): T | undefined {
    const lengths = this.v4Lengths;
    for (let i = 0; i < lengths.length; i++) {
      const len = lengths[i] as number;
      const v = (this.v4.get(len) as Map<number, T>).get(maskV4(addr, len));
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** The value of the longest prefix holding an IPv6 address, or undefined. */
  lookupV6(addr: Uint8Array): T | undefined {
    const lengths = this.v6Lengths;
    for (let i = 0; i < lengths.length; i++) {
      const len = lengths[i] as number;
      const v = (this.v6.get(len) as Map<string, T>).get(maskV6Hex(addr, len));
      if (v !== undefined) return v;
    }
    return undefined;
  }
}
