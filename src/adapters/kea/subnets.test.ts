import type { KeaControl } from './control';
import type { KeaEvent } from './event-line';
import { KeaSubnetTable, fetchKeaSubnets } from './subnets';

/** A control channel that answers config-get with a fixed Dhcp4 (our own interface, not Kea). */
const answering = (result: number, dhcp4?: unknown): KeaControl => ({
  send: async <A>(command: string) => {
    expect(command).toBe('config-get');
    return { result, text: result === 0 ? 'ok' : 'no config', ...(dhcp4 !== undefined && { arguments: { Dhcp4: dhcp4 } as A }) };
  },
});

const event = (address: string, subnetId: number): KeaEvent => ({
  v: 1, type: 'lease4_committed', ts: 1, address, hwaddr: '0c:00:00:00:00:01', client_id: null, hostname: null, subnet_id: subnetId, valid_lft: 3600, group: null, classes: [],
});

describe('KeaSubnetTable', () => {
  it('finds the subnet of an address by prefix, first match winning, 0 outside every subnet', () => {
    const t = new KeaSubnetTable([{ id: 7, prefix: '10.64.8.0/24' }, { id: 1, prefix: '10.64.0.0/10' }, { id: 3, prefix: '192.0.2.128/25' }]);
    expect(['10.64.8.9', '10.127.255.255', '10.128.0.0', '192.0.2.200', '192.0.2.127', '0.0.0.0'].map((a) => t.idOf(a))).toEqual([7, 1, 0, 3, 0, 0]);
  });

  it('handles /0 and /32 prefixes and skips unparsable ones', () => {
    expect(new KeaSubnetTable([{ id: 4, prefix: '198.51.100.7/32' }, { id: 9, prefix: '0.0.0.0/0' }]).idOf('198.51.100.7')).toBe(4);
    expect(new KeaSubnetTable([{ id: 4, prefix: '198.51.100.7/32' }, { id: 9, prefix: '0.0.0.0/0' }]).idOf('255.255.255.255')).toBe(9);
    const t = new KeaSubnetTable([{ id: 2, prefix: '10.0.0.0/33' }, { id: 5, prefix: '2001:db8::/32' }, { id: 6, prefix: '10.0.0.0' }]);
    expect([t.size, t.idOf('10.0.0.1')]).toEqual([0, 0]);
  });

  it('fills only events that carry subnet 0 and counts those no subnet holds', () => {
    const t = new KeaSubnetTable([{ id: 1, prefix: '10.64.0.0/10' }]);
    const events = [event('10.64.0.5', 0), event('10.64.0.6', 12), event('172.16.0.1', 0)];
    expect(t.fill(events)).toBe(1);
    expect(events.map((e) => e.subnet_id)).toEqual([1, 12, 0]);
  });

  it('learns Kea\'s subnets after the configured ones, and keeps its table when config-get fails', async () => {
    const t = new KeaSubnetTable([{ id: 9, prefix: '10.64.8.0/24' }]);
    const dhcp4 = {
      subnet4: [{ id: 1, subnet: '10.64.0.0/10' }, { id: 0, subnet: '10.1.0.0/16' }],
      'shared-networks': [{ name: 'floor', subnet4: [{ id: 2, subnet: '192.0.2.0/24' }] }, { name: 'empty' }],
    };
    expect(await t.learn(answering(0, dhcp4), [{ id: 9, prefix: '10.64.8.0/24' }])).toBe(2);
    expect(['10.64.8.1', '10.64.9.1', '192.0.2.1', '10.1.0.1'].map((a) => t.idOf(a))).toEqual([9, 1, 2, 0]);
    await expect(t.learn(answering(1), [])).rejects.toMatchObject({ code: 'KEA_COMMAND', message: 'config-get failed: no config' });
    expect(t.idOf('192.0.2.1')).toBe(2);
  });

  it('reads an answer without subnets as none', async () => {
    expect(await fetchKeaSubnets(answering(0, {}))).toEqual([]);
  });
});
