/**
 * End to end on both store backends: real softflowd exports the shared source pcap over UDP (NetFlow v9 unsampled,
 * then IPFIX sampling 1 in 10) to the collect service's listener; the service maps flows to the lab resources from
 * the store's mirror and writes minute buckets. Bucket totals must equal softflowd's own per-protocol totals, the
 * sampled run multiplied by the rate the exporter announced.
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Registry } from 'prom-client';
import { configSchema } from '../../src/config/schema';
import { CollectService } from '../../src/collect/service';
import { resourceMapInput } from '../../src/collect/store-source';
import { silentLogger } from '../../src/log/logger';
import { openStore, type Store } from '../../src/store';
import { LAB_MAP_INPUT } from '../fixtures/flows/lab-resources';
import { capturePath } from '../fixtures/flows/shared-captures';
import { runTool } from '../fixtures/flows/tools';
import { BACKENDS, type TempDb } from './helpers/databases';

jest.setTimeout(60_000);
const SOURCE = capturePath('exported/source-traffic.pcap');
const MINUTE = Date.UTC(2026, 10, 24, 10, 18);

/** softflowd's own "Per-protocol statistics" totals (octets, packets) from its -d output. */
function ownTotals(out: string): { bytes: number; packets: number } {
  let bytes = 0;
  let packets = 0;
  for (const m of out.matchAll(/^\s+\w+ \(\d+\):\s+(\d+)\s+(\d+)\s/gm)) {
    bytes += Number(m[1]);
    packets += Number(m[2]);
  }
  return { bytes, packets };
}

async function softflowd(port: number, version: number, rate: number): Promise<{ bytes: number; packets: number; flows: number }> {
  const args = ['-r', SOURCE, '-a', '-n', `127.0.0.1:${port}`, '-v', String(version), '-d', '-c', 'none', '-p', join(tmpdir(), `ipshadow-e2e-${version}.pid`)];
  const r = await runTool('softflowd', rate > 1 ? [...args, '-s', String(rate)] : args, 20000);
  if (r.code !== 0) throw new Error(`softflowd: ${r.code} ${r.out}`);
  const flows = Number(/Flows exported: \d+ \((\d+) records\)/.exec(r.out)?.[1]);
  return { ...ownTotals(r.out), flows };
}

async function until(cond: () => boolean, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

describe.each(BACKENDS)('softflowd → UDP → collector → buckets on %s', (label, makeDb) => {
  let temp: TempDb;
  let store: Store;

  beforeAll(async () => {
    temp = await makeDb('collect_e2e');
    store = await openStore(temp.url);
    await store.resources.replaceAll(LAB_MAP_INPUT.resources, LAB_MAP_INPUT.members);
    await store.mirror.upsert('nb_prefixes', [{
      id: 1, prefix: '10.77.0.0/16', family: 4, vrf_id: null, status: 'active', role_id: null, tenant_id: null, is_pool: 0,
      description: 'lab', tags: '[]', custom_fields: '{}', last_updated: null,
    }], Date.now());
  });
  afterAll(async () => {
    await store.close();
    await temp.drop();
  });

  it('stores per-resource totals equal to the exporter\'s own after sampling correction', async () => {
    const config = configSchema.parse({
      netbox: { url: 'http://127.0.0.1:8000', token: 'nbt_abc.defghijk' },
      collect: {
        listeners: [{ name: 'netflow', host: '127.0.0.1', port: 0, protocols: ['netflow_v5', 'netflow_v9', 'ipfix'], recvBufferBytes: 0 }],
        provisioning: { hosts: ['10.77.0.1/32'], ports: [8080] },
      },
    }).collect;
    const registry = new Registry();
    const svc = new CollectService({ config, store: store.telemetry, log: silentLogger(), loadMap: () => resourceMapInput(store), registry });
    await svc.start();
    try {
      const port = svc.listeners[0]!.address().port;
      const plain = await softflowd(port, 9, 1);
      await until(() => svc.stats.records.total() >= plain.flows);
      const sampled = await softflowd(port, 10, 10);
      await until(() => svc.stats.records.total() >= plain.flows + sampled.flows);
      expect([plain.bytes, plain.packets, plain.flows]).toEqual([531275, 539, 20]);
      expect(sampled.packets).toBeGreaterThan(0);
      const expected = { bytes: plain.bytes + 10 * sampled.bytes, packets: plain.packets + 10 * sampled.packets, flows: plain.flows + sampled.flows };
      const text = await registry.metrics();
      await svc.stop();

      const totals = await store.telemetry.totals(MINUTE - 3600_000, MINUTE + 3600_000);
      expect(totals).toEqual(['group:tag:lab', 'vmif:1', 'vmif:2'].map((resourceId) => ({ resourceId, ...expected, buckets: 1 })));
      const [bucket] = await store.telemetry.buckets('vmif:2', MINUTE, MINUTE + 60_000);
      expect(bucket).toMatchObject({ peers: 1, new_peers: 1, dhcp_packets: 0, dns_packets: 0 });
      expect(bucket!.prov_bytes).toBeGreaterThan(0.9 * expected.bytes); // HTTP to the provisioning host dominates
      expect(await store.telemetry.topUnknown(10)).toEqual([]);
      expect(text).toContain(`ipshadow_collect_records_total{protocol="netflow_v9"} ${plain.flows}`);
      expect(text).toContain(`ipshadow_collect_records_total{protocol="ipfix"} ${sampled.flows}`);
      expect(text).toContain('ipshadow_collect_exporters 2');
      expect(text).toMatch(/ipshadow_collect_socket_drops\{listener="netflow"\} 0/);
    } finally {
      await svc.stop();
    }
  });
});
