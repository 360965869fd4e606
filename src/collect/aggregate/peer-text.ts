/** @module Text form of peer keys (IPv4 uint32 → dotted quad; IPv6 32-hex → RFC 5952 text). */

import type { PeerKey } from './peer-memory';

/** RFC 5952 text of 32 hex digits (longest run of two or more zero groups shortened to `::`). */
export function ipv6HexText(hex: string): string {
  const groups: string[] = [];
  for (let i = 0; i < 32; i += 4) groups.push(parseInt(hex.slice(i, i + 4), 16).toString(16));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** Text of a peer key. */
export function peerText(k: PeerKey): string {
  if (typeof k === 'number') return `${k >>> 24}.${(k >>> 16) & 255}.${(k >>> 8) & 255}.${k & 255}`;
  return ipv6HexText(k);
}
