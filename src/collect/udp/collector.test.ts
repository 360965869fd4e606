import { datagramsOf } from '../../../test/fixtures/flows/shared-captures';
import { MemoryTemplateStore, type FlowRecord, type FlowType } from '../decoders';
import { CollectStats, key2 } from '../stats';
import { exporterKey, FlowCollector } from './collector';
import { ExporterTable } from './exporter-table';

const NETFLOW: ReadonlySet<FlowType> = new Set<FlowType>(['netflow_v5', 'netflow_v9', 'ipfix']);
const listener = { name: 'netflow', protocols: NETFLOW };

function setup(limits: ConstructorParameters<typeof ExporterTable>[0] = {}) {
  const stats = new CollectStats();
  const out: FlowRecord[] = [];
  const collector = new FlowCollector({ templates: new MemoryTemplateStore(), exporters: new ExporterTable(limits), stats, sink: (rs) => out.push(...rs), now: () => 1000 });
  return { stats, out, collector };
}

describe('FlowCollector', () => {
  it('decodes real softflowd v9 export and counts datagrams, bytes and records', () => {
    const { stats, out, collector } = setup();
    const dgs = datagramsOf('exported/softflowd-v9.pcap');
    for (const d of dgs) collector.handle(d.payload, d.srcAddr, d.srcPort, listener, Math.floor(d.tsMs));
    expect(out).toHaveLength(20);
    expect(out.reduce((a, r) => a + r.bytes, 0)).toBe(531275);
    expect(out.every((r) => r.exporter === `127.0.0.1:${dgs[0]?.srcPort}`)).toBe(true);
    expect(stats.datagrams.get(key2('netflow', 'netflow_v9'))).toBe(dgs.length);
    expect(stats.datagramBytes.get('netflow')).toBe(dgs.reduce((a, d) => a + d.payload.length, 0));
    expect(stats.records.get('netflow_v9')).toBe(20);
    expect(stats.errors.total()).toBe(0);
  });

  it('counts template misses when data comes before its template (a v9 exporter seen mid-stream)', () => {
    const { stats, out, collector } = setup();
    // v9 header (count 1, source id 7) + one data flowset for template 300 that was never announced
    const dataOnly = Buffer.from('0009000100000000000000000000000100000007' + '012c000c' + '0102030405060708', 'hex');
    collector.handle(dataOnly, '192.0.2.9', 9, listener);
    expect(out).toHaveLength(0);
    expect(stats.drops.get('template_missing')).toBe(1);
    expect(stats.templateMisses.get('netflow_v9')).toBeGreaterThan(0);
    expect(stats.errors.get(key2('netflow_v9', 'template_missing'))).toBe(stats.templateMisses.get('netflow_v9'));
  });

  it('counts and drops malformed datagrams, unknown versions and protocols the listener does not take, without throwing', () => {
    const { stats, out, collector } = setup();
    const v5 = datagramsOf('exported/softflowd-v5.pcap')[0]!.payload;
    const sflow = datagramsOf('exported/pmacct-sfprobe-file-sflow5-s10.pcap')[0]!.payload;
    collector.handle(v5.subarray(0, 30), '192.0.2.1', 1, listener);
    collector.handle(Buffer.from('00ff00000000', 'hex'), '192.0.2.1', 1, listener);
    collector.handle(Buffer.alloc(0), '192.0.2.1', 1, listener);
    collector.handle(sflow, '192.0.2.1', 1, listener);
    expect(out).toHaveLength(0);
    expect(Object.fromEntries(stats.drops.map)).toEqual({ malformed: 3, unexpected_protocol: 1 });
    expect(Object.fromEntries(stats.errors.map)).toEqual({ [key2('netflow_v5', 'truncated')]: 1, [key2('unknown', 'bad_version')]: 1, [key2('unknown', 'truncated')]: 1 });
    expect(stats.datagrams.get(key2('netflow', 'sflow_v5'))).toBe(1);
  });

  it('refuses exporters past the cap and datagrams past the per-exporter rate', () => {
    const v5 = datagramsOf('exported/softflowd-v5.pcap')[0]!.payload;
    const capped = setup({ max: 1 });
    capped.collector.handle(v5, '192.0.2.1', 1, listener);
    capped.collector.handle(v5, '192.0.2.2', 1, listener);
    expect([capped.out.length, capped.stats.drops.get('exporter_cap')]).toEqual([20, 1]);
    const limited = setup({ maxDatagramsPerSec: 2 });
    for (let i = 0; i < 5; i++) limited.collector.handle(v5, '192.0.2.1', 1, listener, 1000);
    limited.collector.handle(v5, '192.0.2.1', 1, listener, 2000);
    expect([limited.out.length, limited.stats.drops.get('rate_limit')]).toEqual([60, 3]);
  });

  it('keys exporters by address and port, IPv4-mapped IPv6 as IPv4', () => {
    expect([exporterKey('192.0.2.1', 2055), exporterKey('::ffff:192.0.2.1', 2055), exporterKey('2001:db8::1', 9)]).toEqual(['192.0.2.1:2055', '192.0.2.1:2055', '[2001:db8::1]:9']);
  });

  it('survives a sink that throws', () => {
    const stats = new CollectStats();
    const c = new FlowCollector({ templates: new MemoryTemplateStore(), exporters: new ExporterTable(), stats, sink: () => { throw new Error('boom'); } });
    expect(c.handle(datagramsOf('exported/softflowd-v5.pcap')[0]!.payload, '192.0.2.1', 1, listener)).toBe(20);
    expect(stats.drops.get('sink_error')).toBe(1);
  });
});
