/**
 * Issue 3, events-only mode (no groups: the hook registers pkt4_send and the lease callouts, no pkt4_receive and no
 * lease4_select) against real kea-dhcp4 2.2 and 2.6 and real udhcpc clients. The lease4_committed line is read from the
 * ACK; on Kea 2.2 it carries subnet 0, and the sidecar finds the subnet in Kea's own config (config-get), as `serve` does.
 */
import { openStore, type Store } from '../../src/store';
import { silentLogger } from '../../src/log/logger';
import { KeaEventServer, KeaSubnetTable, storeSink, unixControl } from '../../src/adapters/kea';
import { tempSqlite } from './helpers/databases';
import { KEA_VERSIONS, dora, keaStatus, stack, type KeaVersion } from './helpers/kea';
import { waitFor } from './helpers/netbox';

describe.each(KEA_VERSIONS)('Kea %s with the ipshadow hook in events-only mode', (version: KeaVersion) => {
  const tag = version.replace('.', '');
  let store: Store;
  let server: KeaEventServer;
  const subnets = new KeaSubnetTable();
  const raw: number[] = [];
  const mac = (n: number) => `0e:${tag}:00:00:00:${n.toString(16).padStart(2, '0')}`;

  const waitEvent = (type: string, hwaddr: string) =>
    waitFor(`kea.${type} event`, async () => (await store.events.list({ type: `kea.${type}`, limit: 100000 })).find((e) => e.payload.hwaddr === hwaddr), 20000);

  beforeAll(async () => {
    await stack('kea.sh', ['--kea', version, 'down']);
    const kea = await keaStatus(version);
    store = await openStore(tempSqlite().url);
    const sink = storeSink(store, () => () => null);
    server = new KeaEventServer({
      path: kea.eventSocket, log: silentLogger(), flushMs: 20,
      sink: async (batch) => {
        // What the hook sent, before the sidecar fills the subnet in.
        raw.push(...batch.filter((e) => e.type === 'lease4_committed').map((e) => e.subnet_id));
        subnets.fill(batch);
        await sink(batch);
      },
    });
    await server.start();
    await stack('kea.sh', ['--kea', version, 'up', '--groups', '[]']);
    expect(await subnets.learn(unixControl(kea.controlSocket), [])).toBe(1);
  });
  afterAll(async () => {
    await stack('kea.sh', ['--kea', version, 'down']).catch(() => undefined);
    await server?.stop();
    await store?.close();
  });

  it('stores committed and release events with the right address, MAC, hostname, subnet and lifetime', async () => {
    const got = await dora(version, mac(1), '--hostname', `evt-${tag}`, '--release');
    expect(got.leased).toMatch(/^10\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./);
    const committed = await waitEvent('lease4_committed', mac(1));
    expect(committed.payload).toMatchObject({
      kind: 'allocation', address: got.leased, hwaddr: mac(1), hostname: `evt-${tag}`, subnetId: 1, validLft: 3600, group: null, classes: expect.not.arrayContaining(['IPORDINARY']), // no pkt4_receive: nothing classified it,
    });
    const release = await waitEvent('lease4_release', mac(1));
    expect(release.payload).toMatchObject({ kind: 'release', address: got.leased, subnetId: 1 });
    // Kea 2.6's pkt4_send names the subnet; 2.2's does not, so its line says 0 and the sidecar's table answered.
    expect(raw.at(-1)).toBe(version === '2.2' ? 0 : 1);
  });
});
