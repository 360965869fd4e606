/** @module Re-derives resources from the stored mirror and replaces them in the store. */
import type { Log } from '../log/logger';
import type { Store } from '../store';
import { deriveResources, type DeriveRules, type MirrorSnapshot } from './derive';

const TABLES = ['nb_vms', 'nb_devices', 'nb_vm_interfaces', 'nb_device_interfaces', 'nb_mac_addresses', 'nb_ip_addresses', 'nb_prefixes', 'nb_ip_ranges', 'nb_tenants', 'nb_device_roles', 'nb_clusters'] as const;

/** Reads the mirror, derives resources by the rules and stores them; returns the counts. */
export async function refreshResources(store: Store, rules: DeriveRules, log: Log): Promise<{ interfaces: number; groups: number }> {
  const entries = await Promise.all(TABLES.map(async (t) => [t, await store.mirror.list(t)] as const));
  const snapshot = Object.fromEntries(entries) as unknown as MirrorSnapshot;
  const { resources, members } = deriveResources(snapshot, rules);
  await store.resources.replaceAll(resources, members);
  const counts = { interfaces: resources.filter((r) => r.kind === 'interface').length, groups: resources.filter((r) => r.kind === 'group').length };
  log.info('resources.derived', counts);
  return counts;
}
