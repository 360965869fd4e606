/** @module Accumulates simulated traffic into one-minute telemetry buckets, in the collector's features. */
import type { TelemetryBucket } from '../core/trace';

/** Traffic classes the simulator emits; lead classes match the collector's (dhcp, tftp, dns, prov). */
export type SimTraffic = 'data' | 'dhcp' | 'tftp' | 'dns' | 'prov';

const BYTES_PER_PACKET: Record<SimTraffic, number> = { data: 800, dhcp: 342, tftp: 540, dns: 90, prov: 1200 };

/** A sparse set of buckets keyed by resource and minute. */
export class BucketBook {
  private readonly m = new Map<string, TelemetryBucket>();

  /** Adds `packets` of `kind` traffic (one flow, `peers` peers) to a resource's minute `minute`. */
  add(resourceId: string, minute: number, kind: SimTraffic, packets: number, peers = 1): void {
    if (packets <= 0) return;
    const key = `${resourceId}\u0000${minute}`;
    let b = this.m.get(key);
    if (!b) {
      b = { resourceId, bucketMs: minute * 60_000, bytes: 0, packets: 0, flows: 0, peers: 0, newPeers: 0, dhcpPackets: 0, dhcpBytes: 0, tftpPackets: 0, tftpBytes: 0, dnsPackets: 0, dnsBytes: 0, provPackets: 0, provBytes: 0 };
      this.m.set(key, b);
    }
    const bytes = packets * BYTES_PER_PACKET[kind];
    b.bytes += bytes;
    b.packets += packets;
    b.flows += 1;
    b.peers = Math.max(b.peers, peers);
    if (kind !== 'data') {
      b[`${kind}Packets`] += packets;
      b[`${kind}Bytes`] += bytes;
      b.newPeers += 1;
    }
  }

  /** All buckets sorted by time, then resource. */
  list(): TelemetryBucket[] {
    return [...this.m.values()].sort((a, b) => a.bucketMs - b.bucketMs || (a.resourceId < b.resourceId ? -1 : 1));
  }
}
