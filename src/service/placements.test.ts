import type { Resource } from '../core/resource';
import { KeaSubnetTable } from '../adapters/kea';
import { placementsFor, ruleMatches } from './placements';

const res = (id: string, mac: string | null): Resource => ({ id, kind: mac ? 'interface' : 'group', name: id, mac, parentType: null, parentId: null, interfaceId: null, groupBy: null, groupValue: null, tenantId: null, attrs: {} });

describe('placements', () => {
  const subnets = [{ id: 1, prefix: '10.64.0.0/10' }, { id: 7, prefix: '192.0.2.0/24' }];
  const rules = [
    { resource: 'group:tag:*', source: { kind: 'ip-range' as const, id: 3 }, selection: 'shadow-range' as const, binding: 'group' as const },
    { resource: 'vmif:*', source: { kind: 'prefix' as const, id: 9 }, selection: 'lowest-free' as const, binding: 'host' as const },
    { resource: 'devif:1', source: { kind: 'prefix' as const, id: 9 }, selection: 'lowest-free' as const, binding: 'none' as const },
  ];
  const resources = new Map([res('group:tag:web', null), res('vmif:5', '0C:AA:00:00:00:05'), res('vmif:6', null)].map((r) => [r.id, r]));
  const table = new KeaSubnetTable(subnets);
  const place = placementsFor(rules, (a) => table.idOf(a), resources);

  it('matches exact ids and `*` prefixes', () => {
    expect([ruleMatches('group:tag:*', 'group:tag:web'), ruleMatches('group:tag:*', 'group:role:web'), ruleMatches('devif:1', 'devif:10')]).toEqual([true, false, false]);
  });

  it('finds the Kea subnet of an address, 0 for none or for IPv6', () => {
    expect(['10.64.8.1', '192.0.2.9', '198.51.100.1', '2001:db8::1'].map((a) => table.idOf(a))).toEqual([1, 7, 0, 0]);
  });

  it('gives the first matching rule with its binding per address', () => {
    expect(place('group:tag:web')?.binding?.('10.64.8.5')).toEqual({ kind: 'group', group: 'group:tag:web' });
    expect(place('group:tag:web')?.source).toEqual({ kind: 'ip-range', id: 3 });
    expect(place('vmif:5')?.binding?.('192.0.2.9')).toEqual({ kind: 'host', hwaddr: '0c:aa:00:00:00:05', subnetId: 7 });
    // No MAC, or an address outside every Kea subnet: nothing Kea could serve, so nothing is published.
    expect(place('vmif:6')?.binding?.('192.0.2.9')).toBeNull();
    expect(place('vmif:5')?.binding?.('198.51.100.1')).toBeNull();
    expect(place('devif:1')?.binding?.('10.64.0.9')).toBeNull();
    expect(place('devif:2')).toBeNull();
  });
});
