/** @module What aggregation hands to storage: per-resource minute-bucket deltas and unknown-address tallies. */

import type { TelemetryBucket } from '../../core/telemetry';

export { BUCKET_MS } from '../../core/telemetry';

/** Additions to one resource's one-minute bucket since the last flush (see TelemetryBucket). */
export type BucketDelta = TelemetryBucket;

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
