/** @module Test access to the real NetBox started by test/stack/netbox.sh (URL and token from its env file). */
import { buildApp, type App } from '../../../src/app';
import { parseConfig } from '../../../src/config/load';
import type { ConfigInput } from '../../../src/config/schema';
import { silentLogger } from '../../../src/log/logger';
import { NetBoxHttp, type ShadowRecord } from '../../../src/adapters/netbox';

/** NetBox URL and token; fails loudly when the stack is not up (integration tests never skip). */
export function netboxEnv(): { url: string; token: string; tokenV1: string | undefined } {
  const url = process.env.NETBOX_URL;
  const token = process.env.NETBOX_TOKEN;
  if (!url || !token) throw new Error('NETBOX_URL/NETBOX_TOKEN not set: run `test/stack/netbox.sh up && test/stack/netbox.sh seed` first');
  return { url, token, tokenV1: process.env.NETBOX_TOKEN_V1 || undefined };
}

/** A raw client for assertions made directly against NetBox. */
export function netboxHttp(token = netboxEnv().token): NetBoxHttp {
  return new NetBoxHttp({ url: netboxEnv().url, token, timeoutMs: 30000, pageSize: 1000, retry: { max: 3, baseMs: 200, maxMs: 2000 }, log: silentLogger() });
}

/** Builds an app against the real NetBox with a given store URL and config overrides. */
export async function netboxApp(storeUrl: string, netbox: Partial<ConfigInput['netbox']> = {}, rest: Omit<ConfigInput, 'netbox' | 'store'> = {}): Promise<App> {
  const { url, token } = netboxEnv();
  const config = parseConfig({ ...rest, store: { url: storeUrl }, netbox: { ...netbox, url: netbox.url ?? url, token: netbox.token ?? token } });
  return buildApp(config, silentLogger());
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The seeded shadow IP range (described as the ipshadow shadow range by the seed script). */
export async function shadowRange(http: NetBoxHttp): Promise<{ id: number; start_address: string; end_address: string; size: number }> {
  const ranges = await http.all<{ id: number; start_address: string; end_address: string; size: number; description: string }>('/api/ipam/ip-ranges/');
  const range = ranges.find((r) => /shadow/i.test(r.description));
  if (!range) throw new Error('seeded shadow IP range not found (run test/stack/netbox.sh seed)');
  return range;
}

type IpRow = { id: number; address: string; custom_fields: Record<string, unknown> };

/**
 * Deletes IP records that match a server-side filter AND a client-side check: leftovers of an interrupted run.
 * NetBox silently ignores filters it does not know, so the check is what keeps a typo from deleting every IP.
 */
export async function deleteIps(http: NetBoxHttp, filter: Record<string, string>, keep: (ip: IpRow) => boolean): Promise<void> {
  const ids = (await http.all<IpRow>('/api/ipam/ip-addresses/', filter)).filter(keep).map((ip) => ip.id);
  if (ids.length) await http.request('DELETE', '/api/ipam/ip-addresses/', ids.map((id) => ({ id })));
}

/** The shadow records (tag ipshadow) of the resources `owns` accepts, read straight from NetBox. */
export async function shadowRecordsOf(owns: (resourceId: string) => boolean): Promise<ShadowRecord[]> {
  const app = await netboxApp('sqlite::memory:');
  try {
    return (await app.netbox.shadow.list()).filter((r) => r.resourceId !== null && owns(r.resourceId));
  } finally {
    await app.close();
  }
}

/** Readies NetBox for a live test: ipshadow's tag and fields set up, and leftovers of the test's resources removed. */
export async function prepareLiveNetbox(owns: (resourceId: string) => boolean): Promise<void> {
  const app = await netboxApp('sqlite::memory:');
  try {
    await app.netbox.setup.run({ tag: 'ipshadow' });
    await app.netbox.shadow.remove((await shadowRecordsOf(owns)).map((r) => r.ipId));
  } finally {
    await app.close();
  }
}
