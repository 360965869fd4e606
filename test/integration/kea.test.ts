/**
 * Issue 3 against real kea-dhcp4 2.2 and 2.6 with the ipshadow hook, real udhcpc clients and the sidecar's own Kea
 * adapter: lease events, hosts-database reservations, pre-leases and group assignment.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { openStore, type Store } from '../../src/store';
import { silentLogger } from '../../src/log/logger';
import { HookCommands, HostsDbWriter, KeaEventServer, PreLeaseWriter, storeSink, unixControl, type KeaControl } from '../../src/adapters/kea';
import { PG_ADMIN_URL, tempSqlite } from './helpers/databases';
import { KEA_VERSIONS, dora, inNamespace, keaStatus, stack, type KeaStack, type KeaVersion } from './helpers/kea';
import { waitFor } from './helpers/netbox';

const GROUP = 'group:tag:web';
const VALID_LIFETIME = 3600;

describe.each(KEA_VERSIONS)('Kea %s with the ipshadow hook', (version: KeaVersion) => {
  const tag = version.replace('.', '');
  const hostsDb = `ipshadow_kea${tag}_hosts`;
  let store: Store;
  let server: KeaEventServer;
  let kea: KeaStack;
  let control: KeaControl;
  let hosts: HostsDbWriter;
  // MACs unique per version so events from one run never satisfy the other's checks.
  const mac = (n: number) => `02:${tag}:00:00:00:${n.toString(16).padStart(2, '0')}`;

  /** The stored events of one type for a MAC or address, oldest first. */
  const eventsOf = async (type: string, match: (p: Record<string, unknown>) => boolean) =>
    (await store.events.list({ type: `kea.${type}`, limit: 100000 })).filter((e) => match(e.payload));
  const waitEvent = (type: string, match: (p: Record<string, unknown>) => boolean) =>
    waitFor(`kea.${type} event`, async () => (await eventsOf(type, match))[0], 20000);

  beforeAll(async () => {
    await stack('kea.sh', ['--kea', version, 'down']);
    await stack('kea-hosts-db.sh', ['--kea', version, hostsDb]);
    kea = await keaStatus(version);
    store = await openStore(tempSqlite().url);
    server = new KeaEventServer({ path: kea.eventSocket, log: silentLogger(), flushMs: 20, sink: storeSink(store, () => () => null) });
    await server.start();
    await stack('kea.sh', ['--kea', version, 'up', '--hosts-db', hostsDb, '--groups', JSON.stringify([{ name: GROUP, 'mac-prefix': `0c:${tag}` }])]);
    control = unixControl(kea.controlSocket);
    hosts = new HostsDbWriter(PG_ADMIN_URL.replace(/\/[^/]*$/, `/${hostsDb}`));
  });
  afterAll(async () => {
    await hosts?.close();
    await stack('kea.sh', ['--kea', version, 'down']).catch(() => undefined);
    await server?.stop();
    await store?.close();
    await stack('kea-hosts-db.sh', ['drop', hostsDb]).catch(() => undefined);
  });

  it('sends committed, renew and release events with the right address, MAC, subnet and lifetime', async () => {
    const first = await dora(version, mac(1), '--hostname', `plain-${tag}`);
    expect(first.leased).toMatch(/^10\.(6[5-9]|[7-9]\d|1[01]\d|12[0-7])\./);
    const committed = await waitEvent('lease4_committed', (p) => p.hwaddr === mac(1));
    expect(committed.payload).toMatchObject({
      kind: 'allocation', address: first.leased, hwaddr: mac(1), hostname: `plain-${tag}`,
      subnetId: 1, validLft: VALID_LIFETIME, group: null, classes: expect.arrayContaining(['IPORDINARY']),
    });
    const again = await dora(version, mac(1), '--release');
    expect(again.leased).toBe(first.leased);
    const renew = await waitEvent('lease4_renew', (p) => p.hwaddr === mac(1));
    expect(renew.payload).toMatchObject({ kind: 'renewal', address: first.leased, subnetId: 1, validLft: VALID_LIFETIME });
    const release = await waitEvent('lease4_release', (p) => p.hwaddr === mac(1));
    expect(release.payload).toMatchObject({ kind: 'release', address: first.leased, subnetId: 1 });
  });

  it('sends an expire event for a lease that runs out', async () => {
    const pre = new PreLeaseWriter(control);
    await pre.add({ address: `10.100.${tag}.1`, hwaddr: mac(2), subnetId: 1, validLft: 1, reservationId: 'expire-test', resourceId: 'vmif:1' });
    const expired = await waitEvent('lease4_expire', (p) => p.address === `10.100.${tag}.1`);
    expect(expired.payload).toMatchObject({ kind: 'release', hwaddr: mac(2), subnetId: 1 });
  });

  it('sends a decline event when the client finds its address in use', async () => {
    const hook = new HookCommands(control);
    await hook.setGroups({ [GROUP]: ['10.64.8.40'] });
    await inNamespace(kea.serverNs, ['addr', 'add', '10.64.8.40/32', 'dev', `ipsk${tag}${process.env.KEA_STACK_ID ?? ''}s`]);
    try {
      await dora(version, `0c:${tag}:00:00:00:40`, '--arp-check');
    } finally {
      await inNamespace(kea.serverNs, ['addr', 'del', '10.64.8.40/32', 'dev', `ipsk${tag}${process.env.KEA_STACK_ID ?? ''}s`]);
    }
    const declined = await waitEvent('lease4_decline', (p) => p.address === '10.64.8.40');
    expect(declined.payload).toMatchObject({ kind: 'release', hwaddr: `0c:${tag}:00:00:00:40`, group: GROUP, subnetId: 1 });
  });

  it('gives a matching group client the pushed shadow address on DISCOVER and REQUEST, and reports the claim', async () => {
    const hook = new HookCommands(control);
    expect(await hook.setGroups({ [GROUP]: ['10.64.8.20', '10.64.8.21'] })).toMatchObject({ groups: 1, addresses: 2 });
    const got = await dora(version, `0c:${tag}:00:00:01:01`);
    expect(got).toEqual({ offered: '10.64.8.20', leased: '10.64.8.20' });
    const claim = await waitEvent('group_claim', (p) => p.address === '10.64.8.20');
    expect(claim.payload).toMatchObject({ kind: 'allocation', hwaddr: `0c:${tag}:00:00:01:01`, group: GROUP, subnetId: 1 });
    const groups = await hook.groups();
    expect(groups[GROUP]?.claims).toEqual([expect.objectContaining({ address: '10.64.8.20' })]);
    // An ordinary client asking for the other shadow address never gets it.
    const other = await dora(version, mac(3), '--request', '10.64.8.21');
    expect(other.leased).not.toMatch(/^10\.64\.8\./);
    expect((await hook.stats()).assigned).toBeGreaterThanOrEqual(1);
  });

  it('serves a known-MAC reservation written to the hosts database, out of pool, on the next DORA', async () => {
    // Outside both pools (shadow 10.64.8.0/24, ordinary from 10.65.0.10) but inside subnet 10.64.0.0/10.
    const address = `10.64.1.${tag}`;
    await hosts.upsert({ hwaddr: mac(4), subnetId: 1, address, reservationId: 'r-hosts', resourceId: 'vmif:4', hostname: `known-${tag}` });
    expect(await hosts.list()).toEqual([expect.objectContaining({ hwaddr: mac(4), address, reservationId: 'r-hosts', subnetId: 1 })]);
    // Moving the reservation is an update of ipshadow's own row; another MAC cannot take the same address.
    await hosts.upsert({ hwaddr: mac(4), subnetId: 1, address, reservationId: 'r-hosts', resourceId: 'vmif:4', hostname: `known-${tag}` });
    await expect(hosts.upsert({ hwaddr: mac(7), subnetId: 1, address, reservationId: 'r-x', resourceId: 'vmif:7' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await dora(version, mac(4))).toEqual({ offered: address, leased: address });
    expect(await hosts.remove(mac(4), 1)).toBe(true);
    expect(await hosts.list()).toEqual([]);
  });

  it('serves a pre-lease written with lease4-add and lists it by its ipshadow user-context', async () => {
    const pre = new PreLeaseWriter(control);
    const address = `10.100.${tag}.22`;
    await pre.add({ address, hwaddr: mac(5), subnetId: 1, validLft: 600, reservationId: 'r-pre', resourceId: 'vmif:5' });
    expect((await pre.list()).map((l) => [l['ip-address'], l['user-context']?.ipshadow?.reservation])).toContainEqual([address, 'r-pre']);
    expect(await dora(version, mac(5))).toEqual({ offered: address, leased: address });
    expect(await pre.remove(address)).toBe('deleted');
    expect(await pre.remove(address)).toBe('absent');
  });

  it('counts and drops malformed lines on the event socket without disturbing Kea', async () => {
    const { connect } = await import('node:net');
    await new Promise<void>((resolve) => {
      const s = connect(kea.eventSocket, () => s.end('{"v":1,"type":"bogus"}\nnot json\n'));
      s.on('close', () => resolve());
    });
    await waitFor('malformed count', async () => (server.stats.malformed >= 2 ? true : undefined), 5000);
    expect((await dora(version, mac(6))).leased).not.toBe('');
  });
});

describe('Kea hook library unit and load tests', () => {
  it.each(KEA_VERSIONS)('Kea %s: every unit test passes and every bad parameter fails to load', async (version) => {
    const { stdout } = await promisify(execFile)(`${__dirname}/../../hooks/kea/test.sh`, ['--kea', version, '--no-build'], { timeout: 600000, maxBuffer: 16 << 20 });
    const summary = /hook tests: (\d+) passed, (\d+) failed/.exec(stdout);
    expect(summary?.[2]).toBe('0');
    expect(Number(summary?.[1])).toBeGreaterThanOrEqual(75);
  });
});
