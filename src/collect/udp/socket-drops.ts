/**
 * @module Kernel receive-queue drops of a bound UDP port, read from /proc/net/udp and /proc/net/udp6 (Linux): the
 * datagrams that arrived while the socket buffer was full and never reached the collector.
 */
import { readFileSync } from 'node:fs';

/** Sum of the `drops` column over sockets bound to `port` (any address), or null when /proc is unavailable. */
export function udpSocketDrops(port: number, files: readonly string[] = ['/proc/net/udp', '/proc/net/udp6']): number | null {
  let found = false;
  let drops = 0;
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 13 || !(cols[1] ?? '').endsWith(`:${hexPort}`)) continue;
      found = true;
      drops += Number(cols[cols.length - 1]);
    }
  }
  return found ? drops : null;
}
