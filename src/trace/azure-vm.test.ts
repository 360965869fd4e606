import { existsSync } from 'node:fs';
import { importAzureVm, parseIntervalMap, parseLine } from './azure-vm';
import { loadAzureVm } from './azure-vm-files';
import { sharedPath } from '../../test/fixtures/shared-data';

const DIR = sharedPath('traces', 'azure-vm-v1');

describe('azure-vm importer', () => {
  it('parses lines, bins and a tiny two-line trace exactly', () => {
    expect(parseLine('300 g,|,b,m,|')).toEqual({ t: 300, batches: [['g'], ['b', 'm']] });
    expect([...parseIntervalMap('0 0\n300 1\n600 2\n900 2\n')]).toEqual([[0, 150], [1, 450], [2, 900]]);
    const trace = importAzureVm(
      { flavors: '300 g,|,b,m,|\n600 a,|\n', durations: '300 U1,|,C2,U0,|\n600 U2,|\n', intervalMap: '0 0\n300 1\n600 2\n900 2\n', batchSizeMap: '1 1\n2 2\n' },
      { mode: 'batch', censorSeconds: 1500 },
    );
    expect(trace.resources.map((r) => r.id)).toEqual(['batch:1', 'batch:2']);
    expect(trace.startMs).toBe(0);
    expect(trace.events).toEqual([
      { tMs: 75_000, resourceId: 'batch:1', kind: 'alloc', key: 'vm:0:0:0' },
      { tMs: 225_000, resourceId: 'batch:2', kind: 'alloc', key: 'vm:0:1:0' },
      { tMs: 225_000, resourceId: 'batch:2', kind: 'alloc', key: 'vm:0:1:1' },
      { tMs: 375_000, resourceId: 'batch:2', kind: 'release', key: 'vm:0:1:1' },
      { tMs: 450_000, resourceId: 'batch:1', kind: 'alloc', key: 'vm:1:0:0' },
      { tMs: 525_000, resourceId: 'batch:1', kind: 'release', key: 'vm:0:0:0' },
      { tMs: 1_350_000, resourceId: 'batch:1', kind: 'release', key: 'vm:1:0:0' },
    ]);
  });

  it('places batches at seeded random times inside their bin', () => {
    const files = { flavors: '300 g,|,b,m,|\n', durations: '300 U1,|,C2,U0,|\n', intervalMap: '0 0\n300 1\n', batchSizeMap: '1 1\n' };
    const a = importAzureVm(files, { censorSeconds: 900, placementSeed: 5 }), b = importAzureVm(files, { censorSeconds: 900, placementSeed: 5 });
    expect(b.events).toEqual(a.events);
    const allocs = a.events.filter((e) => e.kind === 'alloc');
    expect(allocs.every((e) => e.tMs >= 0 && e.tMs <= 300_000)).toBe(true);
    expect(allocs[1]!.tMs === allocs[2]!.tMs || allocs[0]!.tMs === allocs[1]!.tMs).toBe(true);
  });

  (existsSync(DIR) ? it : it.skip)('imports the dev split with the raw file counts', () => {
    const t = loadAzureVm(DIR, 'dev', 'flavor');
    const allocs = t.events.filter((e) => e.kind === 'alloc').length;
    // Counted from traces_v1.dev.txt: 259159 VM tokens, 14317 of them censored (C) in the duration file.
    expect(allocs).toBe(259159);
    // 259159 − 14317 = 244842 uncensored; 426 of them end (at their bin midpoint) after the 2100000 s boundary.
    expect(t.events.length - allocs).toBe(244416);
    expect(t.resources.length).toBeGreaterThan(10);
    expect(t.startMs).toBe(1_799_700_000);
  });
});
