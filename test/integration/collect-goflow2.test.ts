/**
 * goflow2 JSON lines over the machine's real NATS server (127.0.0.1:4222): lines made from softflowd's IPFIX export
 * of the shared source pcap are published on a subject, several lines per message, and must all arrive as records
 * with the ground-truth totals, bad lines counted, nothing crashed.
 */
import { connect } from 'nats';
import { decodeDatagram, MemoryTemplateStore, type FlowRecord } from '../../src/collect/decoders';
import { subscribeGoflowNats } from '../../src/collect/goflow2';
import { CollectStats, key2 } from '../../src/collect/stats';
import { goflowLine } from '../fixtures/flows/goflow2-lines';
import { datagramsOf } from '../fixtures/flows/shared-captures';

const NATS_URL = process.env.IPSHADOW_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

describe('goflow2 JSON lines from a NATS subject', () => {
  it('receives every record published, in one-line and multi-line messages', async () => {
    const store = new MemoryTemplateStore();
    const source = datagramsOf('exported/softflowd-v10.pcap').flatMap((d) => decodeDatagram(d.payload, 'x', store, { receivedMs: Math.floor(d.tsMs) }).records);
    const subject = `ipshadow.test.goflow2.${process.pid}.${Date.now()}`;
    const got: FlowRecord[] = [];
    const stats = new CollectStats();
    const input = await subscribeGoflowNats({ url: NATS_URL, subject }, { sink: (rs) => got.push(...rs), stats });
    await input.ready;
    const pub = await connect({ servers: NATS_URL });
    try {
      const lines = source.map((r) => goflowLine(r, '192.0.2.10'));
      for (const l of lines.slice(0, 10)) pub.publish(subject, l);
      pub.publish(subject, `${lines.slice(10).join('\n')}\nnot json\n`);
      await pub.flush();
    } finally {
      await pub.close();
    }
    const end = Date.now() + 5000;
    while (got.length < source.length && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    const counts = await input.close();
    expect(counts).toEqual({ lines: 21, records: 20, bad: 1 });
    expect([got.length, got.reduce((a, r) => a + r.bytes, 0), got.reduce((a, r) => a + r.packets, 0)]).toEqual([20, 531275, 539]);
    expect(got.every((r) => r.exporter === '192.0.2.10' && r.type === 'ipfix')).toBe(true);
    expect(stats.goflowLines.get(key2('nats', 'ok'))).toBe(20);
  });
});
