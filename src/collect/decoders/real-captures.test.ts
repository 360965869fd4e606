/**
 * Decodes the shared reference captures and checks real values: the ground truth of ../shared/data/pcaps/exported
 * (README and validate_summary.txt there) and nfacctd's output for the pmacct-test-automation captures.
 */
import { readFileSync } from 'fs';
import { capturePath, datagramsOf } from '../../../test/fixtures/flows/shared-captures';
import { decodeDatagram } from './decode-datagram';
import { MemoryTemplateStore } from './memory-template-store';
import type { FlowRecord, InterfaceCounters } from './types';

/** Decode every datagram of a capture through one store; return records, counters and error kinds. */
function decodeCapture(rel: string): { records: FlowRecord[]; counters: InterfaceCounters[]; errors: string[] } {
  const store = new MemoryTemplateStore();
  const out = { records: [] as FlowRecord[], counters: [] as InterfaceCounters[], errors: [] as string[] };
  for (const d of datagramsOf(rel)) {
    const res = decodeDatagram(d.payload, d.srcAddr, store, { receivedMs: Math.floor(d.tsMs) });
    out.records.push(...res.records);
    out.counters.push(...res.counters);
    out.errors.push(...res.errors.map((e) => e.message));
  }
  return out;
}

const v4 = (a: number): string => `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
const hex16 = (a: Uint8Array | null): string => Buffer.from(a ?? new Uint8Array(16)).toString('hex');
const src = (r: FlowRecord): string => (r.ipVersion === 6 ? hex16(r.srcAddr6) : v4(r.srcAddr));
const dst = (r: FlowRecord): string => (r.ipVersion === 6 ? hex16(r.dstAddr6) : v4(r.dstAddr));
const sum = (rs: FlowRecord[], f: (r: FlowRecord) => number): number => rs.reduce((a, r) => a + f(r), 0);

/** Flows as "proto src:sport>dst:dport" → "packets/bytes", summed (ICMP flows keyed by type/code in the port slot). */
function flowTable(rs: FlowRecord[]): Record<string, string> {
  const acc = new Map<string, [number, number]>();
  for (const r of rs) {
    const icmp = r.proto === 1 || r.proto === 58;
    const sp = icmp ? 0 : r.srcPort;
    const dp = icmp ? r.icmpType * 256 + r.icmpCode : r.dstPort;
    const k = `${r.proto} ${src(r)}:${sp}>${dst(r)}:${dp}`;
    const a = acc.get(k) ?? [0, 0];
    acc.set(k, [a[0] + r.packets, a[1] + r.bytes]);
  }
  return Object.fromEntries([...acc].sort().map(([k, [p, b]]) => [k, `${p}/${b}`]));
}

describe('exported captures (softflowd, nfdump nfreplay, pmacct): ground truth 20 flows, 539 packets, 531275 bytes', () => {
  const NETFLOW = ['softflowd-v5', 'softflowd-v9', 'softflowd-v10', 'nfreplay-v5', 'nfreplay-v9', 'pmacct-live-nfprobe-v9', 'pmacct-live-nfprobe-ipfix'];

  it.each(NETFLOW)('%s decodes to exactly the ground truth, without errors', (name) => {
    const { records, errors } = decodeCapture(`exported/${name}.pcap`);
    expect(errors).toEqual([]);
    expect([records.length, sum(records, (r) => r.packets), sum(records, (r) => r.bytes)]).toEqual([20, 539, 531275]);
  });

  it('gives the same 20 flows, packet for packet, from softflowd v5, v9 and IPFIX and from nfdump and pmacct', () => {
    const reference = flowTable(decodeCapture('exported/softflowd-v5.pcap').records);
    expect(Object.keys(reference)).toHaveLength(20);
    for (const name of NETFLOW.slice(1)) expect([name, flowTable(decodeCapture(`exported/${name}.pcap`).records)]).toEqual([name, reference]);
  });

  it('decodes the real flow values of the source traffic', () => {
    const rs = decodeCapture('exported/softflowd-v10.pcap').records;
    const http = rs.filter((r) => r.srcPort === 8080);
    expect(http).toHaveLength(6); // 5 GETs of 100 kB and one 404
    expect(http.every((r) => r.srcAddr === 0x0a4d0001 && r.dstAddr === 0x0a4d0002 && r.proto === 6)).toBe(true);
    expect(http.filter((r) => r.bytes > 100000)).toHaveLength(5);
    const closedPorts = rs.filter((r) => r.proto === 17).map((r) => [r.dstPort, r.packets, r.bytes]).sort();
    expect(closedPorts).toEqual([0, 1, 2, 3, 4].map((i) => [5300 + i, 3, 3 * (28 + 50 + 10 * i)]));
    expect(rs.every((r) => r.samplingRate === 1 && r.startMs > 1.7e12 && r.endMs >= r.startMs)).toBe(true);
  });

  it.each([
    ['pmacct-live-sfprobe-sflow5-s10', 59, 61054, 10],
    ['pmacct-sfprobe-file-sflow5-s1', 578, 547992, 1],
    ['pmacct-sfprobe-file-sflow5-s10', 64, 61548, 10],
  ])('%s matches sfacctd: %i samples, %i bytes, 1 in %i', (name, samples, bytes, rate) => {
    const { records, errors } = decodeCapture(`exported/${name}.pcap`);
    expect(errors).toEqual([]);
    expect([records.length, sum(records, (r) => r.packets), sum(records, (r) => r.bytes)]).toEqual([samples, samples, bytes]);
    expect(records.every((r) => r.samplingRate === rate && r.ipVersion === 4)).toBe(true);
    expect(records.every((r) => (r.srcAddr >>> 16) === 0x0a4d && (r.dstAddr >>> 16) === 0x0a4d)).toBe(true);
  });

  it('decodes the live sFlow counter sample', () => {
    const { counters } = decodeCapture('exported/pmacct-live-sfprobe-sflow5-s10.pcap');
    expect(counters).toHaveLength(1);
    expect(counters[0]).toMatchObject({ agentAddr: 0x0a4d0009 });
  });
});

/** nfacctd JSON row (fields used here). */
interface NfacctdRow {
  ip_src: string; ip_dst: string; port_src: number; port_dst: number; ip_proto: string; tos: number;
  iface_in: number; iface_out: number; mask_src: number; mask_dst: number; tcp_flags: string[];
  timestamp_start?: string; timestamp_end?: string; packets: number; bytes: number;
}

const PROTO: Record<string, number> = { tcp: 6, udp: 17, icmp: 1 };
const FLAG: Record<string, number> = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32, ECE: 64, CWR: 128 };

/** Full hex of an IPv4 (dotted) or IPv6 (RFC 5952 text) address, to compare with decoded records. */
function addrKey(text: string): string {
  if (!text.includes(':')) return text;
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => g.padStart(4, '0')).join('');
}

describe('pmacct-test-automation captures: sums per key against nfacctd output-flow-00.json', () => {
  const cases: [string, boolean][] = [
    ['100-IPFIXv10-CISCO', false],
    ['101-NFv9-CISCO-cust_primitives', true],
  ];
  it.each(cases)('%s', (dir, withTimes) => {
    const { records, errors } = decodeCapture(`pmacct-test-automation/${dir}/traffic-00.pcap`);
    expect(errors).toEqual([]);
    const key = (s: string, d: string, sp: number, dp: number, p: number, tos: number, i: number, o: number, sm: number, dm: number, f: number, ts: string): string =>
      [s, d, sp, dp, p, tos, i, o, sm, dm, f, ts].join('|');
    const ours = new Map<string, number[]>();
    for (const r of records) {
      const ts = withTimes ? `${Math.ceil(r.startMs / 1000)}-${Math.ceil(r.endMs / 1000)}` : '';
      const k = key(src(r), dst(r), r.srcPort, r.dstPort, r.proto, r.tos, r.inIf, r.outIf, r.srcMask, r.dstMask, r.tcpFlags, ts);
      const a = ours.get(k) ?? [0, 0];
      ours.set(k, [(a[0] as number) + r.packets, (a[1] as number) + r.bytes]);
    }
    const theirs = new Map<string, number[]>();
    const rows = readFileSync(capturePath(`pmacct-test-automation/${dir}/output-flow-00.json`), 'utf8').split('\n').filter((l) => l.trim() !== '');
    for (const row of rows.map((l) => JSON.parse(l) as NfacctdRow)) {
      const flags = row.tcp_flags.reduce((a, f) => a | (FLAG[f] ?? 0), 0);
      const ts = withTimes ? `${parseInt(row.timestamp_start ?? '', 10)}-${parseInt(row.timestamp_end ?? '', 10)}` : '';
      const src6 = addrKey(row.ip_src);
      const k = key(src6, addrKey(row.ip_dst), row.port_src, row.port_dst, PROTO[row.ip_proto] ?? -1, row.tos, row.iface_in, row.iface_out, row.mask_src, row.mask_dst, flags, ts);
      const a = theirs.get(k) ?? [0, 0];
      theirs.set(k, [(a[0] as number) + row.packets, (a[1] as number) + row.bytes]);
    }
    expect(theirs.size).toBeGreaterThan(10);
    expect(new Map([...ours].sort())).toEqual(new Map([...theirs].sort()));
  });
});
