/** @module The per-resource telemetry bucket shared by the collector, the store and the forecasters. */

/** Bucket width: one minute. */
export const BUCKET_MS = 60_000;

/**
 * One resource's one-minute bucket (or a delta to it). Volumes are sampling-corrected, so they may be fractional;
 * `peers` is a distinct count (merged by max, never added).
 */
export interface TelemetryBucket {
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
