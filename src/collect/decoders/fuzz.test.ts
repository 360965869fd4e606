/**
 * Bounded fuzz: datagrams mutated from the real captures (bit flips, truncations, length-field corruption, splices,
 * insertions) must never throw out of decodeDatagram, never produce an `internal` error, never yield more records
 * than bytes, and never grow the template store past its caps. IPSHADOW_FUZZ_N sets the count (default 20000).
 */
import { FLOW_CAPTURES, datagramsOf } from '../../../test/fixtures/flows/shared-captures';
import { decodeDatagram } from './decode-datagram';
import { MemoryTemplateStore } from './memory-template-store';

const N = Number(process.env.IPSHADOW_FUZZ_N ?? 20000);
const SEED = Number(process.env.IPSHADOW_FUZZ_SEED ?? 0x1ce5eed);

/** mulberry32: a small seeded PRNG, so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 0x7f, 0x80, 0xff, 0x100, 0xfffe, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];

/** One mutation of `seed` (another seed is used for splices). */
function mutate(rand: () => number, seed: Uint8Array, other: Uint8Array): { buf: Buffer; how: string } {
  const pick = (n: number): number => Math.floor(rand() * n);
  const buf = Buffer.from(seed);
  switch (pick(6)) {
    case 0: {
      const flips = 1 + pick(8);
      for (let i = 0; i < flips && buf.length > 0; i++) {
        const at = pick(buf.length);
        buf[at] = (buf[at] as number) ^ (1 << pick(8));
      }
      return { buf, how: `flip x${flips}` };
    }
    case 1:
      return { buf: buf.subarray(0, pick(buf.length + 1)), how: 'truncate' };
    case 2: {
      const count = 1 + pick(3);
      for (let i = 0; i < count && buf.length >= 4; i++) {
        const at = pick(buf.length - 3) & ~1;
        const v = rand() < 0.7 ? (INTERESTING[pick(INTERESTING.length)] as number) : pick(0x100000000);
        if (rand() < 0.5) buf.writeUInt16BE(v & 0xffff, at);
        else if (at + 4 <= buf.length) buf.writeUInt32BE(v >>> 0, at);
      }
      return { buf, how: 'length fields' };
    }
    case 3: {
      const a = pick(buf.length + 1);
      const b = pick(other.length + 1);
      return { buf: Buffer.concat([buf.subarray(0, a), other.subarray(b)]), how: 'splice' };
    }
    case 4: {
      const at = pick(buf.length + 1);
      const junk = Buffer.alloc(1 + pick(64), pick(256));
      return { buf: Buffer.concat([buf.subarray(0, at), junk, buf.subarray(at)]), how: 'insert' };
    }
    default:
      return { buf, how: 'unchanged' };
  }
}

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
