/** The built `ipshadow` binary against the real NetBox: exit codes, setup, sync, status and serve. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { BIN, runCli as cli } from './helpers/cli';
import { netboxEnv, netboxHttp, waitFor } from './helpers/netbox';

describe('ipshadow CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-cli-'));
  const config = join(dir, 'ipshadow.yaml');
  const { url, token } = netboxEnv();

  beforeAll(() => {
    if (!existsSync(BIN)) throw new Error('dist/ is missing: run `npm run build` first');
    writeFileSync(config, [
      `store: { url: "sqlite:${join(dir, 'store.db')}" }`,
      'netbox:',
      `  url: ${url}`,
      `  token: "${token}"`,
      '  webhook: { name: ipshadow-cli-test, payloadUrl: "http://127.0.0.1:9/webhooks/netbox", secret: cli-test-secret-0123456789 }',
      'api: { port: 0 }',
      'log: { level: warn }',
    ].join('\n'));
  });
  afterAll(async () => {
    const http = netboxHttp();
    for (const [path, name] of [['/api/extras/event-rules/', 'ipshadow-cli-test-mirror'], ['/api/extras/webhooks/', 'ipshadow-cli-test']]) {
      for (const o of (await http.get<{ results: Array<{ id: number }> }>(path!, { name })).results) await http.request('DELETE', `${path}${o.id}/`);
    }
  });

  it('exits 2 and names the bad key for an invalid config', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, `netbox: { url: ${url}, token: "${token}", retry: { max: -1 } }\nstore: { urll: x }\n`);
    const res = await cli(['-c', bad, 'status']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('ipshadow: invalid config');
    expect(res.stderr).toContain('netbox.retry.max: Too small: expected number to be >=0');
    expect(res.stderr).toContain('store.urll: unknown key');
  });

  it('exits 2 for a bad environment override too', async () => {
    const res = await cli(['-c', config, 'status'], { IPSHADOW_API__PORT: 'eighty' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('api.port: Invalid input: expected number, received string');
  });

  it('runs netbox setup twice; the second run changes nothing', async () => {
    const first = await cli(['-c', config, 'netbox', 'setup', '--json']);
    expect(first.code).toBe(0);
    const second = await cli(['-c', config, 'netbox', 'setup', '--json']);
    const actions = JSON.parse(second.stdout) as Array<{ object: string; action: string }>;
    expect(actions.map((a) => a.object)).toEqual(['tags', 'custom-field-choice-sets', 'custom-fields', 'custom-fields', 'custom-fields', 'custom-fields', 'custom-fields', 'webhooks', 'event-rules']);
    expect(actions.every((a) => a.action === 'unchanged')).toBe(true);
  });

  it('syncs, then reports the mirror in status', async () => {
    const sync = await cli(['-c', config, 'sync', '--no-progress']);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/^nb_ip_addresses\s+\d+ synced\s+0 pruned$/m);
    const status = JSON.parse((await cli(['-c', config, 'status', '--json'])).stdout);
    const ips = (await netboxHttp().get<{ count: number }>('/api/ipam/ip-addresses/', { limit: 1 })).count;
    expect(status.mirror.nb_ip_addresses).toBe(ips);
    expect(status.netbox.reachable).toBe(true);
    expect(status.unfinishedSync).toBeNull();
    expect(status.resources.interfaces).toBeGreaterThanOrEqual(20);
  });

  it('reports NetBox as unreachable without failing status', async () => {
    const res = await cli(['-c', config, 'status', '--json'], { IPSHADOW_NETBOX__URL: 'http://127.0.0.1:9', IPSHADOW_NETBOX__RETRY__MAX: '0' });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).netbox).toMatchObject({ reachable: false, error: expect.stringContaining('ECONNREFUSED') });
  });

  it('serves /healthz and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, '-c', config, 'serve', '--no-initial-sync'], { env: { ...process.env, IPSHADOW_LOG__LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const address = await waitFor('api.listening', async () => /"address":"(http:[^"]+)"/.exec(stderr)?.[1], 20000);
    const health = await axios.get(`${address}/healthz`);
    expect(health.data).toMatchObject({ status: 'ok', store: 'ok' });
    expect(typeof health.data.lastFullSync).toBe('number');
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('"event":"serve.stopping"');
  });
});
