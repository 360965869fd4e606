/** @module Which peers each resource has talked to recently, to count new peers; bounded per resource (LRU). */

/** A peer: an IPv4 uint32 or an IPv6 hex string. */
export type PeerKey = number | string;

/** Last-seen times of each resource's peers. */
export class PeerMemory {
  private readonly byResource = new Map<string, Map<PeerKey, number>>();

  constructor(private readonly memoryMs: number, private readonly maxPerResource: number) {}

  /** Record that `resourceId` talked to `peer` at `tMs`; true when the peer is new (unseen within the memory). */
  touch(resourceId: string, peer: PeerKey, tMs: number): boolean {
    let peers = this.byResource.get(resourceId);
    if (peers === undefined) {
      peers = new Map();
      this.byResource.set(resourceId, peers);
    }
    const last = peers.get(peer);
    if (last !== undefined) {
      if (tMs <= last) return false;
      peers.delete(peer); // re-insert at the end: the Map's order is the LRU order
      peers.set(peer, tMs);
      return tMs - last > this.memoryMs;
    }
    if (peers.size >= this.maxPerResource) peers.delete(peers.keys().next().value as PeerKey);
    peers.set(peer, tMs);
    return true;
  }

  /** Peers held across all resources. */
  size(): number {
    let n = 0;
    for (const p of this.byResource.values()) n += p.size;
    return n;
  }

  /** Forget resources no longer known (after a mirror refresh). */
  retain(keep: (resourceId: string) => boolean): void {
    for (const id of [...this.byResource.keys()]) if (!keep(id)) this.byResource.delete(id);
  }
}
