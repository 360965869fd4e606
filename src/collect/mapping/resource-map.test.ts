import type { Resource } from '../../core/resource';
import { maskV6Hex, PrefixTable } from './prefix-table';
import { ResourceMap, v6Bytes } from './resource-map';

const iface = (id: string, addresses: string[], mac: string | null = null): Resource => ({
  id, kind: 'interface', name: id, mac, parentType: 'vm', parentId: 1, interfaceId: 1, groupBy: null, groupValue: null, tenantId: null,
  attrs: { addresses, prefixIds: [], rangeIds: [] },
});
const group = (id: string, prefixIds: number[]): Resource => ({
  id, kind: 'group', name: id, mac: null, parentType: null, parentId: null, interfaceId: null, groupBy: 'tag', groupValue: id, tenantId: null,
  attrs: { prefixIds, rangeIds: [] },
});
const v4 = (s: string): number => s.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const b6 = (s: string): Uint8Array => v6Bytes(BigInt(`0x${s.replace(/:/g, '')}`));

describe('PrefixTable', () => {
  it('returns the longest matching prefix for IPv4 and IPv6', () => {
    const t = new PrefixTable<string>();
    t.insertV4(v4('10.0.0.0'), 8, '/8');
    t.insertV4(v4('10.1.0.0'), 16, '/16');
    t.insertV4(v4('10.1.2.0'), 24, '/24');
    t.insertV4(0, 0, 'default');
    t.insertV6(b6('20010db8000000000000000000000000'), 32, 'v6/32');
    t.insertV6(b6('20010db8000100000000000000000000'), 48, 'v6/48');
    expect([t.lookupV4(v4('10.1.2.3')), t.lookupV4(v4('10.1.3.3')), t.lookupV4(v4('10.2.0.1')), t.lookupV4(v4('192.0.2.1'))]).toEqual(['/24', '/16', '/8', 'default']);
    expect([t.lookupV6(b6('20010db8000100ff0000000000000001')), t.lookupV6(b6('20010db8000200000000000000000001')), t.lookupV6(b6('20010db9000000000000000000000001'))]).toEqual(['v6/48', 'v6/32', undefined]);
    expect(t.size).toBe(6);
  });

  it('masks odd IPv6 lengths inside a byte', () => {
    expect(maskV6Hex(b6('20010db8ffff00000000000000000000'), 36)).toBe('36/20010db8f0');
  });
});

describe('ResourceMap', () => {
  const map = new ResourceMap({
    resources: [iface('vmif:1', ['10.0.0.5/24', '2001:db8::5/64'], 'aa:bb:cc:00:00:01'), iface('vmif:2', ['10.0.1.9/24']), group('group:tag:web', [1]), group('group:role:db', [2, 3])],
    members: [{ groupId: 'group:tag:web', memberId: 'vmif:1' }, { groupId: 'group:role:db', memberId: 'vmif:2' }],
    prefixes: [{ id: 1, prefix: '10.0.0.0/24' }, { id: 2, prefix: '10.0.1.0/24' }, { id: 3, prefix: '2001:db8::/64' }, { id: 4, prefix: '10.0.0.0/8' }],
  });

  it('maps an assigned address to its interface, its groups and the groups of its prefix', () => {
    expect(map.ofV4(v4('10.0.0.5'))).toEqual(['vmif:1', 'group:tag:web']);
    expect(map.ofV4(v4('10.0.1.9'))).toEqual(['vmif:2', 'group:role:db']);
    expect(map.ofV6(b6('20010db8000000000000000000000005'))).toEqual(['vmif:1', 'group:tag:web', 'group:role:db']);
  });

  it('maps an unassigned address through the longest prefix to groups, and nothing for prefixes without groups', () => {
    expect(map.ofV4(v4('10.0.0.77'))).toEqual(['group:tag:web']);
    expect(map.ofV6(b6('20010db80000000000000000000000ff'))).toEqual(['group:role:db']);
    expect(map.ofV4(v4('10.9.9.9'))).toEqual([]);
    expect(map.ofV4(v4('192.0.2.1'))).toEqual([]);
  });

  it('maps MACs and text, and knows its resources', () => {
    expect(map.ofMac(0xaabbcc000001)).toEqual(['vmif:1', 'group:tag:web']);
    expect(map.ofText('AA:BB:CC:00:00:01')).toEqual(['vmif:1', 'group:tag:web']);
    expect(map.ofText('10.0.1.9')).toEqual(['vmif:2', 'group:role:db']);
    expect(map.ofText('not an address')).toEqual([]);
    expect([map.has('vmif:2'), map.has('vmif:3')]).toEqual([true, false]);
    expect(map.stats()).toEqual({ addresses: 3, prefixes: 3, macs: 1, resources: 4 });
  });
});
