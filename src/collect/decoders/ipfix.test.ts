import { hex } from '../../../test/fixtures/flows/hex';
import { decodeIpfix } from './ipfix';
import { MemoryTemplateStore } from './memory-template-store';
import { emptyRecord } from './record';

const header = (length: number): string => `000A ${length.toString(16).padStart(4, '0')} 5F5E1000 00000000 00000007`;
const TEMPLATE_SET = `
  0002 0034 012C 000A          # template set, template 300 with 10 fields
  0008 0004 000C 0004 0004 0001 0001 0008 0002 0008 0098 0008 0099 0008
  8064 0002 00009999           # enterprise 39321 field 100, 2 bytes (skipped)
  0052 FFFF                    # interfaceName, variable length
  012E 0004                    # selectorId, 4 bytes
`;
const OPTIONS_TEMPLATE_SET = `
  0003 0018 012D 0003 0001     # options template 301, 3 fields, 1 scope field
  012E 0004 0131 0004 0132 0004 0000   # scope selectorId; samplingPacketInterval, samplingPacketSpace; padding
`;
const OPTIONS_DATA_SET = `0301 0010 0000002A 00000001 00000063`.replace('0301', '012D'); // selector 42: 1 of every 100
const DATA_SET = `
  012C 0070
  0A000001 0A000002 06 00000000000003E8 000000000000000A 00000174876E8000 00000174876E83E8 ABCD 03 657468 0000002A
  C0A80001 C0A80002 11 0000000000000064 0000000000000001 00000174876E8000 00000174876E8000 0000 FF0004 65746831 00000007
  000000                       # padding
`;
const FULL = header(220) + TEMPLATE_SET + OPTIONS_TEMPLATE_SET + OPTIONS_DATA_SET + DATA_SET;

describe('decodeIpfix', () => {
  it('decodes variable-length fields (1- and 3-byte forms), skips enterprise fields and applies selector sampling', () => {
    const store = new MemoryTemplateStore();
    const res = decodeIpfix(hex(FULL), '2001:db8::1', store, { receivedMs: 5 });
    expect(res.errors).toEqual([]);
    expect(res.header).toEqual({ version: 10, length: 220, exportTime: 1600000000, sequence: 0, observationDomainId: 7 });
    expect(res.templates).toEqual({ learned: 2, withdrawn: 0, optionsRecords: 1 });
    const base = emptyRecord('ipfix', '2001:db8::1', 7, 5);
    expect(res.records).toEqual([
      { ...base, ipVersion: 4, srcAddr: 0x0a000001, dstAddr: 0x0a000002, proto: 6, bytes: 1000, packets: 10, startMs: 1600000000000, endMs: 1600000001000, samplerId: 42, samplingRate: 100 },
      { ...base, ipVersion: 4, srcAddr: 0xc0a80001, dstAddr: 0xc0a80002, proto: 17, bytes: 100, packets: 1, startMs: 1600000000000, endMs: 1600000000000, samplerId: 7, samplingRate: 0 },
    ]);
  });

  it('withdraws one template, then all templates of a domain', () => {
    const store = new MemoryTemplateStore();
    decodeIpfix(hex(FULL), 'e', store);
    const one = decodeIpfix(hex(header(24) + '0002 0008 012C 0000'), 'e', store);
    expect(one.templates.withdrawn).toBe(1);
    expect(store.getTemplate('e', 7, 300, 0)).toBeUndefined();
    expect(store.getTemplate('e', 7, 301, 0)).toBeDefined();
    const all = decodeIpfix(hex(header(24) + '0003 0008 0003 0000'), 'e', store);
    expect(all.templates.withdrawn).toBe(1);
    expect(store.getTemplate('e', 7, 301, 0)).toBeUndefined();
    const data = decodeIpfix(hex(header(16 + 112) + DATA_SET), 'e', store);
    expect(data.errors.map((e) => [e.kind, e.context.templateId, e.context.observationDomainId])).toEqual([['template_missing', 300, 7]]);
  });

  it('turns flowStart/EndSysUpTime into epoch ms with systemInitTimeMilliseconds from options data', () => {
    const store = new MemoryTemplateStore();
    const msg = hex(`${header(16 + 22 + 16 + 20 + 16)}
      0003 0016 0190 0002 0001 0095 0004 00A0 0008 0000 0000   # options template 400: scope odid, systemInitTimeMilliseconds
      0190 0010 00000007 00000174876E8000                     # init = 1600000000000
      0002 0014 0191 0003 0016 0004 0015 0004 0008 0004       # template 401: start, end uptime, src v4
      0191 0010 000003E8 000007D0 0A000009                    # start 1000, end 2000, 10.0.0.9
    `);
    const res = decodeIpfix(msg, 'e', store);
    expect(res.errors).toEqual([]);
    expect(res.records.map((r) => [r.startMs, r.endMs, r.srcAddr])).toEqual([[1600000001000, 1600000002000, 0x0a000009]]);
  });

  it('reports a message length past the datagram, set lengths below 4 and records cut short', () => {
    const store = new MemoryTemplateStore();
    expect(decodeIpfix(hex(FULL).subarray(0, 200), 'e', store).errors.map((e) => e.kind)).toEqual(['truncated']);
    expect(decodeIpfix(hex(header(20) + '012C 0003'), 'e', store).errors.map((e) => e.kind)).toEqual(['bad_length']);
    decodeIpfix(hex(FULL), 'e', store);
    const cut = decodeIpfix(hex(header(16 + 4 + 51 + 50) + '012C 0069' + DATA_SET.replace(/#.*|\s+/g, '').slice(8, 8 + 2 * 101)), 'e', store);
    expect(cut.records).toHaveLength(1);
    expect(cut.errors.map((e) => e.kind)).toEqual(['bad_length']);
  });

  it('rejects options templates without scope, zero-length fields and reserved set ids', () => {
    const store = new MemoryTemplateStore();
    expect(decodeIpfix(hex(header(30) + '0003 000E 0190 0001 0000 0022 0004'), 'e', store).errors.map((e) => e.kind)).toEqual(['bad_template']);
    expect(decodeIpfix(hex(header(28) + '0002 000C 0190 0001 0008 0000'), 'e', store).errors.map((e) => e.kind)).toEqual(['zero_length_field']);
    expect(decodeIpfix(hex(header(24) + '0004 0008 00000000'), 'e', store).errors.map((e) => e.kind)).toEqual(['reserved_set']);
    expect(decodeIpfix(hex(header(24) + '0002 0008 0190 0005'), 'e', store).errors.map((e) => e.kind)).toEqual(['truncated']);
    expect(store.size()).toBe(0);
  });
});
