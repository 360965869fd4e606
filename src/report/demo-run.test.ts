import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { comparePolicies } from '../allocate/compare';
import { scenario } from '../sim/scenarios';
import { simulate } from '../sim/world';
import { runDemo } from './demo-run';
import { busiestWindow } from './demo-engine';
import { headlineOf } from './demo-scenario';
import type { DemoReport } from './types';

describe('runDemo on two simulated days (engine on the first 3 held-out hours)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-demo-'));
  let report: DemoReport;
  let html: string;
  const stages: Array<[string, number]> = [];

  beforeAll(async () => {
    const out = await runDemo({ outDir: dir, scenario: 'boot-storms', days: 2, seed: 3, others: false, engineHours: 3, version: 'test' }, (s, d) => stages.push([s, d]));
    report = JSON.parse(readFileSync(out.json, 'utf8')) as DemoReport;
    html = readFileSync(out.html, 'utf8');
  }, 60_000);

  it('reports exactly what comparePolicies measures on the same world', () => {
    const want = comparePolicies(simulate(scenario('boot-storms', 3, 2)), { cost: { cWaste: 1, cDelay: 60, latencyMs: 60_000 }, tickMs: 60_000 });
    expect(report.primary.rows.map((r) => [r.name, r.metrics, r.vsBestStatic ?? null])).toEqual(want.rows.map((r) => [r.name, r.metrics, r.vsBestStatic ?? null]));
    const h = report.primary.headline!;
    expect(h.bestStatic).toBe(want.bestStatic!.name);
    expect(h.ratio).toBeCloseTo(want.rows.find((r) => r.name === 'ipshadow lead-signal')!.vsBestStatic!, 12);
    expect(h.shareRemoved).toBeCloseTo(1 - h.ratio, 12);
  });

  it('ran the engine on a SQLite file and read its reservations back', () => {
    expect(report.engine.store).toBe(join(dir, 'demo.db'));
    expect(report.engine.toMs - report.engine.fromMs).toBe(3 * 3_600_000);
    const c = report.engine.counts;
    // Every hit claimed a ready reservation; a claim of one still being written is a wait, not a hit.
    expect(c.claimed).toBeGreaterThanOrEqual(Math.round(report.engine.metrics.hitRate * report.engine.metrics.allocs));
    expect(c.claimed).toBeLessThanOrEqual(report.engine.metrics.allocs);
    expect(c.claimed + c.expired + c.cancelled + c.live).toBeGreaterThan(c.claimed);
    expect(report.engine.bars.length).toBeGreaterThan(0);
    expect(report.engine.bars.every((b) => b.endMs >= b.createdMs)).toBe(true);
  });

  it('writes an HTML page whose figures are the JSON numbers, with a progress report that ends at 1', () => {
    for (const r of report.primary.rows) expect(html).toContain(`data-value="${r.metrics.cost}" data-policy="${r.name}" data-metric="cost"`);
    expect(html).toContain(`data-value="${report.reliability.brier}" data-metric="brier"`);
    expect(report.fans.map((f) => f.resourceId)).toEqual(['rack-pxe', 'lab-pxe']);
    expect(report.reliability.bins.reduce((s, b) => s + b.n, 0)).toBe(report.reliability.n);
    expect(stages[stages.length - 1]).toEqual(['done', 1]);
    expect(stages.every(([, d], i) => i === 0 || d >= stages[i - 1]![1])).toBe(true);
  });
});

describe('headlineOf', () => {
  it('uses the lead-signal row against the best static pool, and reports the share removed', () => {
    const m = (cost: number) => ({ allocs: 1, hitRate: 1, meanWaitMin: 0, p99WaitMin: 0, idleAddressMin: cost, expired: 0, cost });
    const rows = [{ name: 'oracle', metrics: m(0), ms: 0 }, { name: 'aws-warm-ip (tuned)', metrics: m(400), ms: 0 }, { name: 'ipshadow kalman-newsvendor', metrics: m(80), ms: 0 }, { name: 'ipshadow lead-signal', metrics: m(100), ms: 0 }];
    expect(headlineOf({ splitMs: 0, rows, bestStatic: rows[1] })).toEqual({ policy: 'ipshadow lead-signal', cost: 100, bestStatic: 'aws-warm-ip (tuned)', bestStaticCost: 400, ratio: 0.25, shareRemoved: 0.75, oracleCost: 0 });
    expect(headlineOf({ splitMs: 0, rows: rows.slice(0, 3), bestStatic: rows[1] })?.policy).toBe('ipshadow kalman-newsvendor');
    expect(headlineOf({ splitMs: 0, rows, bestStatic: undefined })).toBeNull();
  });
});

describe('busiestWindow', () => {
  it('picks the hour-aligned window holding the most allocations', () => {
    const H = 3_600_000;
    expect(busiestWindow([0.5 * H, 3.1 * H, 3.2 * H, 4.9 * H], 0, 6 * H, 2)).toEqual({ fromMs: 3 * H, toMs: 5 * H });
    expect(busiestWindow([], 0, H, 2)).toEqual({ fromMs: 0, toMs: H });
  });
});
