import { readFileSync } from 'fs';
import { capturePath, datagramsOf } from '../../../test/fixtures/flows/shared-captures';
import { decodeDatagram, MemoryTemplateStore, type FlowRecord } from '../decoders';
import { readCapture } from './read-capture';
import { summariseTraffic } from './summarise';
import type { CapturedPacket } from './types';
import { udpOf } from './udp';

/** Flow key → packets/bytes, to compare summaries with exporters' records. */
const table = (rs: FlowRecord[]): Map<string, string> =>
  new Map(rs.map((r) => [`${r.proto} ${r.srcAddr}:${r.srcPort}>${r.dstAddr}:${r.dstPort} ${r.icmpType}/${r.icmpCode}`, `${r.packets}/${r.bytes}`] as [string, string]).sort());

describe('summariseTraffic', () => {
  const source = readCapture(readFileSync(capturePath('exported/source-traffic.pcap')));

  it('summarises the source traffic into the ground truth: 20 flows, 539 packets, 531275 bytes', () => {
    const { records, skipped } = summariseTraffic(source.packets);
    expect(skipped).toBe(2); // 541 frames, 539 IPv4 packets
    expect([records.length, records.reduce((a, r) => a + r.packets, 0), records.reduce((a, r) => a + r.bytes, 0)]).toEqual([20, 539, 531275]);
  });

  it('gives the same flows, packet for packet, as softflowd exporting the same capture', () => {
    const store = new MemoryTemplateStore();
    const exported = datagramsOf('exported/softflowd-v10.pcap').flatMap((d) => decodeDatagram(d.payload, d.srcAddr, store).records);
    const ours = summariseTraffic(source.packets).records;
    expect(table(ours)).toEqual(table(exported));
    const http = ours.find((r) => r.srcPort === 8080 && r.bytes > 100000);
    expect(http).toMatchObject({ type: 'pcap', proto: 6, srcAddr: 0x0a4d0001, dstAddr: 0x0a4d0002, packets: 74, bytes: 104060, tcpFlags: 0x1b, samplingRate: 1 });
    expect(http!.endMs).toBeGreaterThanOrEqual(http!.startMs);
  });

  it('splits a flow after the idle timeout', () => {
    const first = source.packets.find((p) => udpOf(p) !== null)!;
    const at = (tsMs: number): CapturedPacket => ({ ...first, tsMs });
    const flows = summariseTraffic([at(1000), at(2000), at(200000)], { idleTimeoutMs: 30000 }).records;
    expect(flows.map((r) => [r.packets, r.startMs, r.endMs])).toEqual([[2, 1000, 2000], [1, 200000, 200000]]);
  });
});
