import { deriveResources, type DeriveRules, type MirrorSnapshot } from './derive';

const m = { last_updated: null, seen_at: 0 };
const named = (id: number, name: string) => ({ ...m, id, name, slug: name.toLowerCase() });

function snapshot(): MirrorSnapshot {
  return {
    nb_tenants: [named(1, 'Acme')],
    nb_device_roles: [named(5, 'k8s-node')],
    nb_clusters: [named(7, 'c1')],
    nb_vms: [
      { ...m, id: 10, name: 'vm-a', status: 'active', cluster_id: 7, role_id: 5, tenant_id: 1, site_id: null, tags: '["ipshadow","web"]' },
      { ...m, id: 11, name: 'vm-b', status: 'active', cluster_id: 7, role_id: null, tenant_id: null, site_id: null, tags: '[]' },
    ],
    nb_devices: [{ ...m, id: 20, name: 'sw1', status: 'active', role_id: 5, tenant_id: null, site_id: 1, tags: '[]' }],
    nb_vm_interfaces: [
      { ...m, id: 100, parent_id: 10, name: 'eth0', enabled: 1, primary_mac_id: 1000, tags: '[]' },
      { ...m, id: 101, parent_id: 11, name: 'eth0', enabled: 1, primary_mac_id: null, tags: '[]' },
      { ...m, id: 102, parent_id: 11, name: 'eth1', enabled: 1, primary_mac_id: null, tags: '[]' },
    ],
    nb_device_interfaces: [{ ...m, id: 200, parent_id: 20, name: 'mgmt0', enabled: 1, primary_mac_id: null, tags: '[]' }],
    nb_mac_addresses: [
      { ...m, id: 1000, mac_address: '02:00:00:00:00:0a', assigned_object_type: 'virtualization.vminterface', assigned_object_id: 100 },
      { ...m, id: 1001, mac_address: '02:00:00:00:00:0b', assigned_object_type: 'virtualization.vminterface', assigned_object_id: 101 },
      { ...m, id: 1002, mac_address: '02:00:00:00:02:00', assigned_object_type: 'dcim.interface', assigned_object_id: 200 },
    ],
    nb_ip_addresses: [
      { ...m, id: 1, address: '10.10.3.5/22', family: 4, vrf_id: null, status: 'active', role: null, tenant_id: null, assigned_object_type: 'virtualization.vminterface', assigned_object_id: 100, dns_name: '', description: '', tags: '[]', custom_fields: '{}' },
      { ...m, id: 2, address: '10.20.0.9/24', family: 4, vrf_id: null, status: 'active', role: null, tenant_id: null, assigned_object_type: 'virtualization.vminterface', assigned_object_id: 101, dns_name: '', description: '', tags: '[]', custom_fields: '{}' },
    ],
    nb_prefixes: [
      { ...m, id: 1, prefix: '10.10.0.0/22', family: 4, vrf_id: null, status: 'active', role_id: null, tenant_id: null, is_pool: 0, description: '', tags: '[]', custom_fields: '{}' },
      { ...m, id: 2, prefix: '10.0.0.0/8', family: 4, vrf_id: null, status: 'container', role_id: null, tenant_id: null, is_pool: 0, description: '', tags: '[]', custom_fields: '{}' },
      { ...m, id: 3, prefix: '10.20.0.0/24', family: 4, vrf_id: null, status: 'active', role_id: null, tenant_id: null, is_pool: 0, description: '', tags: '[]', custom_fields: '{}' },
    ],
    nb_ip_ranges: [
      { ...m, id: 9, start_address: '10.10.3.0/22', end_address: '10.10.3.200/22', family: 4, vrf_id: null, status: 'active', role_id: null, tenant_id: null, mark_populated: 0, description: '', tags: '[]', custom_fields: '{}' },
    ],
  };
}

const rules: DeriveRules = { interfaces: { vm: true, device: true, requireMac: true }, groupBy: ['tag', 'role', 'cluster', 'tenant'], ignoreTags: ['ipshadow'] };

describe('deriveResources', () => {
  it('makes one resource per interface with a MAC, with its most specific prefix and ranges', () => {
    const { resources } = deriveResources(snapshot(), rules);
    expect(resources.filter((r) => r.kind === 'interface')).toEqual([
      { id: 'vmif:100', kind: 'interface', name: 'vm-a/eth0', mac: '02:00:00:00:00:0a', parentType: 'vm', parentId: 10, interfaceId: 100, groupBy: null, groupValue: null, tenantId: 1, attrs: { addresses: ['10.10.3.5/22'], prefixIds: [1], rangeIds: [9], tags: ['ipshadow', 'web'] } },
      { id: 'vmif:101', kind: 'interface', name: 'vm-b/eth0', mac: '02:00:00:00:00:0b', parentType: 'vm', parentId: 11, interfaceId: 101, groupBy: null, groupValue: null, tenantId: null, attrs: { addresses: ['10.20.0.9/24'], prefixIds: [3], rangeIds: [], tags: [] } },
      { id: 'devif:200', kind: 'interface', name: 'sw1/mgmt0', mac: '02:00:00:00:02:00', parentType: 'device', parentId: 20, interfaceId: 200, groupBy: null, groupValue: null, tenantId: null, attrs: { addresses: [], prefixIds: [], rangeIds: [], tags: [] } },
    ]);
  });

  it('forms groups by tag (minus ignored tags), role, cluster and tenant', () => {
    const { resources, members } = deriveResources(snapshot(), rules);
    expect(resources.filter((r) => r.kind === 'group').map((g) => [g.id, g.attrs])).toEqual([
      ['group:cluster:c1', { prefixIds: [1, 3], rangeIds: [9] }],
      ['group:role:k8s-node', { prefixIds: [1], rangeIds: [9] }],
      ['group:tag:web', { prefixIds: [1], rangeIds: [9] }],
      ['group:tenant:acme', { prefixIds: [1], rangeIds: [9] }],
    ]);
    expect(members).toContainEqual({ groupId: 'group:role:k8s-node', memberId: 'devif:200' });
    expect(members.filter((x) => x.groupId === 'group:cluster:c1').map((x) => x.memberId)).toEqual(['vmif:100', 'vmif:101']);
  });

  it('honours the rules: no MAC needed, device interfaces off, no grouping', () => {
    const out = deriveResources(snapshot(), { interfaces: { vm: true, device: false, requireMac: false }, groupBy: [], ignoreTags: [] });
    expect(out.resources.map((r) => r.id)).toEqual(['vmif:100', 'vmif:101', 'vmif:102']);
    expect(out.resources.find((r) => r.id === 'vmif:102')?.mac).toBeNull();
    expect(out.members).toEqual([]);
  });
});
