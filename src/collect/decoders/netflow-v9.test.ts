import { hex } from '../../../test/fixtures/flows/hex';
import { MemoryTemplateStore } from './memory-template-store';
import { decodeNetflowV9 } from './netflow-v9';
import { emptyRecord } from './record';

const HEADER = `
  0009 0005 00002710 5F5E1000 00000001 00000021   # v9, 5 records, uptime 10000, secs 1600000000, seq 1, source id 33
`;
const TEMPLATE = `
  0000 0040 0100 000E  # template flowset, template 256 with 14 fields
  0008 0004 000C 0004 0007 0002 000B 0002 0004 0001 0006 0001 0001 0004 0002 0004
  0016 0004 0015 0004 000A 0002 000E 0002 0030 0001 0063 0003   # ... 48 sampler id, 99 (unknown, skipped)
`;
const OPTIONS_TEMPLATE = `
  0001 001C 0101 0004 000C   # options template 257: scope 4 bytes, options 12 bytes
  0001 0004                  # scope: System, 4 bytes
  0030 0001 0031 0001 0032 0004   # FLOW_SAMPLER_ID, FLOW_SAMPLER_MODE, FLOW_SAMPLER_RANDOM_INTERVAL
  0000                       # padding
`;
const OPTIONS_DATA = `
  0101 0010 00000000 05 02 00000040 0000   # sampler 5, mode 2, 1 in 64, padding
`;
const DATA = `
  0100 0050
  0A000001 0A000002 0050 D431 06 18 000005DC 00000003 00001F40 00002328 0001 0002 05 010203
  C0A80001 C0A80002 0035 0035 11 00 00000064 00000001 00002710 00002710 0003 0004 09 000000
`;

/** Expected first and second data records. */
function expected(): object[] {
  const base = emptyRecord('netflow_v9', '198.51.100.1', 33, 0);
  return [
    { ...base, ipVersion: 4, srcAddr: 0x0a000001, dstAddr: 0x0a000002, srcPort: 80, dstPort: 54321, proto: 6, tcpFlags: 0x18, bytes: 1500, packets: 3, startMs: 1599999998000, endMs: 1599999999000, inIf: 1, outIf: 2, samplerId: 5, samplingRate: 64 },
    { ...base, ipVersion: 4, srcAddr: 0xc0a80001, dstAddr: 0xc0a80002, srcPort: 53, dstPort: 53, proto: 17, bytes: 100, packets: 1, startMs: 1600000000000, endMs: 1600000000000, inIf: 3, outIf: 4, samplerId: 9, samplingRate: 0 },
  ];
}

