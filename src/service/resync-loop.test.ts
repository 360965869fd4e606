import { buildApp, type App } from '../app';
import { parseConfig } from '../config/load';
import { silentLogger } from '../log/logger';
import { startResyncLoop } from './resync-loop';

describe('resync loop', () => {
  let app: App;

  beforeAll(async () => {
    const config = parseConfig({
      store: { url: 'sqlite::memory:' },
      netbox: { url: 'http://127.0.0.1:9', token: 'nbt_unit.test0000', retry: { max: 0 }, resyncIntervalSec: 0 },
      collect: { enabled: false },
    });
    app = await buildApp(config, silentLogger());
  });
  afterAll(() => app.close());

  const runs = async (result: string) =>
    Number(new RegExp(`ipshadow_sync_runs_total\\{result="${result}"\\} (\\d+)`).exec(await app.metrics.registry.getSingleMetricAsString('ipshadow_sync_runs_total'))?.[1] ?? 0);

  it('counts a failed initial sync, keeps the resume cursor, and keeps running', async () => {
    const loop = startResyncLoop(app, { initialSync: true });
    await loop.idle();
    expect(await runs('error')).toBe(1);
    expect(await app.store.cursors.get('netbox.full_sync')).toMatchObject({ kindIndex: 0, afterId: 0 });
    loop.stop();
  });

  it('re-derives resources once for a burst of webhook changes', async () => {
    await app.store.mirror.upsert('nb_vms', [{ id: 1, name: 'vm1', status: 'active', cluster_id: null, role_id: null, tenant_id: null, site_id: null, tags: '[]', last_updated: null }], 1);
    await app.store.mirror.upsert('nb_vm_interfaces', [{ id: 7, parent_id: 1, name: 'eth0', enabled: 1, primary_mac_id: 9, tags: '[]', last_updated: null }], 1);
    await app.store.mirror.upsert('nb_mac_addresses', [{ id: 9, mac_address: '02:00:00:00:00:07', assigned_object_type: 'virtualization.vminterface', assigned_object_id: 7, last_updated: null }], 1);
    const refresh = jest.spyOn(app, 'refreshResources');
    const loop = startResyncLoop(app, { initialSync: false, debounceMs: 20 });
    for (let i = 0; i < 5; i++) loop.markDirty();
    await new Promise((r) => setTimeout(r, 60));
    await loop.idle();
    loop.stop();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect((await app.store.resources.list()).map((r) => [r.id, r.mac])).toEqual([['vmif:7', '02:00:00:00:00:07']]);
  });
});
