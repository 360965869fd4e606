/** (a) `netbox setup` run twice creates each object exactly once. */
import type { App } from '../../src/app';
import { SHADOW_CUSTOM_FIELDS, STATE_CHOICE_SET } from '../../src/adapters/netbox/shadow-fields';
import { netboxApp, netboxHttp } from './helpers/netbox';
import { tempSqlite } from './helpers/databases';

const TAG = 'ipshadow-setup-test';
const WEBHOOK = 'ipshadow-setup-test';

async function countOf(path: string, filter: Record<string, string>): Promise<number> {
  return (await netboxHttp().get<{ count: number }>(path, { ...filter, limit: 1 })).count;
}

async function removeAll(): Promise<void> {
  const http = netboxHttp();
  for (const [path, filter] of [
    ['/api/extras/event-rules/', { name: `${WEBHOOK}-mirror` }],
    ['/api/extras/webhooks/', { name: WEBHOOK }],
    ['/api/extras/tags/', { slug: TAG }],
  ] as const) {
    for (const o of (await http.get<{ results: Array<{ id: number }> }>(path, filter)).results) await http.request('DELETE', `${path}${o.id}/`);
  }
}

describe('netbox setup against real NetBox', () => {
  let app: App;

  beforeAll(async () => {
    await removeAll();
    const webhook = { name: WEBHOOK, payloadUrl: 'http://127.0.0.1:9/webhooks/netbox', secret: 'setup-test-secret-0123456789' };
    app = await netboxApp(tempSqlite().url, { tag: TAG, webhook });
  });
  afterAll(async () => {
    await removeAll();
    await app.close();
  });

  const options = () => ({ tag: TAG, webhook: { name: WEBHOOK, payloadUrl: 'http://127.0.0.1:9/webhooks/netbox', secret: 'setup-test-secret-0123456789' } });

  it('creates the tag, webhook and event rule on the first run, and changes nothing on the second', async () => {
    const first = await app.netbox.setup.run(options());
    const byObject = (actions: typeof first) => actions.map((a) => `${a.object}:${a.name}:${a.action}`);
    expect(byObject(first)).toEqual(expect.arrayContaining([`tags:${TAG}:created`, `webhooks:${WEBHOOK}:created`, `event-rules:${WEBHOOK}-mirror:created`]));
    const second = await app.netbox.setup.run(options());
    expect(second.map((a) => a.action)).toEqual(second.map(() => 'unchanged'));
    expect(second.map((a) => a.id)).toEqual(first.map((a) => a.id));
  });

  it('leaves exactly one of each object in NetBox', async () => {
    expect(await countOf('/api/extras/tags/', { slug: TAG })).toBe(1);
    expect(await countOf('/api/extras/webhooks/', { name: WEBHOOK })).toBe(1);
    expect(await countOf('/api/extras/event-rules/', { name: `${WEBHOOK}-mirror` })).toBe(1);
    expect(await countOf('/api/extras/custom-field-choice-sets/', { name: STATE_CHOICE_SET })).toBe(1);
    for (const f of SHADOW_CUSTOM_FIELDS) expect(await countOf('/api/extras/custom-fields/', { name: f.name })).toBe(1);
  });

  it('creates custom fields of the right types on ip addresses, and an event rule covering every mirrored type', async () => {
    const fields = await netboxHttp().all<{ id: number; name: string; type: { value: string }; object_types: string[] }>('/api/extras/custom-fields/', { name__isw: 'ipshadow_' });
    expect(Object.fromEntries(fields.map((f) => [f.name, [f.type.value, f.object_types]]))).toEqual({
      ipshadow_resource: ['text', ['ipam.ipaddress']],
      ipshadow_confidence: ['decimal', ['ipam.ipaddress']],
      ipshadow_expires: ['datetime', ['ipam.ipaddress']],
      ipshadow_state: ['select', ['ipam.ipaddress']],
      ipshadow_reservation: ['text', ['ipam.ipaddress']],
    });
    const rule = (await netboxHttp().get<{ results: Array<{ object_types: string[]; event_types: string[] }> }>('/api/extras/event-rules/', { name: `${WEBHOOK}-mirror` })).results[0]!;
    expect([...rule.event_types].sort()).toEqual(['object_created', 'object_deleted', 'object_updated']);
    expect(rule.object_types).toEqual(expect.arrayContaining(['ipam.ipaddress', 'ipam.prefix', 'ipam.iprange', 'virtualization.virtualmachine', 'dcim.macaddress']));
  });

  it('converges a drifted webhook back to the configured URL', async () => {
    const http = netboxHttp();
    const wh = (await http.get<{ results: Array<{ id: number }> }>('/api/extras/webhooks/', { name: WEBHOOK })).results[0]!;
    await http.request('PATCH', `/api/extras/webhooks/${wh.id}/`, { payload_url: 'http://127.0.0.1:9/elsewhere' });
    const actions = await app.netbox.setup.run(options());
    expect(actions.find((a) => a.object === 'webhooks')?.action).toBe('updated');
    expect((await http.get<{ payload_url: string }>(`/api/extras/webhooks/${wh.id}/`)).payload_url).toBe('http://127.0.0.1:9/webhooks/netbox');
  });
});
