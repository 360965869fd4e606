/** @module IPv4/IPv6 text ↔ bigint and prefix containment, without string work in hot loops. */

/** A parsed address: family and value. */
export interface Ip {
  family: 4 | 6;
  value: bigint;
}

function parseV4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    v = (v << 8n) | BigInt(p);
  }
  return v;
}

function parseV6(text: string): bigint | null {
  let head = text;
  let tailV4: bigint | null = null;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    tailV4 = parseV4(text.slice(lastColon + 1));
    if (tailV4 === null) return null;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const left = halves[0] ? halves[0].split(':') : [];
  const right = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - left.length - right.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  return tailV4 === null ? v : (v & ~0xffffffffn) | tailV4;
}

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** True for a bare dotted IPv4 address (no prefix length); no bigint work, for per-packet checks. */
export function isIpv4Text(text: string): boolean {
  const m = DOTTED_QUAD.exec(text);
  return m !== null && +m[1]! <= 255 && +m[2]! <= 255 && +m[3]! <= 255 && +m[4]! <= 255;
}

/** Parses an address, ignoring any `/len` suffix; null when invalid. */
export function parseIp(text: string): Ip | null {
  const addr = text.split('/')[0] ?? '';
  if (addr.includes(':')) {
    const v = parseV6(addr);
    return v === null ? null : { family: 6, value: v };
  }
  const v = parseV4(addr);
  return v === null ? null : { family: 4, value: v };
}

/** A parsed CIDR prefix. */
export interface Cidr extends Ip {
  length: number;
}

/** Parses `a.b.c.d/len` or `x::/len`; null when invalid. */
export function parseCidr(text: string): Cidr | null {
  const [addr, len] = text.split('/');
  const ip = parseIp(addr ?? '');
  const bits = ip?.family === 4 ? 32 : 128;
  const length = len === undefined ? bits : Number(len);
  if (!ip || !Number.isInteger(length) || length < 0 || length > bits) return null;
  return { ...ip, length };
}

/** True when `ip` lies inside `cidr`. */
export function cidrContains(cidr: Cidr, ip: Ip): boolean {
  if (cidr.family !== ip.family) return false;
  const shift = BigInt((cidr.family === 4 ? 32 : 128) - cidr.length);
  return cidr.value >> shift === ip.value >> shift;
}

/** Formats an IPv4 bigint as dotted quad. */
export function formatV4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
}
