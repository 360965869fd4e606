import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { goflowLine } from '../../test/fixtures/flows/goflow2-lines';
import { LAB_MAP_INPUT } from '../../test/fixtures/flows/lab-resources';
import { capturePath, datagramsOf } from '../../test/fixtures/flows/shared-captures';
import { configSchema } from '../config/schema';
import { silentLogger } from '../log/logger';
import type { BucketDelta, UnknownDelta } from './aggregate';
import { decodeDatagram, MemoryTemplateStore } from './decoders';
import { CollectService, type TelemetryStore } from './service';

/** An in-memory TelemetryStore that sums what it is given (a fake of the store's TelemetryRepo). */
class FakeStore implements TelemetryStore {
  buckets = new Map<string, BucketDelta>();
  unknown: UnknownDelta[] = [];
  failNext = false;
  async addBuckets(rows: readonly BucketDelta[]): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('store down');
    }
    for (const r of rows) {
      const k = `${r.resourceId}@${r.bucketMs}`;
      const o = this.buckets.get(k);
      this.buckets.set(k, o === undefined ? { ...r } : { ...o, bytes: o.bytes + r.bytes, packets: o.packets + r.packets, flows: o.flows + r.flows });
    }
  }
  async addUnknown(rows: readonly UnknownDelta[]): Promise<void> {
    this.unknown.push(...rows);
  }
  async prune() {
    return { buckets: 0, metrics: 0, unknown: 0 };
  }
  total(id: string): [number, number, number] {
    const rs = [...this.buckets.values()].filter((b) => b.resourceId === id);
    return [rs.reduce((a, b) => a + b.bytes, 0), rs.reduce((a, b) => a + b.packets, 0), rs.reduce((a, b) => a + b.flows, 0)];
  }
}

const collect = (extra: object = {}) => configSchema.parse({ netbox: { url: 'http://127.0.0.1:8000', token: 'nbt_abc.defghijk' }, collect: { enabled: false, ...extra } }).collect;

describe('collect config', () => {
  it('defaults to NetFlow/IPFIX on 2055, IPFIX on 4739 and sFlow on 6343, keeping every record', () => {
    const c = configSchema.parse({ netbox: { url: 'http://127.0.0.1:8000', token: 'nbt_abc.defghijk' } }).collect;
    expect(c.listeners.map((l) => [l.name, l.port, l.protocols])).toEqual([
      ['netflow', 2055, ['netflow_v5', 'netflow_v9', 'ipfix']], ['ipfix', 4739, ['ipfix']], ['sflow', 6343, ['sflow_v5']],
    ]);
    expect([c.sampling.ingestOneIn, c.templates.maxPerExporter, c.retention.bucketsDays, c.leadPorts.dhcp]).toEqual([1, 1000, 30, [67, 68]]);
  });

  it('rejects a bad provisioning host and a zero ingest rate, naming the path', () => {
    const r = configSchema.safeParse({ netbox: { url: 'http://127.0.0.1:8000', token: 'nbt_abc.defghijk' }, collect: { provisioning: { hosts: ['nope'] }, sampling: { ingestOneIn: 0 } } });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.')).sort()).toEqual(['collect.provisioning.hosts.0', 'collect.sampling.ingestOneIn']);
  });
});

describe('CollectService', () => {
  it('ingests a capture of flow export and one of raw traffic, and flushes the same totals for both', async () => {
    const store = new FakeStore();
    const registry = new Registry();
    const svc = new CollectService({ config: collect(), store, log: silentLogger(), loadMap: async () => LAB_MAP_INPUT, registry });
    await svc.start();
    const flow = svc.ingestPcap(readFileSync(capturePath('exported/softflowd-v9.pcap')));
    expect(flow).toMatchObject({ format: 'pcap', flowDatagrams: 1, flowRecords: 20, trafficRecords: 0, errors: [] });
    await svc.flush();
    expect(store.total('vmif:1')).toEqual([531275, 539, 20]);
    const raw = svc.ingestPcap(readFileSync(capturePath('exported/source-traffic.pcap')));
    expect(raw).toMatchObject({ packets: 541, flowDatagrams: 0, trafficRecords: 20, skipped: 2 });
    await svc.flush();
    expect(store.total('group:tag:lab')).toEqual([2 * 531275, 2 * 539, 40]);
    expect(await registry.getSingleMetricAsString('ipshadow_collect_records_total')).toContain('ipshadow_collect_records_total{protocol="netflow_v9"} 20');
    await svc.stop();
  });

  it('keeps deltas when the store fails and writes them at the next flush', async () => {
    const store = new FakeStore();
    const svc = new CollectService({ config: collect(), store, log: silentLogger(), loadMap: async () => LAB_MAP_INPUT });
    await svc.start();
    svc.ingestPcap(readFileSync(capturePath('exported/softflowd-v5.pcap')));
    store.failNext = true;
    await svc.flush();
    expect(store.buckets.size).toBe(0);
    expect(svc.stats.flushes.get('error')).toBe(1);
    await svc.stop();
    expect(store.total('vmif:2')).toEqual([531275, 539, 20]);
  });

  it('reads a goflow2 JSON-lines file into the same buckets as the datagrams it was made from', async () => {
    const store = new MemoryTemplateStore();
    const records = datagramsOf('exported/softflowd-v10.pcap').flatMap((d) => decodeDatagram(d.payload, 'x', store, { receivedMs: Math.floor(d.tsMs) }).records);
    const file = join(mkdtempSync(join(tmpdir(), 'ipshadow-goflow-')), 'flows.json');
    writeFileSync(file, `${records.map((r) => goflowLine(r)).join('\n')}\nnot json\n`);
    const sink = new FakeStore();
    const svc = new CollectService({ config: collect(), store: sink, log: silentLogger(), loadMap: async () => LAB_MAP_INPUT });
    await svc.start();
    expect(await svc.ingestGoflowFile(file)).toEqual({ lines: 21, records: 20, bad: 1 });
    await svc.stop();
    expect(sink.total('vmif:1')).toEqual([531275, 539, 20]);
  });
});
