/** @module NetBox access for benchmarks: the test stack's env file, and a scratch prefix seeded with N addresses. */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { NetBoxBulk, NetBoxHttp } from '../../src/adapters/netbox';
import { createLogger } from '../../src/log/logger';
import { formatV4, parseIp } from '../../src/core/ip';

/** Loads NETBOX_URL and NETBOX_TOKEN from the stack's env file unless already set. */
export function netboxEnv(): { url: string; token: string } {
  const file = join(process.env.IPSHADOW_CACHE ?? join(homedir(), '.cache', 'ipshadow'), 'netbox.env');
  const vars = Object.fromEntries(readFileSync(file, 'utf8').split('\n').map((l) => /^([A-Z0-9_]+)="?(.*?)"?$/.exec(l)).filter((m) => m).map((m) => [m![1], m![2]]));
  return { url: process.env.NETBOX_URL ?? vars.NETBOX_URL!, token: process.env.NETBOX_TOKEN ?? vars.NETBOX_TOKEN! };
}

/** An HTTP client against the test NetBox. */
export function benchHttp(pageSize = 1000): NetBoxHttp {
  const { url, token } = netboxEnv();
  return new NetBoxHttp({ url, token, timeoutMs: 120000, pageSize, retry: { max: 5, baseMs: 200, maxMs: 4000 }, log: createLogger('warn') });
}

/** Ensures `prefix` exists and holds exactly `count` bench IPs from its start; returns their ids. */
export async function seedScratchIps(http: NetBoxHttp, prefix: string, count: number, tag = 'bench'): Promise<number[]> {
  const bulk = new NetBoxBulk(http);
  if ((await http.get<{ count: number }>('/api/extras/tags/', { slug: tag })).count === 0) {
    await http.request('POST', '/api/extras/tags/', { name: tag, slug: tag });
  }
  if ((await http.get<{ count: number }>('/api/ipam/prefixes/', { prefix })).count === 0) {
    await http.request('POST', '/api/ipam/prefixes/', { prefix, status: 'active', description: 'ipshadow benchmark scratch' });
  }
  const existing = await http.all<{ id: number }>('/api/ipam/ip-addresses/', { parent: prefix, tag });
  if (existing.length === count) return existing.map((e) => e.id);
  await bulk.remove('/api/ipam/ip-addresses/', existing.map((e) => e.id));
  const base = parseIp(prefix)!.value;
  const len = prefix.split('/')[1];
  const bodies = Array.from({ length: count }, (_, i) => ({ address: `${formatV4(base + BigInt(i + 1))}/${len}`, status: 'active', tags: [{ slug: tag }] }));
  return (await bulk.create<{ id: number }>('/api/ipam/ip-addresses/', bodies)).map((c) => c.id);
}

/** Deletes the scratch IPs and prefix. */
export async function removeScratch(http: NetBoxHttp, prefix: string, tag = 'bench'): Promise<void> {
  const bulk = new NetBoxBulk(http);
  await bulk.remove('/api/ipam/ip-addresses/', (await http.all<{ id: number }>('/api/ipam/ip-addresses/', { parent: prefix, tag })).map((e) => e.id));
  await bulk.remove('/api/ipam/ip-ranges/', (await http.all<{ id: number }>('/api/ipam/ip-ranges/', { parent: prefix })).map((e) => e.id));
  await bulk.remove('/api/ipam/prefixes/', (await http.all<{ id: number }>('/api/ipam/prefixes/', { prefix })).map((e) => e.id));
}
