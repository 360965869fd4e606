/**
 * Writing 1k shadow reservations: ipshadow's bulk path (list POSTs to available-ips plus bulk journal entries) against
 * the anchor, the same reservations written one by one. Ratio = one-by-one / bulk (how many times faster bulk is).
 */
import { createLogger } from '../src/log/logger';
import { NetBoxBulk, ShadowWriter, type ShadowSpec } from '../src/adapters/netbox';
import { appendResult } from './lib/results';
import { benchHttp, removeScratch } from './lib/netbox';

const PREFIX = '10.201.0.0/20';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1000);
  const http = benchHttp();
  const writer = new ShadowWriter(http, new NetBoxBulk(http), 'ipshadow', createLogger('warn'));
  await removeScratch(http, PREFIX, 'ipshadow');
  await http.request('POST', '/api/ipam/prefixes/', { prefix: PREFIX, status: 'active', description: 'ipshadow benchmark scratch' });
  const range = await http.request<{ id: number }>('POST', '/api/ipam/ip-ranges/', { start_address: '10.201.0.1/20', end_address: '10.201.15.254/20', status: 'active', description: 'bench shadow range' });
  const source = { kind: 'ip-range' as const, id: range.id };
  const specs = (label: string): ShadowSpec[] => Array.from({ length: count }, (_, i) => ({ reservationId: `${label}-${i}`, resourceId: 'bench', confidence: 0.9, expiresAt: Date.now() + 3600e3 }));
  try {
    let t = process.hrtime.bigint();
    const bulk = await writer.reserve(source, specs('bulk'));
    const bulkS = Number(process.hrtime.bigint() - t) / 1e9;
    t = process.hrtime.bigint();
    const single = [];
    for (const spec of specs('single')) single.push(...(await writer.reserve(source, [spec])));
    const singleS = Number(process.hrtime.bigint() - t) / 1e9;
    const distinct = new Set([...bulk, ...single].map((r) => r.address)).size;
    if (distinct !== 2 * count) throw new Error(`expected ${2 * count} distinct addresses, got ${distinct}`);
    process.stderr.write(`bulk ${bulkS.toFixed(2)} s, one by one ${singleS.toFixed(2)} s\n`);
    appendResult({
      benchmark: `write ${count} shadow reservations (available-ips + journal)`,
      metric: 'seconds; anchor = one reservation per request',
      ipshadow: bulkS,
      anchor: singleS,
      ratio: singleS / bulkS,
      command: `npm run bench:shadow-bulk -- ${count}`,
    });
  } finally {
    await removeScratch(http, PREFIX, 'ipshadow');
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
