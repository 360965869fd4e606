import { hex } from '../../../test/fixtures/flows/hex';
import { decodeDatagram, sniffProtocol } from './decode-datagram';
import { MemoryTemplateStore } from './memory-template-store';
import type { TemplateStore } from './template-store';

describe('decodeDatagram', () => {
  it('sniffs NetFlow v5, v9, IPFIX and sFlow v5 from the first bytes', () => {
    expect(['0005 0000', '0009 0000', '000A 0000', '0000 0005', '0007 0000', '00'].map((h) => sniffProtocol(hex(h)))).toEqual([
      'netflow_v5', 'netflow_v9', 'ipfix', 'sflow_v5', null, null,
    ]);
  });

  it('reports unknown versions and tiny datagrams as errors, not throws', () => {
    const store = new MemoryTemplateStore();
    expect(decodeDatagram(hex('0007 0001 00000000'), 'e', store).errors.map((e) => [e.kind, e.context.version])).toEqual([['bad_version', 7]]);
    expect(decodeDatagram(hex(''), 'e', store).errors.map((e) => e.kind)).toEqual(['truncated']);
  });

  it('turns a throw from a broken template store into an internal error', () => {
    const broken = new Proxy({} as TemplateStore, { get: () => () => { throw new TypeError('store down'); } });
    const res = decodeDatagram(hex('0009 0001 00002710 5F5E1000 00000001 00000021 0100 0008 00000000'), 'e', broken);
    expect(res.records).toEqual([]);
    expect(res.errors.map((e) => [e.kind, e.message])).toEqual([['internal', 'internal: store down']]);
  });
});