describe('decodeNetflowV9', () => {
  it('learns template and options template, applies sampler 5 and decodes whole records', () => {
    const store = new MemoryTemplateStore();
    const res = decodeNetflowV9(hex(HEADER + TEMPLATE + OPTIONS_TEMPLATE + OPTIONS_DATA + DATA), '198.51.100.1', store);
    expect(res.errors).toEqual([]);
    expect(res.header).toEqual({ version: 9, count: 5, sysUptimeMs: 10000, unixSecs: 1600000000, sequence: 1, sourceId: 33 });
    expect(res.templates).toEqual({ learned: 2, withdrawn: 0, optionsRecords: 1 });
    expect(res.records).toEqual(expected());
    expect(store.getSamplingRate('198.51.100.1', 33, 5, Date.now())).toBe(64);
  });

  it('keeps templates per exporter and source id, and reports data that arrives before its template', () => {
    const store = new MemoryTemplateStore();
    decodeNetflowV9(hex(HEADER + TEMPLATE), '198.51.100.1', store);
    expect(decodeNetflowV9(hex(HEADER + DATA), '198.51.100.1', store).records).toHaveLength(2);
    const other = decodeNetflowV9(hex(HEADER + DATA), '198.51.100.2', store);
    expect(other.records).toEqual([]);
    expect(other.errors.map((e) => [e.kind, e.context.templateId, e.context.exporter])).toEqual([['template_missing', 256, '198.51.100.2']]);
    const otherSource = hex(HEADER + DATA);
    otherSource.writeUInt32BE(34, 16);
    expect(decodeNetflowV9(otherSource, '198.51.100.1', store).errors.map((e) => e.kind)).toEqual(['template_missing']);
  });

  it('expires templates on the traffic clock (receivedMs) after the store TTL', () => {
    const store = new MemoryTemplateStore({ ttlMs: 1000 });
    decodeNetflowV9(hex(HEADER + TEMPLATE), 'e', store, { receivedMs: 0 });
    expect(decodeNetflowV9(hex(HEADER + DATA), 'e', store, { receivedMs: 999 }).records).toHaveLength(2);
    expect(decodeNetflowV9(hex(HEADER + DATA), 'e', store, { receivedMs: 2000 }).errors.map((e) => e.kind)).toEqual(['template_missing']);
    expect(store.stats.expirations).toBe(1);
  });

  it('falls back to the domain-wide sampling rate for records whose sampler is unknown', () => {
    const store = new MemoryTemplateStore();
    store.setSamplingRate('e', 33, 0, 10, Date.now());
    const res = decodeNetflowV9(hex(HEADER + TEMPLATE + DATA), 'e', store);
    expect(res.records.map((r) => r.samplingRate)).toEqual([10, 10]);
  });

  it('rejects zero-length fields, ids below 256 and variable lengths in templates', () => {
    const store = new MemoryTemplateStore();
    const zero = decodeNetflowV9(hex(HEADER + '0000 000C 0100 0001 0008 0000'), 'e', store);
    expect(zero.errors.map((e) => e.kind)).toEqual(['zero_length_field']);
    const low = decodeNetflowV9(hex(HEADER + '0000 000C 0005 0001 0008 0004'), 'e', store);
    expect(low.errors.map((e) => e.kind)).toEqual(['bad_template']);
    const variable = decodeNetflowV9(hex(HEADER + '0000 000C 0100 0001 0052 FFFF'), 'e', store);
    expect(variable.errors.map((e) => e.kind)).toEqual(['bad_template']);
    expect(store.size()).toBe(0);
  });

  it('stops at flowset lengths below 4 or past the packet, keeping what came before', () => {
    const store = new MemoryTemplateStore();
    const short = decodeNetflowV9(hex(HEADER + TEMPLATE + '0100 0002'), 'e', store);
    expect(short.errors.map((e) => e.kind)).toEqual(['bad_length']);
    expect(short.templates.learned).toBe(1);
    const past = decodeNetflowV9(hex(HEADER + TEMPLATE + DATA).subarray(0, 20 + 64 + 40), 'e', store);
    expect(past.errors.map((e) => e.kind)).toEqual(['truncated']);
    const count = decodeNetflowV9(hex(HEADER + '0000 0008 0100 0100'), 'e', store);
    expect(count.errors.map((e) => e.kind)).toEqual(['truncated']);
  });

  it('reports reserved flowset ids and a bad version', () => {
    const store = new MemoryTemplateStore();
    expect(decodeNetflowV9(hex(HEADER + '0002 0008 00000000'), 'e', store).errors.map((e) => e.kind)).toEqual(['reserved_set']);
    const v8 = hex(HEADER);
    v8.writeUInt16BE(8, 0);
    expect(decodeNetflowV9(v8, 'e', store).errors.map((e) => e.kind)).toEqual(['bad_version']);
    expect(decodeNetflowV9(hex('0009 0001'), 'e', store).errors.map((e) => e.kind)).toEqual(['truncated']);
  });

  it('decodes templates with more fields than the generated readers take, through the field loop', () => {
    const store = new MemoryTemplateStore();
    const n = 100; // 100 x IN_PKTS (4 bytes): the last one wins
    const tmpl = '0000' + (8 + 4 * n).toString(16).padStart(4, '0') + '0100' + n.toString(16).padStart(4, '0') + '00020004'.repeat(n);
    const data = '0100' + (4 + 4 * n).toString(16).padStart(4, '0') + '00000001'.repeat(n - 1) + '00000007';
    const res = decodeNetflowV9(hex(HEADER + tmpl + data), 'e', store);
    expect(res.errors).toEqual([]);
    expect(res.records.map((r) => r.packets)).toEqual([7]);
  });

  it('keeps the compiled plan when an identical template is announced again', () => {
    const store = new MemoryTemplateStore();
    decodeNetflowV9(hex(HEADER + TEMPLATE), 'e', store);
    const first = store.getTemplate('e', 33, 256, Date.now());
    decodeNetflowV9(hex(HEADER + TEMPLATE), 'e', store);
    expect(store.getTemplate('e', 33, 256, Date.now())).toBe(first);
  });
});
