/** @module Derives resources from the NetBox mirror: interfaces with a MAC, and groups by tag, role, cluster or tenant. */
import { cidrContains, parseCidr, parseIp, type Cidr } from '../core/ip';
import type { GroupBy, Resource } from '../core/resource';
import type { Database } from '../store/schema';

/** The rules from config `resources`. */
export interface DeriveRules {
  interfaces: { vm: boolean; device: boolean; requireMac: boolean };
  groupBy: readonly GroupBy[];
  ignoreTags: readonly string[];
}

/** The mirror tables derivation reads. */
export type MirrorSnapshot = { [T in 'nb_vms' | 'nb_devices' | 'nb_vm_interfaces' | 'nb_device_interfaces' | 'nb_mac_addresses' | 'nb_ip_addresses' | 'nb_prefixes' | 'nb_ip_ranges' | 'nb_tenants' | 'nb_device_roles' | 'nb_clusters']: Database[T][] };

/** Derived resources and group memberships. */
export interface Derived {
  resources: Resource[];
  members: Array<{ groupId: string; memberId: string }>;
}

interface Parent {
  type: 'vm' | 'device';
  id: number;
  name: string;
  tags: string[];
  role: string | null;
  cluster: string | null;
  tenantId: number | null;
  tenant: string | null;
}

const byId = <R extends { id: number }>(rows: R[]) => new Map(rows.map((r) => [r.id, r]));
const slugOf = (rows: Array<{ id: number; name: string; slug: string | null }>) => new Map(rows.map((r) => [r.id, r.slug ?? r.name]));

/** Finds, for each address, the most specific prefix and the IP ranges that hold it. */
function sourcesFor(snapshot: MirrorSnapshot) {
  const prefixes = snapshot.nb_prefixes
    .map((p) => ({ id: p.id, vrf: p.vrf_id, cidr: parseCidr(p.prefix) }))
    .filter((p): p is { id: number; vrf: number | null; cidr: Cidr } => p.cidr !== null)
    .sort((a, b) => b.cidr.length - a.cidr.length);
  const ranges = snapshot.nb_ip_ranges.map((r) => ({ id: r.id, vrf: r.vrf_id, start: parseIp(r.start_address), end: parseIp(r.end_address) }));
  return (address: string, vrf: number | null) => {
    const ip = parseIp(address);
    if (!ip) return { prefixId: null, rangeIds: [] as number[] };
    const prefix = prefixes.find((p) => p.vrf === vrf && cidrContains(p.cidr, ip));
    const rangeIds = ranges
      .filter((r) => r.vrf === vrf && r.start?.family === ip.family && r.start.value <= ip.value && r.end !== null && ip.value <= r.end.value)
      .map((r) => r.id);
    return { prefixId: prefix?.id ?? null, rangeIds };
  };
}

function groupValues(p: Parent, by: GroupBy, ignore: ReadonlySet<string>): string[] {
  switch (by) {
    case 'tag': return p.tags.filter((t) => !ignore.has(t));
    case 'role': return p.role ? [p.role] : [];
    case 'cluster': return p.cluster ? [p.cluster] : [];
    case 'tenant': return p.tenant ? [p.tenant] : [];
  }
}

