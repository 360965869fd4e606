/**
 * @module Which peers each resource has talked to recently, to count new peers. Bounded per resource by two
 * generations: when the current one holds half the limit it becomes the old one and the older is dropped whole,
 * which costs O(1) per peer even when every flow brings a new peer (an exact LRU over a Map does not).
 */

/** A peer: an IPv4 uint32 or an IPv6 hex string. */
export type PeerKey = number | string;

interface Generations {
  cur: Map<PeerKey, number>;
  old: Map<PeerKey, number>;
}

/** Last-seen times of each resource's peers. */
export class PeerMemory {
  private readonly byResource = new Map<string, Generations>();
  private readonly half: number;

  /** A peer unseen for `memoryMs` is new again; each resource remembers at most `maxPerResource` peers. */
  constructor(private readonly memoryMs: number, maxPerResource: number) {
    this.half = Math.max(1, Math.floor(maxPerResource / 2));
  }

  /** Record that `resourceId` talked to `peer` at `tMs`; true when the peer is new (unseen within the memory). */
  touch(resourceId: string, peer: PeerKey, tMs: number): boolean {
    let g = this.byResource.get(resourceId);
    if (g === undefined) {
      g = { cur: new Map(), old: new Map() };
      this.byResource.set(resourceId, g);
    }
    const last = g.cur.get(peer) ?? g.old.get(peer);
    if (last !== undefined && tMs <= last) return false;
    g.cur.set(peer, tMs);
    if (g.cur.size >= this.half) {
      g.old = g.cur;
      g.cur = new Map();
    }
    return last === undefined || tMs - last > this.memoryMs;
  }

  /** Peers held across all resources. */
  size(): number {
    let n = 0;
    for (const g of this.byResource.values()) n += g.cur.size + g.old.size;
    return n;
  }

  /** Forget resources no longer known (after a mirror refresh). */
  retain(keep: (resourceId: string) => boolean): void {
    for (const id of [...this.byResource.keys()]) if (!keep(id)) this.byResource.delete(id);
  }
}
