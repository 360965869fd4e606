/**
 * Full sync of 10k IP addresses: ipshadow's sync (fetch, validate, store) against the anchor, a bare HTTP walk of the
 * same pages that parses JSON and stores nothing. Ratio = ipshadow / anchor (1.0 means sync adds no cost over fetching).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FullSync, MIRROR_KINDS } from '../src/adapters/netbox';
import { createLogger } from '../src/log/logger';
import { openStore } from '../src/store';
import { appendResult } from './lib/results';
import { benchHttp, removeScratch, seedScratchIps } from './lib/netbox';

const PREFIX = '10.200.0.0/16';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10000);
  const keep = process.argv.includes('--keep');
  const http = benchHttp();
  const seeded = Date.now();
  await seedScratchIps(http, PREFIX, count);
  process.stderr.write(`seeded ${count} IPs in ${((Date.now() - seeded) / 1000).toFixed(1)} s\n`);
  const total = (await http.get<{ count: number }>('/api/ipam/ip-addresses/', { limit: 1 })).count;
  const ipKind = MIRROR_KINDS.filter((k) => k.table === 'nb_ip_addresses');
  const rounds: Array<{ sync: number; raw: number }> = [];
  for (let round = 0; round < 3; round++) {
    const store = await openStore(`sqlite:${join(mkdtempSync(join(tmpdir(), 'ipshadow-bench-')), 'store.db')}`);
    let t = process.hrtime.bigint();
    await new FullSync(http, store, createLogger('warn'), ipKind).run();
    const sync = Number(process.hrtime.bigint() - t) / 1e9;
    if ((await store.mirror.count('nb_ip_addresses')) !== total) throw new Error('sync did not mirror every IP');
    await store.close();
    t = process.hrtime.bigint();
    let fetched = 0;
    for await (const page of http.pages('/api/ipam/ip-addresses/')) fetched += page.results.length;
    const raw = Number(process.hrtime.bigint() - t) / 1e9;
    if (fetched !== total) throw new Error(`raw walk fetched ${fetched} of ${total}`);
    rounds.push({ sync, raw });
    process.stderr.write(`round ${round + 1}: sync ${sync.toFixed(2)} s, raw fetch ${raw.toFixed(2)} s (${total} IPs)\n`);
  }
  const best = (k: 'sync' | 'raw') => Math.min(...rounds.map((r) => r[k]));
  appendResult({
    benchmark: `netbox full sync, ${total} IP addresses`,
    metric: 'seconds (best of 3); anchor = bare HTTP page walk',
    ipshadow: best('sync'),
    anchor: best('raw'),
    ratio: best('sync') / best('raw'),
    command: `npm run bench:netbox-sync -- ${count}`,
  });
  if (!keep) await removeScratch(http, PREFIX);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
