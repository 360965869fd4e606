/**
 * Bounded fuzz: datagrams mutated from the real captures (bit flips, truncations, length-field corruption, splices,
 * insertions) must never throw out of decodeDatagram, never produce an `internal` error, never yield more records
 * than bytes, and never grow the template store past its caps. IPSHADOW_FUZZ_N sets the count (default 200000, the CI bound).
 */
import { FLOW_CAPTURES, datagramsOf } from '../../../test/fixtures/flows/shared-captures';
import { decodeDatagram } from './decode-datagram';
import { MemoryTemplateStore } from './memory-template-store';
import { mutate, prng } from '../../../test/fixtures/flows/mutate';

const N = Number(process.env.IPSHADOW_FUZZ_N ?? 200000);
const SEED = Number(process.env.IPSHADOW_FUZZ_SEED ?? 0x1ce5eed);

describe(`fuzz: ${N} mutated datagrams from the real captures`, () => {
  const seeds = FLOW_CAPTURES.flatMap((f) => datagramsOf(f).map((d) => d.payload));

  it('never throws, never reports internal errors, and keeps the template store within its caps', () => {
    const rand = prng(SEED);
    const cap = { maxEntries: 48, maxPerExporter: 16 };
    const store = new MemoryTemplateStore(cap);
    const failures: string[] = [];
    const kinds: Record<string, number> = {};
    let records = 0;
    for (let i = 0; i < N; i++) {
      const seed = seeds[Math.floor(rand() * seeds.length)] as Uint8Array;
      const { buf, how } = rand() < 0.15 ? { buf: Buffer.from(seed), how: 'seed' } : mutate(rand, seed, seeds[Math.floor(rand() * seeds.length)] as Uint8Array);
      const exporter = `10.0.0.${Math.floor(rand() * 5)}`;
      try {
        const res = decodeDatagram(buf, exporter, store);
        records += res.records.length;
        for (const e of res.errors) {
          kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
          if (e.kind === 'internal') failures.push(`#${i} ${how}: internal ${e.message} ${buf.toString('hex')}`);
        }
        if (res.records.length + res.counters.length > buf.length) failures.push(`#${i} ${how}: more records than bytes`);
      } catch (err) {
        failures.push(`#${i} ${how}: threw ${String(err)} ${buf.toString('hex')}`);
      }
      if (store.size() > cap.maxEntries) failures.push(`#${i}: store size ${store.size()}`);
      if (failures.length > 5) break;
    }
    expect(failures).toEqual([]);
    expect(records).toBeGreaterThan(N); // mutated data still decodes: the fuzz reaches the record paths
    expect(Object.keys(kinds).sort()).toEqual(expect.arrayContaining(['bad_length', 'bad_version', 'template_missing', 'truncated']));
  });

  it('survives a template flood: thousands of template ids and domains from one exporter stay within the caps', () => {
    const store = new MemoryTemplateStore({ maxEntries: 100, maxPerExporter: 20 });
    store.setSamplingRate('quiet', 0, 0, 7, 0);
    const rand = prng(SEED + 1);
    for (let i = 0; i < 2000; i++) {
      const msg = Buffer.alloc(16 + 4 + 50 * 8);
      msg.writeUInt16BE(10, 0);
      msg.writeUInt16BE(msg.length, 2);
      msg.writeUInt32BE(Math.floor(rand() * 1000), 12); // observation domain
      msg.writeUInt16BE(2, 16);
      msg.writeUInt16BE(4 + 50 * 8, 18);
      for (let t = 0; t < 50; t++) {
        const at = 20 + t * 8;
        msg.writeUInt16BE(256 + Math.floor(rand() * 65000), at);
        msg.writeUInt16BE(1, at + 2);
        msg.writeUInt16BE(8, at + 4);
        msg.writeUInt16BE(4, at + 6);
      }
      const res = decodeDatagram(msg, 'flood', store, { receivedMs: 0 });
      expect(res.errors).toEqual([]);
      expect(store.size()).toBeLessThanOrEqual(21);
    }
    expect(store.getSamplingRate('quiet', 0, 0, 0)).toBe(7);
    expect(store.stats.evictions).toBeGreaterThan(90000);
  });
});