/** Builds resources from a mirror snapshot; pure, so it is tested without a database. */
export function deriveResources(snapshot: MirrorSnapshot, rules: DeriveRules): Derived {
  const tenants = slugOf(snapshot.nb_tenants);
  const roles = slugOf(snapshot.nb_device_roles);
  const clusters = slugOf(snapshot.nb_clusters);
  const macs = byId(snapshot.nb_mac_addresses);
  const macsByIface = new Map<string, string[]>();
  for (const m of snapshot.nb_mac_addresses) {
    if (m.assigned_object_type && m.assigned_object_id !== null) {
      const key = `${m.assigned_object_type}:${m.assigned_object_id}`;
      macsByIface.set(key, [...(macsByIface.get(key) ?? []), m.mac_address]);
    }
  }
  const ipsByIface = new Map<string, typeof snapshot.nb_ip_addresses>();
  for (const ip of snapshot.nb_ip_addresses) {
    if (ip.assigned_object_type && ip.assigned_object_id !== null) {
      const key = `${ip.assigned_object_type}:${ip.assigned_object_id}`;
      ipsByIface.set(key, [...(ipsByIface.get(key) ?? []), ip]);
    }
  }
  const parentOf = (type: 'vm' | 'device', row: { id: number; name: string | null; tags: string; role_id: number | null; tenant_id: number | null; cluster_id?: number | null }): Parent => ({
    type, id: row.id, name: row.name ?? `${type}-${row.id}`, tags: JSON.parse(row.tags) as string[],
    role: row.role_id === null ? null : (roles.get(row.role_id) ?? null),
    cluster: row.cluster_id == null ? null : (clusters.get(row.cluster_id) ?? null),
    tenantId: row.tenant_id, tenant: row.tenant_id === null ? null : (tenants.get(row.tenant_id) ?? null),
  });
  const vms = new Map(snapshot.nb_vms.map((v) => [v.id, parentOf('vm', v)]));
  const devices = new Map(snapshot.nb_devices.map((d) => [d.id, parentOf('device', d)]));
  const sources = sourcesFor(snapshot);
  const ignore = new Set(rules.ignoreTags);
  const resources: Resource[] = [];
  const groups = new Map<string, Resource>();
  const members: Derived['members'] = [];

  const ifaceSets: Array<['vm' | 'device', typeof snapshot.nb_vm_interfaces, string, Map<number, Parent>]> = [];
  if (rules.interfaces.vm) ifaceSets.push(['vm', snapshot.nb_vm_interfaces, 'virtualization.vminterface', vms]);
  if (rules.interfaces.device) ifaceSets.push(['device', snapshot.nb_device_interfaces, 'dcim.interface', devices]);
  for (const [type, ifaces, objectType, parents] of ifaceSets) {
    for (const iface of ifaces) {
      const parent = parents.get(iface.parent_id);
      if (!parent) continue;
      const key = `${objectType}:${iface.id}`;
      const mac = (iface.primary_mac_id !== null ? macs.get(iface.primary_mac_id)?.mac_address : undefined) ?? macsByIface.get(key)?.[0] ?? null;
      if (rules.interfaces.requireMac && mac === null) continue;
      const ips = (ipsByIface.get(key) ?? []).map((ip) => ({ address: ip.address, ...sources(ip.address, ip.vrf_id) }));
      const id = `${type === 'vm' ? 'vmif' : 'devif'}:${iface.id}`;
      resources.push({
        id, kind: 'interface', name: `${parent.name}/${iface.name}`, mac, parentType: type, parentId: parent.id, interfaceId: iface.id,
        groupBy: null, groupValue: null, tenantId: parent.tenantId,
        attrs: { addresses: ips.map((i) => i.address), prefixIds: unique(ips.map((i) => i.prefixId)), rangeIds: unique(ips.flatMap((i) => i.rangeIds)), tags: parent.tags },
      });
      for (const by of rules.groupBy) {
        for (const value of groupValues(parent, by, ignore)) {
          const groupId = `group:${by}:${value}`;
          const group = groups.get(groupId) ?? { id: groupId, kind: 'group' as const, name: `${by} ${value}`, mac: null, parentType: null, parentId: null, interfaceId: null, groupBy: by, groupValue: value, tenantId: by === 'tenant' ? parent.tenantId : null, attrs: { prefixIds: [] as number[], rangeIds: [] as number[] } };
          group.attrs = { prefixIds: unique([...(group.attrs.prefixIds as number[]), ...ips.map((i) => i.prefixId)]), rangeIds: unique([...(group.attrs.rangeIds as number[]), ...ips.flatMap((i) => i.rangeIds)]) };
          groups.set(groupId, group);
          members.push({ groupId, memberId: id });
        }
      }
    }
  }
  return { resources: [...resources, ...[...groups.values()].sort((a, b) => a.id.localeCompare(b.id))], members };
}

function unique(ids: Array<number | null>): number[] {
  return [...new Set(ids.filter((i): i is number => i !== null))].sort((a, b) => a - b);
}
