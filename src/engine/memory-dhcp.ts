/** @module An in-memory DhcpServer (unit tests and the embedded demo): what Kea would hold, with failure injection. */
import type { DhcpPublication, DhcpServer } from '../core/ports';

const keyOf = (p: DhcpPublication) => `${p.binding.kind}|${p.address}`;

/** Holds publications in a map keyed by binding kind and address; `failNext` makes the next call throw. */
export class MemoryDhcpServer implements DhcpServer {
  readonly held = new Map<string, DhcpPublication>();
  calls: string[] = [];
  failNext: Error | null = null;

  /** Adds publications (a repeat replaces the same entry). */
  async publish(items: readonly DhcpPublication[]): Promise<void> {
    this.call('publish', items);
    for (const i of items) this.held.set(keyOf(i), i);
  }

  /** Removes publications; absent ones are ignored. */
  async withdraw(items: readonly DhcpPublication[]): Promise<void> {
    this.call('withdraw', items);
    for (const i of items) this.held.delete(keyOf(i));
  }

  /** Everything held. */
  async list(): Promise<DhcpPublication[]> {
    return [...this.held.values()];
  }

  /** Replaces every group's list, keeping other kinds. */
  async setGroups(groups: Record<string, string[]>): Promise<void> {
    this.call('setGroups', []);
    for (const [k, p] of this.held) if (p.binding.kind === 'group') this.held.delete(k);
    for (const [group, addresses] of Object.entries(groups)) {
      for (const address of addresses) this.held.set(`group|${address}`, { reservationId: group, resourceId: group, address, binding: { kind: 'group', group } });
    }
  }

  private call(name: string, items: readonly DhcpPublication[]): void {
    if (this.failNext) {
      const err = this.failNext;
      this.failNext = null;
      throw err;
    }
    this.calls.push(`${name} ${items.map((i) => i.address).join(',')}`.trim());
  }
}
