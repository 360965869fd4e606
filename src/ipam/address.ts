/** @module Address values ↔ text and ↔ the store's sort key (family + 32 hex digits, so text order is numeric order). */
import { formatV4, parseIp, type Ip } from '../core/ip';
import { IpshadowError } from '../core/errors';

/** Sort key of an address: `4:` or `6:` and the value as 32 hex digits. */
export function sortKey(family: 4 | 6, value: bigint): string {
  return `${family}:${value.toString(16).padStart(32, '0')}`;
}

/** The value inside a sort key. */
export function keyValue(key: string): bigint {
  return BigInt(`0x${key.slice(2)}`);
}

/** Formats an IPv6 value with the longest run of zero groups compressed (RFC 5952). */
export function formatV6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Formats a value of the given family. */
export function formatIp(family: 4 | 6, value: bigint): string {
  return family === 4 ? formatV4(value) : formatV6(value);
}

/** Parses an address or throws CONFIG_INVALID naming it. */
export function mustParseIp(text: string): Ip {
  const ip = parseIp(text);
  if (!ip) throw new IpshadowError('CONFIG_INVALID', `not an IP address: "${text}"`, { address: text });
  return ip;
}
