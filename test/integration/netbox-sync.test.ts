/** (b) A full sync of the seeded NetBox matches NetBox exactly, on SQLite and PostgreSQL; it resumes after failures. */
import type { App } from '../../src/app';
import { FULL_SYNC_CURSOR, MIRROR_KINDS, NetBoxHttp, type MirrorKind } from '../../src/adapters/netbox';
import { FullSync } from '../../src/adapters/netbox/sync';
import { silentLogger } from '../../src/log/logger';
import { BACKENDS, tempSqlite, type TempDb } from './helpers/databases';
import { deleteIps, netboxApp, netboxHttp } from './helpers/netbox';

/** NetBox's own view of a kind, parsed the same way, keyed by id. */
async function netboxRows(kind: MirrorKind): Promise<unknown[]> {
  const raw = await netboxHttp().all<{ id: number }>(kind.path, kind.params);
  return raw.map((r) => kind.parse(r)).sort((a, b) => a.id - b.id);
}

async function storeRows(app: App, kind: MirrorKind): Promise<unknown[]> {
  return (await app.store.mirror.list(kind.table)).map(({ seen_at: _seen, ...row }) => row);
}

describe.each(BACKENDS)('full sync into %s', (label, makeDb) => {
  let temp: TempDb;
  let app: App;

  beforeAll(async () => {
    temp = await makeDb('sync');
    app = await netboxApp(temp.url, { pageSize: 100 });
  });
  afterAll(async () => {
    await app.close();
    await temp.drop();
  });

  it('mirrors every object of every kind exactly', async () => {
    const reports = await app.netbox.sync.run();
    expect(reports.map((r) => r.table)).toEqual(MIRROR_KINDS.map((k) => k.table));
    for (const kind of MIRROR_KINDS) {
      expect({ table: kind.table, rows: await storeRows(app, kind) }).toEqual({ table: kind.table, rows: await netboxRows(kind) });
    }
    expect(await app.store.cursors.get(FULL_SYNC_CURSOR)).toBeUndefined();
  });

  it('holds at least the seeded volume: 3 prefixes, 2 ranges, 200 IPs, 20 VMs with interfaces and MACs', async () => {
    expect(await app.store.mirror.count('nb_prefixes')).toBeGreaterThanOrEqual(3);
    expect(await app.store.mirror.count('nb_ip_ranges')).toBeGreaterThanOrEqual(2);
    expect(await app.store.mirror.count('nb_ip_addresses')).toBeGreaterThanOrEqual(200);
    expect(await app.store.mirror.count('nb_vms')).toBeGreaterThanOrEqual(20);
    const counts = await app.refreshResources();
    const vmResources = (await app.store.resources.list('interface')).filter((r) => r.parentType === 'vm');
    expect(vmResources.length).toBeGreaterThanOrEqual(20);
    expect(vmResources.every((r) => /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(r.mac ?? ''))).toBe(true);
    expect(counts.groups).toBeGreaterThan(0);
  });

  it('prunes an object deleted in NetBox on the next full sync', async () => {
    const http = netboxHttp();
    const address = '192.0.2.250/32';
    await deleteIps(http, { address }, (ip) => ip.address === address);
    const [created] = await http.request<Array<{ id: number }>>('POST', '/api/ipam/ip-addresses/', [{ address, description: `prune-test-${label}` }]);
    await app.netbox.sync.run();
    expect(await app.store.mirror.get('nb_ip_addresses', created!.id)).toBeDefined();
    await http.request('DELETE', `/api/ipam/ip-addresses/${created!.id}/`);
    const reports = await app.netbox.sync.run();
    expect(reports.find((r) => r.table === 'nb_ip_addresses')?.pruned).toBe(1);
    expect(await app.store.mirror.get('nb_ip_addresses', created!.id)).toBeUndefined();
  });
});

describe('full sync failure and resume', () => {
  it('fails with a clear error after backoff when NetBox is unreachable, and keeps nothing half-done', async () => {
    const temp = tempSqlite();
    const app = await netboxApp(temp.url, { url: 'http://127.0.0.1:9', retry: { max: 2, baseMs: 10, maxMs: 20 } });
    const started = Date.now();
    await expect(app.netbox.sync.run()).rejects.toMatchObject({
      code: 'NETBOX_UNREACHABLE',
      message: expect.stringMatching(/^NetBox unreachable at http:\/\/127\.0\.0\.1:9 \(GET \/api\/extras\/tags\/: ECONNREFUSED\) after 3 attempt\(s\)$/),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(10);
    expect(await app.store.cursors.get(FULL_SYNC_CURSOR)).toMatchObject({ kindIndex: 0, afterId: 0 });
    await app.close();
  });

  it('resumes an interrupted sync from its cursor and ends identical to NetBox', async () => {
    const temp = tempSqlite();
    const app = await netboxApp(temp.url, { pageSize: 50 });
    // A client that dies on its 9th page, as if NetBox went away mid-sync.
    const real = app.netbox.http;
    let pages = 0;
    const flaky = Object.create(real) as NetBoxHttp;
    flaky.get = async <T>(path: string, params?: Record<string, unknown>) => {
      if (++pages === 9) throw Object.assign(new Error('simulated outage'), { code: 'NETBOX_UNREACHABLE' });
      return real.get<T>(path, params);
    };
    await expect(new FullSync(flaky, app.store, silentLogger()).run()).rejects.toThrow('simulated outage');
    const cursor = await app.store.cursors.get<{ kindIndex: number; afterId: number; startedAt: number }>(FULL_SYNC_CURSOR);
    expect(cursor).toBeDefined();
    const reports = await app.netbox.sync.run();
    // The resumed run starts at the kind it stopped in, not from the beginning.
    expect(reports[0]?.table).toBe(MIRROR_KINDS[cursor!.kindIndex]!.table);
    for (const kind of MIRROR_KINDS) expect(await storeRows(app, kind)).toEqual(await netboxRows(kind));
    await app.close();
  });
});
