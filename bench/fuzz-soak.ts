/**
 * Long fuzz: N datagrams (default 10M) mutated from the real captures go through the whole collector path (admit,
 * decode with capped template state, sampling, mapping, aggregation with periodic flushes) from 64 exporters, with
 * the clock moving so templates expire. Zero crashes and `internal` errors allowed; RSS is sampled every 1M datagrams
 * and must stay flat. The row: RSS at the end against RSS after warm-up (ratio end/start).
 * Usage: fuzz-soak [N] [seed]
 */
import { Aggregator } from '../src/collect/aggregate';
import { MemoryTemplateStore, type FlowType } from '../src/collect/decoders';
import { ResourceMap } from '../src/collect/mapping';
import { FlowPipeline } from '../src/collect/pipeline';
import { CollectStats } from '../src/collect/stats';
import { ExporterTable, FlowCollector } from '../src/collect/udp';
import { mutate, prng } from '../test/fixtures/flows/mutate';
import { LAB_MAP_INPUT } from '../test/fixtures/flows/lab-resources';
import { CAPTURES, captureDatagrams, rssMiB } from './collect-lib';
import { appendResult } from './lib/results';

function main(): void {
  const n = Number(process.argv[2] ?? 10_000_000);
  const seed = Number(process.argv[3] ?? 0x50a4);
  const seeds = CAPTURES.flatMap((c) => captureDatagrams(c.file).map((d) => d.payload));
  const rand = prng(seed);
  const stats = new CollectStats();
  const templates = new MemoryTemplateStore({ ttlMs: 600_000, maxEntries: 2000, maxPerExporter: 64 });
  const exporters = new ExporterTable({ max: 1024, idleMs: 600_000 });
  const pipeline = new FlowPipeline({ map: new ResourceMap(LAB_MAP_INPUT), aggregator: new Aggregator({ maxOpenBuckets: 20_000, maxUnknownAddresses: 5_000 }) });
  const collector = new FlowCollector({ templates, exporters, stats, sink: (rs) => pipeline.write(rs) });
  const listener = { name: 'fuzz', protocols: new Set<FlowType>(['netflow_v5', 'netflow_v9', 'ipfix', 'sflow_v5']) };
  let crashes = 0;
  let clock = Date.UTC(2026, 10, 24);
  let startRss = 0;
  let maxRss = 0;
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    const s = seeds[Math.floor(rand() * seeds.length)] as Uint8Array;
    const buf = rand() < 0.15 ? s : mutate(rand, s, seeds[Math.floor(rand() * seeds.length)] as Uint8Array).buf;
    clock += 1;
    try {
      collector.handle(buf, `10.0.${Math.floor(rand() * 64)}.1`, 2055, listener, clock);
    } catch (err) {
      if (++crashes <= 5) process.stderr.write(`crash at #${i}: ${String(err)} ${Buffer.from(buf).toString('hex')}\n`);
    }
    if (i % 50_000 === 49_999) {
      pipeline.aggregator.flush();
      templates.sweep(clock);
      exporters.sweep(clock);
    }
    if (i % 1_000_000 === 999_999 || i === n - 1) {
      if (global.gc) global.gc();
      const rss = rssMiB();
      if (startRss === 0) startRss = rss;
      maxRss = Math.max(maxRss, rss);
      process.stderr.write(`${i + 1}: rss ${rss.toFixed(1)} MiB, templates ${templates.size()}, exporters ${exporters.size}, open buckets ${pipeline.aggregator.openBuckets()}, records ${stats.records.total()}, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
    }
  }
  const endRss = rssMiB();
  const internal = [...stats.errors.map].filter(([k]) => k.endsWith('\u0000internal')).reduce((a, [, v]) => a + v, 0);
  const kinds = Object.fromEntries([...stats.errors.map].map(([k, v]) => [k.replace('\u0000', '/'), v]));
  process.stderr.write(`done: ${n} datagrams, ${crashes} crashes, ${internal} internal errors, ${stats.records.total()} records, max rss ${maxRss.toFixed(1)} MiB\n${JSON.stringify(kinds)}\n`);
  appendResult({
    benchmark: `fuzz soak: ${n} mutated real datagrams through collector + pipeline (${crashes} crashes, ${internal} internal errors)`,
    metric: `RSS MiB at end (max ${maxRss.toFixed(0)}); anchor = RSS after the first 1M`,
    ipshadow: endRss,
    anchor: startRss,
    ratio: endRss / startRss,
    command: `npm run bench:fuzz-soak -- ${n}`,
  });
  if (crashes > 0 || internal > 0) process.exit(1);
}

main();
