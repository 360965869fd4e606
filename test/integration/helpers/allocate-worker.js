// A second "sidecar" process for the concurrency test: allocates N shadow addresses one at a time.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const dist = join(__dirname, '..', '..', '..', 'dist');
if (!existsSync(join(dist, 'adapters', 'netbox', 'index.js'))) {
  process.stderr.write('dist/ is missing: run `npm run build` first\n');
  process.exit(2);
}
const { NetBoxHttp, NetBoxBulk, ShadowWriter } = require(join(dist, 'adapters', 'netbox'));
const { silentLogger } = require(join(dist, 'log', 'logger'));

async function main() {
  const [rangeId, count, label, startAt] = process.argv.slice(2);
  const log = silentLogger();
  const http = new NetBoxHttp({ url: process.env.NETBOX_URL, token: process.env.NETBOX_TOKEN, timeoutMs: 30000, pageSize: 1000, retry: { max: 5, baseMs: 100, maxMs: 2000 }, log });
  const writer = new ShadowWriter(http, new NetBoxBulk(http), 'ipshadow', log);
  // Both workers start on the same wall-clock instant so their requests interleave.
  await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
  const out = [];
  for (let i = 0; i < Number(count); i++) {
    const [rec] = await writer.reserve({ kind: 'ip-range', id: Number(rangeId) }, [
      { reservationId: `${label}-${i}`, resourceId: `concurrency-${label}`, confidence: 0.5, expiresAt: Date.now() + 3600e3 },
    ]);
    out.push({ ipId: rec.ipId, address: rec.address, at: Date.now() });
  }
  process.stdout.write(JSON.stringify(out));
}
main().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
