import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExporterTable } from './exporter-table';
import { udpSocketDrops } from './socket-drops';

describe('ExporterTable', () => {
  it('refills each exporter at its rate with one second of burst, and forgets idle exporters', () => {
    const t = new ExporterTable({ maxDatagramsPerSec: 10, idleMs: 1000 });
    const refused = Array.from({ length: 12 }, () => t.admit('a', 0).refused).filter((r) => r !== null);
    expect(refused).toEqual(['rate_limit', 'rate_limit']);
    expect(t.admit('a', 500).refused).toBeNull(); // 5 tokens back after half a second
    expect(t.get('a')).toMatchObject({ datagrams: 11 });
    t.admit('b', 1400);
    expect([t.sweep(1600), t.list().map((e) => e.key)]).toEqual([1, ['b']]);
  });

  it('refuses bad limits at construction', () => {
    expect(() => new ExporterTable({ max: 0 })).toThrow(RangeError);
  });
});

describe('udpSocketDrops', () => {
  it('sums the drops column of sockets bound to the port, and says null when nothing is bound', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'ipshadow-proc-')), 'udp');
    writeFileSync(f, [
      '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
      '  100: 0100007F:0807 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1 2 0000000000000000 17',
      '  101: 00000000:0807 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1 2 0000000000000000 3',
      '  102: 0100007F:18EB 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1 2 0000000000000000 99',
    ].join('\n'));
    expect([udpSocketDrops(2055, [f]), udpSocketDrops(4739, [f]), udpSocketDrops(1, [f]), udpSocketDrops(2055, ['/nonexistent'])]).toEqual([20, null, null, null]);
  });
});
