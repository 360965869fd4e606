/**
 * @module Per-resource one-minute buckets: bytes, packets, flows, distinct peers, new peers and lead traffic.
 * Flushes hand out deltas (added in the store), so late records and several collectors add up; a bucket stays in
 * memory until its minute is `latenessMs` behind the newest record seen, and the number held is capped.
 */

import type { LeadIndex } from './lead';
import { PeerMemory, type PeerKey } from './peer-memory';
import { peerText } from './peer-text';
import { BUCKET_MS, emptyDelta, type BucketDelta, type UnknownDelta } from './types';

/** Bounds and windows of an Aggregator. */
export interface AggregatorOptions {
  latenessMs?: number;
  maxOpenBuckets?: number;
  maxPeersPerBucket?: number;
  peerMemoryMs?: number;
  maxPeersPerResource?: number;
  maxUnknownAddresses?: number;
}

interface Bucket {
  delta: BucketDelta;
  dirty: boolean;
  peers: Set<PeerKey>;
}

/** What the aggregator dropped or saturated, for metrics. */
export interface AggregatorStats {
  /** Records not counted because a new bucket would pass maxOpenBuckets. */
  bucketCapDrops: number;
  /** Unknown addresses not tallied because the tally was full. */
  unknownCapDrops: number;
}

const LEAD_FIELDS = [['dhcpPackets', 'dhcpBytes'], ['tftpPackets', 'tftpBytes'], ['dnsPackets', 'dnsBytes'], ['provPackets', 'provBytes']] as const;

/** Accumulates sampling-corrected traffic per resource and minute. */
export class Aggregator {
  readonly stats: AggregatorStats = { bucketCapDrops: 0, unknownCapDrops: 0 };
  /** Buckets by resource, then by minute: resource ids are shared strings, so no key is built per record. */
  private readonly buckets = new Map<string, Map<number, Bucket>>();
  private open = 0;
  private readonly unknownTally = new Map<PeerKey, UnknownDelta>();
  private readonly peers: PeerMemory;
  private readonly latenessMs: number;
  private readonly maxOpen: number;
  private readonly maxPeersPerBucket: number;
  private readonly maxUnknown: number;
  private watermark = 0;

  constructor(opts: AggregatorOptions = {}) {
    this.latenessMs = opts.latenessMs ?? 120_000;
    this.maxOpen = opts.maxOpenBuckets ?? 100_000;
    this.maxPeersPerBucket = opts.maxPeersPerBucket ?? 4096;
    this.maxUnknown = opts.maxUnknownAddresses ?? 10_000;
    this.peers = new PeerMemory(opts.peerMemoryMs ?? 86_400_000, opts.maxPeersPerResource ?? 4096);
  }

  /** Buckets held in memory now. */
  openBuckets(): number {
    return this.open;
  }

  /** The newest record time seen (ms). */
  newestMs(): number {
    return this.watermark;
  }

  /**
   * Count one flow for one resource at `tMs`: volumes already scaled, `lead` its lead class, `peer` the other end
   * (and `peer2` the second other end when both ends belong to the resource). Returns false when dropped by the cap.
   */
  add(resourceId: string, tMs: number, bytes: number, packets: number, flows: number, lead: LeadIndex, peer: PeerKey | null, peer2: PeerKey | null = null): boolean {
    const bucketMs = tMs - (tMs % BUCKET_MS);
    let minutes = this.buckets.get(resourceId);
    if (minutes === undefined) {
      minutes = new Map();
      this.buckets.set(resourceId, minutes);
    }
    let b = minutes.get(bucketMs);
    if (b === undefined) {
      if (this.open >= this.maxOpen) {
        this.stats.bucketCapDrops++;
        return false;
      }
      b = { delta: emptyDelta(resourceId, bucketMs), dirty: false, peers: new Set() };
      minutes.set(bucketMs, b);
      this.open++;
    }
    if (tMs > this.watermark) this.watermark = tMs;
    const d = b.delta;
    d.bytes += bytes;
    d.packets += packets;
    d.flows += flows;
    if (lead >= 0) {
      const [p, y] = LEAD_FIELDS[lead as 0 | 1 | 2 | 3];
      d[p] += packets;
      d[y] += bytes;
    }
    if (peer !== null) this.addPeer(b, resourceId, peer, tMs);
    if (peer2 !== null) this.addPeer(b, resourceId, peer2, tMs);
    b.dirty = true;
    return true;
  }

  /** Tally traffic of an address (IPv4 uint32 or IPv6 hex) that maps to no resource. */
  unknown(address: PeerKey, tMs: number, bytes: number, packets: number, flows: number): void {
    let u = this.unknownTally.get(address);
    if (u === undefined) {
      if (this.unknownTally.size >= this.maxUnknown) {
        this.stats.unknownCapDrops++;
        return;
      }
      u = { address: '', flows: 0, packets: 0, bytes: 0, firstMs: tMs, lastMs: tMs };
      this.unknownTally.set(address, u);
    }
    u.flows += flows;
    u.packets += packets;
    u.bytes += bytes;
    if (tMs < u.firstMs) u.firstMs = tMs;
    if (tMs > u.lastMs) u.lastMs = tMs;
  }

  /** Take every pending delta, then drop buckets that are past their lateness window. */
  flush(): { buckets: BucketDelta[]; unknown: UnknownDelta[] } {
    const out: BucketDelta[] = [];
    const closeBefore = this.watermark - this.latenessMs - BUCKET_MS;
    for (const [id, minutes] of this.buckets) {
      for (const [ms, b] of minutes) {
        if (b.dirty) {
          out.push({ ...b.delta, peers: b.peers.size });
          b.delta = emptyDelta(id, ms);
          b.dirty = false;
        }
        if (ms < closeBefore) {
          minutes.delete(ms);
          this.open--;
        }
      }
      if (minutes.size === 0) this.buckets.delete(id);
    }
    const unknown = [...this.unknownTally].map(([k, u]) => ({ ...u, address: peerText(k) }));
    this.unknownTally.clear();
    return { buckets: out, unknown };
  }

  /** Forget peer history of resources that no longer exist. */
  retainResources(keep: (resourceId: string) => boolean): void {
    this.peers.retain(keep);
  }

  private addPeer(b: Bucket, resourceId: string, peer: PeerKey, tMs: number): void {
    if (!b.peers.has(peer) && b.peers.size < this.maxPeersPerBucket) b.peers.add(peer);
    if (this.peers.touch(resourceId, peer, tMs)) b.delta.newPeers++;
  }
}
