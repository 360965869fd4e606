import { LAB_MAP_INPUT } from '../../test/fixtures/flows/lab-resources';
import { datagramsOf } from '../../test/fixtures/flows/shared-captures';
import type { BucketDelta } from './aggregate';
import { emptyRecord, MemoryTemplateStore, type FlowType } from './decoders';
import { ResourceMap } from './mapping';
import { FlowPipeline } from './pipeline';
import { ExporterRates, IngestSampler, seededRandom } from './sampling';
import { CollectStats } from './stats';
import { ExporterTable, FlowCollector } from './udp';

let lastUnknown: Array<{ address: string; flows: number; bytes: number }> = [];
const ALL = { name: 'test', protocols: new Set<FlowType>(['netflow_v5', 'netflow_v9', 'ipfix', 'sflow_v5']) };

/** Run a capture's datagrams through collector and pipeline; totals per resource. */
function run(capture: string, pipeline: FlowPipeline): Record<string, { bytes: number; packets: number; flows: number }> {
  const collector = new FlowCollector({ templates: new MemoryTemplateStore(), exporters: new ExporterTable(), stats: new CollectStats(), sink: (rs) => pipeline.write(rs) });
  for (const d of datagramsOf(capture)) collector.handle(d.payload, d.srcAddr, d.srcPort, ALL, Math.floor(d.tsMs));
  const out: Record<string, { bytes: number; packets: number; flows: number }> = {};
  const flushed = pipeline.aggregator.flush();
  lastUnknown = flushed.unknown.map((u) => ({ address: u.address, flows: u.flows, bytes: u.bytes }));
  for (const b of flushed.buckets as BucketDelta[]) {
    const t = (out[b.resourceId] ??= { bytes: 0, packets: 0, flows: 0 });
    t.bytes += b.bytes;
    t.packets += b.packets;
    t.flows += b.flows;
  }
  return out;
}

describe('FlowPipeline over real captures', () => {
  const map = new ResourceMap(LAB_MAP_INPUT);

  it.each(['softflowd-v5', 'softflowd-v9', 'softflowd-v10', 'nfreplay-v9', 'pmacct-live-nfprobe-ipfix'])('%s: each host and the group see the ground truth once', (name) => {
    const p = new FlowPipeline({ map });
    const truth = { bytes: 531275, packets: 539, flows: 20 };
    expect(run(`exported/${name}.pcap`, p)).toEqual({ 'vmif:1': truth, 'vmif:2': truth, 'group:tag:lab': truth });
    expect(p.stats).toMatchObject({ offered: 20, mappedRecords: 20, unknownEnds: 0 });
  });

  it('scales sFlow 1-in-10 samples by the rate in each sample', () => {
    const got = run('exported/pmacct-sfprobe-file-sflow5-s10.pcap', new FlowPipeline({ map }));
    expect(got['group:tag:lab']).toEqual({ bytes: 615480, packets: 640, flows: 64 });
  });

  it('applies exporter overrides and ingest sampling with the same correction', () => {
    const override = run('exported/softflowd-v5.pcap', new FlowPipeline({ map, rates: new ExporterRates({ overrides: { '127.0.0.1': 100 } }) }));
    expect(override['vmif:1']).toEqual({ bytes: 53127500, packets: 53900, flows: 20 });
    const p = new FlowPipeline({ map, sampler: new IngestSampler(2, seededRandom(3)) });
    const sampled = run('exported/pmacct-sfprobe-file-sflow5-s1.pcap', p);
    expect(p.sampler.kept).toBeGreaterThan(250);
    expect(sampled['group:tag:lab']?.packets).toBe(p.sampler.kept * 2);
    expect(Math.abs((sampled['group:tag:lab']?.bytes ?? 0) - 547992) / 547992).toBeLessThan(0.15);
  });

  it('tallies endpoints no resource holds', () => {
    const p = new FlowPipeline({ map: new ResourceMap({ ...LAB_MAP_INPUT, resources: LAB_MAP_INPUT.resources.slice(0, 1), prefixes: [] }) });
    expect(Object.keys(run('exported/softflowd-v5.pcap', p))).toEqual(['vmif:1']);
    expect(p.stats).toMatchObject({ mappedRecords: 20, unknownEnds: 20 });
    expect(lastUnknown).toEqual([{ address: '10.77.0.2', flows: 20, bytes: 531275 }]);
  });
});

describe('FlowPipeline edge cases', () => {
  it('handles an IPv6 record with one address missing, and skips non-IP records', () => {
    const p = new FlowPipeline({ map: new ResourceMap(LAB_MAP_INPUT) });
    const base = { type: 'ipfix' as const, exporter: 'x', observationDomain: 0, receivedMs: 60_000 };
    p.write([
      { ...emptyRecord('ipfix', 'x', 0, 60_000), ...base, ipVersion: 6, srcAddr6: new Uint8Array(16).fill(1), bytes: 10, packets: 1 },
      { ...emptyRecord('sflow_v5', 'x', 0, 60_000), bytes: 10, packets: 1 },
    ]);
    expect(p.stats).toMatchObject({ offered: 2, nonIp: 1, unknownEnds: 2 });
    expect(p.aggregator.flush().unknown.map((u) => u.address)).toEqual(['101:101:101:101:101:101:101:101', '::']);
  });
});
