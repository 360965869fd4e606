import { renderReport } from './render';
import { packLanes } from './timeline-chart';
import type { PolicyMetrics } from '../allocate/metrics';
import type { DemoReport, ReportPolicyRow } from './types';

const m = (cost: number, hitRate: number, idle: number, expired: number): PolicyMetrics =>
  ({ allocs: 40, hitRate, meanWaitMin: 1 - hitRate, p99WaitMin: hitRate < 1 ? 1 : 0, idleAddressMin: idle, expired, cost });

/** Rows as comparePolicies gives them, with a hostile resource name to check escaping. */
function fixtureRows(): ReportPolicyRow[] {
  return [
    { name: 'on-demand', metrics: m(2400, 0, 0, 0), ms: 1 },
    { name: 'oracle', metrics: m(0, 1, 0, 0), ms: 1 },
    { name: 'aws-warm-ip (tuned)', metrics: m(1000, 0.75, 400, 0), ms: 2, vsBestStatic: 1 },
    { name: 'ipshadow lead-signal', metrics: m(250.5, 0.95, 130.25, 12), ms: 3, vsBestStatic: 0.2505 },
  ];
}

/** The whole report fixture. */
function fixtureReport(): DemoReport {
  const rows = fixtureRows();
  return {
    title: 'ipshadow demo report', generatedAt: '2026-01-01T00:00:00.000Z', version: '0.1.0', cost: { cWaste: 1, cDelay: 60, latencyMs: 60_000 }, tickMs: 60_000,
    latencyModel: 'L = 60 s',
    primary: {
      scenario: 'boot-storms', seed: 1, days: 2, resources: ['rack<1>', 'lab'], allocs: 80, startMs: 0, splitMs: 86_400_000, endMs: 172_800_000, rows,
      headline: { policy: 'ipshadow lead-signal', cost: 250.5, bestStatic: 'aws-warm-ip (tuned)', bestStaticCost: 1000, ratio: 0.2505, shareRemoved: 0.7495, oracleCost: 0 },
    },
    others: [],
    fans: [{
      resourceId: 'rack<1>', model: 'kalman-level', stepMs: 3_600_000, coverage80: 0.5, coverage95: 1,
      history: [{ tMs: 82_800_000, value: 2 }], forecast: [0, 1].map((h) => ({ tMs: 86_400_000 + h * 3_600_000, mean: 1, lo80: 0, hi80: 2, lo95: 0, hi95: 3, actual: 2 * h })),
    }],
    reliability: {
      windowMin: 2, n: 30, brier: 0.0123, auc: 0.9,
      bins: Array.from({ length: 10 }, (_, b) => ({ lo: b / 10, hi: (b + 1) / 10, n: b === 0 ? 20 : b === 9 ? 10 : 0, predicted: b === 0 ? 0.01 : b === 9 ? 0.95 : 0, observed: b === 0 ? 0.05 : b === 9 ? 0.9 : 0 })),
    },
    engine: {
      store: '/tmp/x/demo.db', fromMs: 86_400_000, toMs: 172_800_000, ms: 1200, metrics: m(300, 0.9, 150, 20), harness: rows[3]!.metrics,
      counts: { claimed: 36, expired: 1, cancelled: 19, live: 0 }, window: { fromMs: 90_000_000, toMs: 97_200_000 },
      allocations: [{ tMs: 90_600_000, resourceId: 'rack<1>' }],
      bars: [
        { resourceId: 'rack<1>', address: 'fd00:5a::1', createdMs: 90_000_000, endMs: 90_600_000, end: 'claimed' },
        { resourceId: 'rack<1>', address: 'fd00:5a::2', createdMs: 90_100_000, endMs: 90_900_000, end: 'cancelled' },
        { resourceId: 'lab', address: 'fd00:5a::3', createdMs: 91_000_000, endMs: 92_000_000, end: 'expired' },
      ],
    },
    timingsMs: { compare: 10 },
  };
}

const values = (html: string, attrs: string): number[] =>
  [...html.matchAll(new RegExp(`data-value="([^"]*)"${attrs}`, 'g'))].map((x) => Number(x[1]));

