/** @module What aggregation hands to storage: per-resource minute-bucket deltas and unknown-address tallies. */

/** Bucket width: one minute. */
export const BUCKET_MS = 60_000;

/**
 * Additions to one resource's one-minute bucket since the last flush. Volumes are sampling-corrected (so they may
 * be fractional). `peers` is the bucket's distinct-peer count so far (stored as the max seen, not added).
 */
export interface BucketDelta {
  resourceId: string;
  bucketMs: number;
  bytes: number;
  packets: number;
  flows: number;
  peers: number;
  newPeers: number;
  dhcpPackets: number;
  dhcpBytes: number;
  tftpPackets: number;
  tftpBytes: number;
  dnsPackets: number;
  dnsBytes: number;
  provPackets: number;
  provBytes: number;
}

/** Traffic seen for an address that maps to no resource, since the last flush. */
export interface UnknownDelta {
  address: string;
  flows: number;
  packets: number;
  bytes: number;
  firstMs: number;
  lastMs: number;
}

/** Where flushed aggregates go (the store's telemetry repository implements it). */
export interface TelemetrySink {
  addBuckets(rows: readonly BucketDelta[]): Promise<void>;
  addUnknown(rows: readonly UnknownDelta[]): Promise<void>;
}

/** A BucketDelta with every volume at zero. */
export function emptyDelta(resourceId: string, bucketMs: number): BucketDelta {
  return {
    resourceId, bucketMs, bytes: 0, packets: 0, flows: 0, peers: 0, newPeers: 0,
    dhcpPackets: 0, dhcpBytes: 0, tftpPackets: 0, tftpBytes: 0, dnsPackets: 0, dnsBytes: 0, provPackets: 0, provBytes: 0,
  };
}
