/** `ipshadow demo` through the built binary: the report, its JSON twin and the backtest agree figure for figure. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as run } from './helpers/cli';

interface Metrics { allocs: number; hitRate: number; meanWaitMin: number; p99WaitMin: number; idleAddressMin: number; expired: number; cost: number }
interface Row { name: string; metrics: Metrics; vsBestStatic?: number }
interface Report {
  primary: { scenario: string; rows: Row[]; headline: { policy: string; ratio: number; shareRemoved: number; bestStatic: string } };
  reliability: { n: number; brier: number; bins: Array<{ n: number }> };
  engine: { store: string; counts: Record<string, number>; metrics: Metrics; harness: Metrics; bars: unknown[] };
}

/** Every figure the page shows for a policy, as `policy/metric` → exact value. */
function pageFigures(html: string, scenario: string): Map<string, number> {
  const re = new RegExp(`data-value="([^"]*)" data-policy="([^"]*)" data-metric="([^"]*)" data-scenario="${scenario}"`, 'g');
  return new Map([...html.matchAll(re)].map((m) => [`${m[2]}/${m[3]}`, Number(m[1])]));
}

describe('ipshadow demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-demo-it-'));
  const args = ['--days', '2', '--seed', '3'];
  let res: { code: number; stdout: string; stderr: string };
  let html: string;
  let report: Report;

  beforeAll(async () => {
    res = await run(['demo', '--out', dir, ...args, '--engine-hours', '3', '--no-others']);
    html = existsSync(join(dir, 'report.html')) ? readFileSync(join(dir, 'report.html'), 'utf8') : '';
    report = existsSync(join(dir, 'report.json')) ? JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report : ({} as Report);
  });

  it('writes report.html, report.json and the SQLite store, with plain progress lines off a terminal', () => {
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`report: ${join(dir, 'report.html')}`);
    expect(res.stdout).toMatch(/boot-storms: ipshadow lead-signal costs \d+\.\d{3} × the best tuned static pool/);
    expect(res.stderr).toContain('demo: 0% simulating boot-storms and comparing every policy');
    expect(res.stderr).toContain('demo: 100% done');
    expect(existsSync(join(dir, 'demo.db'))).toBe(true);
    expect(report.engine.store).toBe(join(dir, 'demo.db'));
  });

  it('has every section, self-contained', () => {
    for (const id of ['summary', 'policies', 'forecasts', 'reliability', 'timeline']) expect(html).toContain(`<section id="${id}">`);
    expect(html).not.toMatch(/<script|src=|href=|https?:\/\//);
    expect((html.match(/<figure class="fan"/g) ?? []).length).toBe(2);
    expect((html.match(/<rect class="res /g) ?? []).length).toBe(report.engine.bars.length);
  });

  it('shows the numbers of report.json', () => {
    const shown = pageFigures(html, 'boot-storms');
    for (const r of report.primary.rows) {
      for (const [k, v] of Object.entries(r.metrics)) expect([r.name, k, shown.get(`${r.name}/${k}`)]).toEqual([r.name, k, v]);
      if (r.vsBestStatic !== undefined) expect(shown.get(`${r.name}/vsBestStatic`)).toBe(r.vsBestStatic);
    }
    expect(html).toContain(`data-value="${report.primary.headline.ratio}" data-metric="headline.ratio"`);
    expect(html).toContain(`data-value="${report.primary.headline.shareRemoved}" data-metric="headline.shareRemoved"`);
    expect(html).toContain(`data-value="${report.reliability.brier}" data-metric="brier"`);
    expect(html).toContain(`data-value="${report.engine.metrics.cost}" data-metric="engine.cost"`);
    expect(report.reliability.bins.reduce((s, b) => s + b.n, 0)).toBe(report.reliability.n);
  });

  it('agrees with `ipshadow backtest` on the same world', async () => {
    const bt = await run(['backtest', '--sim', 'boot-storms', ...args, '--json']);
    expect(bt.code).toBe(0);
    const rows = (JSON.parse(bt.stdout) as { rows: Row[] }).rows;
    expect(report.primary.rows.map((r) => [r.name, r.metrics, r.vsBestStatic])).toEqual(rows.map((r) => [r.name, r.metrics, r.vsBestStatic]));
    const lead = rows.find((r) => r.name === 'ipshadow lead-signal')!;
    expect(report.primary.headline.ratio).toBe(lead.vsBestStatic);
    expect(report.primary.headline.shareRemoved).toBeCloseTo(1 - lead.vsBestStatic!, 12);
  });

  it('exits 2 on a bad flag', async () => {
    expect(await run(['demo', '--out', dir, '--scenario', 'nope'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--scenario') });
  });
});
