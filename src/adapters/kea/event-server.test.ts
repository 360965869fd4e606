import { connect } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../log/logger';
import type { KeaEvent } from './event-line';
import { KeaEventServer } from './event-server';

const event = (over: Partial<KeaEvent> = {}): KeaEvent => ({
  v: 1, type: 'lease4_committed', ts: 1795500000000, address: '10.64.8.5', hwaddr: '0c:00:00:00:00:01', client_id: null,
  hostname: 'pxe-01', subnet_id: 1, valid_lft: 3600, group: 'group:tag:web', classes: ['IPSHADOW'], ...over,
});

async function send(path: string, payload: string | Buffer): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const s = connect(path, () => s.end(payload));
    s.on('close', () => resolve());
    s.on('error', reject);
  });
}

describe('KeaEventServer', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'ipshadow-kea-')), 'events.sock');
  const received: KeaEvent[] = [];
  const counts: Record<string, number> = {};
  const server = new KeaEventServer({
    path, log: silentLogger(), maxLineBytes: 1024, flushMs: 5,
    sink: async (events) => void received.push(...events),
    onCount: (result, n) => (counts[result] = (counts[result] ?? 0) + n),
  });

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('stores valid lines and counts and drops malformed and oversized ones', async () => {
    const lines = [
      JSON.stringify(event()),
      '{"v":1,"type":"lease4_committed"',
      JSON.stringify(event({ type: 'lease4_renew' as never, address: '10.64.8.300' })),
      JSON.stringify({ ...event(), extra: 1 }),
      'x'.repeat(5000),
      JSON.stringify(event({ type: 'lease4_release', hwaddr: '0c:00:00:00:00:02' })),
    ];
    await send(path, lines.join('\n') + '\n');
    await new Promise((r) => setTimeout(r, 50));
    await server.flush();
    expect(received).toEqual([event(), event({ type: 'lease4_release', hwaddr: '0c:00:00:00:00:02' })]);
    expect(server.stats).toMatchObject({ received: 5, stored: 2, malformed: 3, oversized: 1 });
    expect(counts).toEqual({ stored: 2, malformed: 3, oversized: 1 });
  });

  it('reassembles a line split across writes and keeps accepting new connections', async () => {
    const line = JSON.stringify(event({ type: 'group_claim', address: '10.64.8.9' })) + '\n';
    await new Promise<void>((resolve) => {
      const s = connect(path, () => {
        s.write(line.slice(0, 20));
        setTimeout(() => s.end(line.slice(20)), 20);
      });
      s.on('close', () => resolve());
    });
    await new Promise((r) => setTimeout(r, 50));
    await server.flush();
    expect(received[received.length - 1]).toEqual(event({ type: 'group_claim', address: '10.64.8.9' }));
    expect(server.stats.connections).toBe(2);
  });
});

describe('KeaEventServer hand-over between replicas on one socket path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-kea-'));
  const path = join(dir, 'events.sock');
  const sinkOf = (into: KeaEvent[]) => async (events: KeaEvent[]) => void into.push(...events);

  it('a new leader takes the path; the old one stopping later leaves it to the new one', async () => {
    const gotA: KeaEvent[] = [], gotB: KeaEvent[] = [];
    const a = new KeaEventServer({ path, log: silentLogger(), flushMs: 5, sink: sinkOf(gotA) });
    const b = new KeaEventServer({ path, log: silentLogger(), flushMs: 5, sink: sinkOf(gotB) });
    await a.start();
    await b.start();
    await a.stop();
    expect(existsSync(path)).toBe(true);
    await send(path, `${JSON.stringify(event({ address: '10.64.8.21' }))}\n`);
    await new Promise((r) => setTimeout(r, 30));
    await b.flush();
    expect([gotA.length, gotB.map((e) => e.address)]).toEqual([0, ['10.64.8.21']]);
    await b.stop();
    // The last owner removes its path, and no private bind name is left behind.
    expect(readdirSync(dir)).toEqual([]);
  });

  it('sweeps the private name of a process killed between bind and rename', async () => {
    const dead = join(dir, '.ipshadow-ev-999999999');
    writeFileSync(dead, '');
    const s = new KeaEventServer({ path, log: silentLogger(), sink: async () => undefined });
    await s.start();
    expect(readdirSync(dir)).toEqual(['events.sock']);
    await s.stop();
  });
});