describe('renderReport', () => {
  const r = fixtureReport();
  const html = renderReport(r);

  it('is one self-contained page with every section and no script or external reference', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const id of ['summary', 'policies', 'forecasts', 'reliability', 'timeline']) expect(html).toContain(`<section id="${id}">`);
    expect(html).not.toMatch(/<script|<link|src=|href=|https?:\/\//);
    expect(html.match(/<svg /g)).toHaveLength(6 + 1 + 1 + 1);
  });

  it('shows each policy metric as the exact number it was given, formatted', () => {
    for (const row of r.primary.rows) {
      for (const [k, v] of Object.entries(row.metrics)) {
        expect(values(html, ` data-policy="${row.name.replace(/[()]/g, '\\$&')}" data-metric="${k}" data-scenario="boot-storms"`)).toEqual([v]);
      }
    }
    expect(html).toContain('data-value="250.5" data-policy="ipshadow lead-signal" data-metric="cost" data-scenario="boot-storms">251</span>');
    expect(html).toContain('data-metric="hitRate" data-scenario="boot-storms">95.0%</span>');
    expect(values(html, ' data-policy="ipshadow lead-signal" data-metric="vsBestStatic" data-scenario="boot-storms"')).toEqual([0.2505]);
    expect(values(html, ' data-policy="ipshadow lead-signal" data-metric="shareRemoved" data-scenario="boot-storms"')).toEqual([1 - 0.2505]);
  });

  it('states the headline as a ratio and as the share of the best static cost removed, and why not a ratio to the oracle', () => {
    expect(values(html, ' data-metric="headline.ratio" data-scenario="boot-storms"')).toEqual([0.2505]);
    expect(values(html, ' data-metric="headline.shareRemoved" data-scenario="boot-storms"')).toEqual([0.7495]);
    expect(html).toContain('>0.251</span>');
    expect(html).toContain('>75.0%</span>');
    expect(html).toContain('The oracle, which knows every arrival, costs 0 in this cost model');
    expect(html).toContain('c_waste = 1 per idle address-minute, c_delay = 60 per request-minute of waiting');
  });

  it('draws the reliability bins that hold forecasts, with their counts, and the engine against the harness', () => {
    expect([...html.matchAll(/<g class="bin" data-lo="([^"]+)" data-n="(\d+)"/g)].map((x) => [Number(x[1]), Number(x[2])])).toEqual([[0, 20], [0.9, 10]]);
    expect(values(html, ' data-metric="bin.n"')).toEqual(r.reliability.bins.map((b) => b.n));
    expect(values(html, ' data-metric="engine.cost"')).toEqual([300]);
    expect(values(html, ' data-metric="harness.cost"')).toEqual([250.5]);
    expect(values(html, ' data-metric="count.claimed"')).toEqual([36]);
    expect(html).toContain('The engine\'s cost is 19.8% above the harness policy\'s');
  });

  it('puts each reservation on the timeline under its resource, coloured by how it ended', () => {
    expect([...html.matchAll(/<g class="lane-group" data-resource="([^"]+)" data-bars="(\d+)"/g)].map((x) => [x[1], Number(x[2])])).toEqual([['lab', 1], ['rack&lt;1&gt;', 2]]);
    expect([...html.matchAll(/<rect class="res (\w+)"/g)].map((x) => x[1])).toEqual(['expired', 'claimed', 'cancelled']);
  });

  it('escapes names taken from the data', () => {
    expect(html).not.toContain('rack<1>');
    expect(html).toContain('rack&lt;1&gt;');
  });
});

describe('packLanes', () => {
  it('stacks overlapping reservations and reuses a lane once it is free', () => {
    const bar = (createdMs: number, endMs: number) => ({ resourceId: 'r', address: null, createdMs, endMs, end: 'claimed' as const });
    expect(packLanes([bar(0, 10), bar(5, 20), bar(10, 12), bar(15, 30), bar(21, 22)])).toEqual([0, 1, 0, 0, 1]);
  });
});
