/** (f) Two sidecar processes allocating 20 addresses each at the same time never get the same address. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { App } from '../../src/app';
import { tempSqlite } from './helpers/databases';
import { deleteIps, netboxApp, netboxHttp, shadowRange } from './helpers/netbox';

const run = promisify(execFile);
const worker = join(__dirname, 'helpers', 'allocate-worker.js');

type Allocation = { ipId: number; address: string; at: number };

describe('concurrent allocation from two processes', () => {
  let app: App;
  let allocations: Allocation[] = [];

  beforeAll(async () => {
    app = await netboxApp(tempSqlite().url);
    await app.netbox.setup.run({ tag: 'ipshadow' });
    await deleteIps(netboxHttp(), { tag: 'ipshadow' }, (ip) => String(ip.custom_fields.ipshadow_resource ?? '').startsWith('concurrency-'));
  });
  afterAll(async () => {
    await app.netbox.shadow.remove(allocations.map((a) => a.ipId));
    await app.close();
  });

  it('gives 40 distinct addresses to two workers allocating 20 each in parallel', async () => {
    const range = await shadowRange(netboxHttp());
    const startAt = String(Date.now() + 1500);
    const results = await Promise.all(['a', 'b'].map((label) => run(process.execPath, [worker, String(range.id), '20', label, startAt], { env: process.env })));
    const [a, b] = results.map((r) => JSON.parse(r.stdout) as Allocation[]);
    allocations = [...a!, ...b!];
    expect(a).toHaveLength(20);
    expect(b).toHaveLength(20);
    expect(new Set(allocations.map((x) => x.address)).size).toBe(40);
    expect(new Set(allocations.map((x) => x.ipId)).size).toBe(40);
    // The two runs really overlapped in time, so the test exercised the race.
    const span = (xs: Allocation[]) => [Math.min(...xs.map((x) => x.at)), Math.max(...xs.map((x) => x.at))];
    const [a0, a1] = span(a!);
    const [b0, b1] = span(b!);
    expect(Math.max(a0!, b0!)).toBeLessThan(Math.min(a1!, b1!));
    const tagged = await app.netbox.shadow.list();
    expect(tagged.filter((r) => r.resourceId?.startsWith('concurrency-')).length).toBe(40);
  });
});
