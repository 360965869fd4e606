/** @module Kea as the engine's DhcpServer: hosts-database rows, pre-leases and the hook's group lists. */
import { hasCode, IpshadowError } from '../../core/errors';
import type { DhcpPublication, DhcpServer } from '../../core/ports';
import type { HookCommands } from './hook-commands';
import type { HostsDbWriter } from './hosts-db';
import type { PreLeaseWriter } from './pre-leases';

/** What the Kea side is made of; `hosts` is absent when no hosts database is configured. */
export interface KeaDhcpServerDeps {
  hook: HookCommands;
  preLeases: PreLeaseWriter;
  hosts?: HostsDbWriter;
  /** Lifetime of a pre-lease, in seconds (long enough to outlive the reservation's TTL). */
  preLeaseLifetimeS: number;
}

const groupsOf = (items: readonly DhcpPublication[]) => new Set(items.flatMap((i) => (i.binding.kind === 'group' ? [i.binding.group] : [])));

/** Publishes and withdraws shadow addresses in kea-dhcp4. */
export class KeaDhcpServer implements DhcpServer {
  constructor(private readonly d: KeaDhcpServerDeps) {}

  /** Writes hosts rows and pre-leases, and adds group addresses to the hook's lists. */
  async publish(items: readonly DhcpPublication[]): Promise<void> {
    for (const i of items) {
      const b = i.binding;
      if (b.kind === 'host') await this.hostsDb().upsert({ hwaddr: b.hwaddr, subnetId: b.subnetId, address: i.address, reservationId: i.reservationId, resourceId: i.resourceId });
      if (b.kind === 'pre-lease') await this.addPreLease(i, b.hwaddr, b.subnetId);
    }
    if (groupsOf(items).size > 0) await this.editGroups(items, (list, a) => (list.includes(a) ? list : [...list, a]));
  }

  /** Removes hosts rows and pre-leases, and takes group addresses off the hook's lists. */
  async withdraw(items: readonly DhcpPublication[]): Promise<void> {
    for (const i of items) {
      const b = i.binding;
      if (b.kind === 'host') await this.hostsDb().remove(b.hwaddr, b.subnetId);
      if (b.kind === 'pre-lease') await this.d.preLeases.remove(i.address);
    }
    if (groupsOf(items).size > 0) await this.editGroups(items, (list, a) => list.filter((x) => x !== a));
  }

  /** Hosts rows and pre-leases carrying ipshadow's user-context, and every group address the hook holds. */
  async list(): Promise<DhcpPublication[]> {
    // Three independent reads (PostgreSQL, lease4-get-all, the hook's lists), side by side.
    const [hosts, leases, groups] = await Promise.all([this.d.hosts?.list() ?? [], this.d.preLeases.list(), this.d.hook.groups()]);
    const out: DhcpPublication[] = [];
    for (const h of hosts) out.push({ reservationId: h.reservationId, resourceId: h.resourceId, address: h.address, binding: { kind: 'host', hwaddr: h.hwaddr, subnetId: h.subnetId } });
    for (const l of leases) {
      const ctx = l['user-context']!.ipshadow!;
      out.push({ reservationId: ctx.reservation, resourceId: ctx.resource, address: l['ip-address'], binding: { kind: 'pre-lease', hwaddr: l['hw-address'], subnetId: l['subnet-id'] } });
    }
    for (const [group, g] of Object.entries(groups)) {
      for (const address of g.addresses) out.push({ reservationId: group, resourceId: group, address, binding: { kind: 'group', group } });
    }
    return out;
  }

  /** Replaces the hook's group lists. */
  async setGroups(groups: Record<string, string[]>): Promise<void> {
    await this.d.hook.setGroups(groups);
  }

  private async addPreLease(i: DhcpPublication, hwaddr: string, subnetId: number): Promise<void> {
    try {
      await this.d.preLeases.add({ address: i.address, hwaddr, subnetId, validLft: this.d.preLeaseLifetimeS, reservationId: i.reservationId, resourceId: i.resourceId });
    } catch (err) {
      // lease4-add refuses an existing lease: ours (a replay) is fine, anyone else's is a conflict.
      const have = hasCode(err, 'KEA_COMMAND') || hasCode(err, 'CONFLICT') ? await this.d.preLeases.get(i.address) : undefined;
      if (have?.['user-context']?.ipshadow?.reservation !== i.reservationId) throw err;
    }
  }

  private async editGroups(items: readonly DhcpPublication[], edit: (list: string[], address: string) => string[]): Promise<void> {
    const current = Object.fromEntries(Object.entries(await this.d.hook.groups()).map(([g, v]) => [g, v.addresses]));
    for (const i of items) if (i.binding.kind === 'group') current[i.binding.group] = edit(current[i.binding.group] ?? [], i.address);
    await this.d.hook.setGroups(current);
  }

  private hostsDb(): HostsDbWriter {
    if (!this.d.hosts) throw new IpshadowError('CONFIG_INVALID', 'kea.hostsDatabase: not configured, but a reservation needs a known-MAC host row');
    return this.d.hosts;
  }
}
