import type { ShadowEntry } from '../../core/shadow';
import { formatBandwidth, formatShadowTable } from './shadow';

const T = Date.UTC(2026, 10, 24, 14, 0, 0);

describe('shadow command output', () => {
  it('formats bandwidth with decimal units', () => {
    expect([null, 0, 999, 1500, 2_500_000, 7e12].map(formatBandwidth)).toEqual(['-', '0 B/s', '999 B/s', '1.5 kB/s', '2.5 MB/s', '7000.0 GB/s']);
  });

  it('prints one aligned row per entry with p50, p90, the ETA window and validity', () => {
    const e: ShadowEntry = {
      resourceId: 'group:tag:web', asOfMs: T, horizonMs: 900_000, pAny: 0.8766, quantiles: [{ p: 0.1, count: 0 }, { p: 0.5, count: 2 }, { p: 0.9, count: 5 }],
      eta: { fromMs: T + 60_000, toMs: T + 240_000 }, resourceType: 'group', expectedBandwidthBps: 1250, model: 'kalman-level', validUntilMs: T + 120_000,
    };
    const quiet: ShadowEntry = { ...e, resourceId: 'vmif:7', horizonMs: 300_000, pAny: 0.01, quantiles: [], eta: null, resourceType: 'interface', expectedBandwidthBps: null };
    expect(formatShadowTable([e, quiet]).split('\n')).toEqual([
      'RESOURCE       HORIZON  P(ANY)  P50  P90  ETA (UTC)          TYPE       BANDWIDTH  MODEL         VALID UNTIL (UTC)',
      'group:tag:web  15m      0.877   2    5    14:01:00–14:04:00  group      1.3 kB/s   kalman-level  2026-11-24 14:02:00',
      'vmif:7         5m       0.010   -    -    -                  interface  -          kalman-level  2026-11-24 14:02:00',
    ]);
  });
});
