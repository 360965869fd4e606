import { Readable } from 'node:stream';
import { goflowLine } from '../../../test/fixtures/flows/goflow2-lines';
import { datagramsOf } from '../../../test/fixtures/flows/shared-captures';
import { decodeDatagram, MemoryTemplateStore, type FlowRecord } from '../decoders';
import { CollectStats, key2 } from '../stats';
import { parseGoflowLine } from './parse-line';
import { readGoflowStream } from './sources';

const records = (): FlowRecord[] => {
  const store = new MemoryTemplateStore();
  return datagramsOf('exported/softflowd-v10.pcap').flatMap((d) => decodeDatagram(d.payload, 'x', store, { receivedMs: Math.floor(d.tsMs) }).records);
};

describe('goflow2 JSON lines', () => {
  it('parses a goflow2 v2 line into a record with the same flow values', () => {
    const src = records()[0] as FlowRecord;
    const r = parseGoflowLine(goflowLine(src), 5) as FlowRecord;
    expect(r).toMatchObject({
      type: 'ipfix', exporter: '192.0.2.10', ipVersion: 4, srcAddr: src.srcAddr, dstAddr: src.dstAddr, srcPort: src.srcPort, dstPort: src.dstPort,
      proto: src.proto, bytes: src.bytes, packets: src.packets, startMs: src.startMs, endMs: src.endMs, receivedMs: src.receivedMs, samplingRate: 1, tcpFlags: src.tcpFlags, srcMac: 0,
    });
  });

  it('parses v1 PascalCase, protojson base64 addresses, IPv6 and ns given as text', () => {
    expect(parseGoflowLine('{"Type":"SFLOW_5","TimeReceived":1700000000,"SamplingRate":512,"SamplerAddress":"10.0.0.1","TimeFlowStart":1700000000,"Bytes":1500,"Packets":1,"SrcAddr":"192.0.2.1","DstAddr":"198.51.100.2","Proto":6,"SrcPort":443,"DstPort":50000}', 0))
      .toMatchObject({ type: 'sflow_v5', exporter: '10.0.0.1', srcAddr: 0xc0000201, dstAddr: 0xc6336402, proto: 6, bytes: 1500, samplingRate: 512, startMs: 1700000000000, receivedMs: 1700000000000 });
    expect(parseGoflowLine('{"type":4,"src_addr":"wAACAQ==","dst_addr":"xjNkAg==","proto":17,"bytes":9,"packets":1,"time_flow_start_ns":"1700000000123456789"}', 0))
      .toMatchObject({ type: 'ipfix', srcAddr: 0xc0000201, dstAddr: 0xc6336402, proto: 17, startMs: 1700000000123 });
    const v6 = parseGoflowLine('{"type":"IPFIX","src_addr":"2001:db8::1","dst_addr":"2001:db8::2","proto":"ICMPv6","bytes":1,"packets":1}', 0) as FlowRecord;
    expect([v6.ipVersion, v6.proto, Buffer.from(v6.srcAddr6!).toString('hex')]).toEqual([6, 58, '20010db8000000000000000000000001']);
  });

  it('reports bad lines instead of throwing', () => {
    expect(parseGoflowLine('{"src_addr":', 0)).toEqual({ error: expect.stringMatching(/^not JSON/) });
    expect(parseGoflowLine('[1]', 0)).toEqual({ error: 'not a JSON object' });
    expect(parseGoflowLine('{"src_addr":"999.1.1.1"}', 0)).toEqual({ error: 'bad src_addr or dst_addr' });
    expect(parseGoflowLine('{"src_addr":"10.0.0.1","dst_addr":"2001:db8::1"}', 0)).toEqual({ error: 'src_addr and dst_addr differ in family' });
  });

  it('reads a stream of lines in batches and counts good and bad lines', async () => {
    const text = [...records().map((r) => goflowLine(r)), 'garbage', ''].join('\n');
    const got: FlowRecord[] = [];
    const stats = new CollectStats();
    const bad: number[] = [];
    const counts = await readGoflowStream(Readable.from([text]), { sink: (rs) => got.push(...rs), stats, source: 'file', batch: 7, onBadLine: (n) => bad.push(n) });
    expect(counts).toEqual({ lines: 21, records: 20, bad: 1 });
    expect(bad).toEqual([21]);
    expect([got.length, got.reduce((a, r) => a + r.bytes, 0), got.reduce((a, r) => a + r.packets, 0)]).toEqual([20, 531275, 539]);
    expect([stats.goflowLines.get(key2('file', 'ok')), stats.goflowLines.get(key2('file', 'bad'))]).toEqual([20, 1]);
  });
});
