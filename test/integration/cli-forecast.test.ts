/** `ipshadow forecast` through the built binary: many series in, CSV with intervals out, bad input reported. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../src/core/random';
import { runCli as run } from './helpers/cli';

describe('ipshadow forecast', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-forecast-'));
  const input = join(dir, 'series.csv');

  beforeAll(() => {
    const noise = seededRandom(5);
    const rows = ['series,timestamp,value'];
    for (let s = 0; s < 500; s++) for (let i = 0; i < 96; i++) rows.push(`r${s},${1795500000 + i * 3600},${10 + 5 * Math.sin((2 * Math.PI * i) / 24) + noise()}`);
    rows.push('flat,1795500000,3', 'flat,1795503600,3', 'flat,1795507200,3', 'broken,yesterday,1');
    writeFileSync(input, rows.join('\n'));
  });

  it('writes a header and horizon rows per series with nested 80% and 95% intervals, and reports bad rows', async () => {
    const output = join(dir, 'out.csv');
    const res = await run(['forecast', '--input', input, '--horizon', '6', '--model', 'kalman', '--output', output]);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(`${input}:${500 * 96 + 5}: bad timestamp "yesterday" (row skipped)`);
    expect(res.stderr).toContain('forecast: 501 series, 1 rows skipped');
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('series,step,timestamp,mean,lo80,hi80,lo95,hi95,model,note');
    expect(lines).toHaveLength(1 + 501 * 6);
    const flat = lines.filter((l) => l.startsWith('flat,')).map((l) => l.split(','));
    expect(flat.map((r) => [r[1], r[2], Number(r[3])])).toEqual([1, 2, 3, 4, 5, 6].map((h) => [String(h), new Date((1795507200 + h * 3600) * 1000).toISOString(), 3]));
    for (const r of lines.slice(1).map((l) => l.split(','))) {
      const [lo95, lo80, mean, hi80, hi95] = [r[6], r[4], r[3], r[5], r[7]].map(Number);
      expect(lo95! <= lo80! && lo80! <= mean! && mean! <= hi80! && hi80! <= hi95!).toBe(true);
    }
  });

  it('uses SARIMA under auto where four seasons of data exist', async () => {
    // SARIMA fits take ~50 ms a series, so this case uses the first 5 series only.
    const few = join(dir, 'few.csv');
    writeFileSync(few, readFileSync(input, 'utf8').split('\n').filter((l) => /^(series|r[0-4]|flat),/.test(l)).join('\n'));
    const res = await run(['forecast', '--input', few, '--horizon', '24', '--season', '24']);
    expect(res.code).toBe(0);
    const rows = res.stdout.trim().split('\n').slice(1);
    expect(rows.filter((l) => l.startsWith('r0,')).every((l) => l.includes('"sarima(1,0,1)(1,1,1)24"'))).toBe(true);
    expect(rows.filter((l) => l.startsWith('flat,')).every((l) => l.includes('kalman-level,series too short'))).toBe(true);
  });

  it('forecasts with the global LSTM (tfjs, wasm backend), trained once across all series', async () => {
    const res = await run(['forecast', '--input', input, '--horizon', '6', '--model', 'lstm']);
    expect(res.code).toBe(0);
    const rows = res.stdout.trim().split('\n').slice(1).map((l) => l.split(','));
    expect(rows.filter((r) => r[0] === 'r0').map((r) => r[8])).toEqual(Array(6).fill('lstm'));
    // Too short for a window: Kalman, with the reason.
    expect(rows.filter((r) => r[0] === 'flat').every((r) => r[8]!.startsWith('kalman'))).toBe(true);
    const r0 = rows.filter((r) => r[0] === 'r0').map((r) => Number(r[3]));
    // The series swings 5–15 around 10; a trained model stays inside that band.
    expect(r0.every((m) => m > 3 && m < 17)).toBe(true);
  });

  it('exits 2 with a clear message for bad flags and for a model that does not exist', async () => {
    expect(await run(['forecast', '--input', input, '--horizon', 'x'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--horizon: Invalid input') });
    expect(await run(['forecast', '--input', input, '--horizon', '3', '--model', 'prophet'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--model') });
    expect(await run(['forecast', '--input', join(dir, 'missing.csv'), '--horizon', '3'])).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read') });
  });
});

describe('ipshadow backtest', () => {
  it('ranks the policies on a simulated world with lead traffic, as JSON', async () => {
    const res = await run(['backtest', '--sim', 'boot-storms', '--days', '4', '--json']);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { rows: Array<{ name: string; vsBestStatic?: number; metrics: { cost: number } }> };
    expect(out.rows.map((r) => r.name)).toEqual(['on-demand', 'oracle', 'aws-warm-ip (tuned)', 'cilium-watermark (tuned)', 'azure-batch (tuned)', 'ipshadow kalman-newsvendor', 'ipshadow lead-signal']);
    expect(out.rows.find((r) => r.name === 'oracle')?.metrics.cost).toBe(0);
    expect(out.rows.find((r) => r.name === 'ipshadow lead-signal')!.vsBestStatic).toBeLessThan(0.5);
  });

  it('exits 2 unless exactly one trace source is given', async () => {
    expect(await run(['backtest'])).toMatchObject({ code: 2, stderr: expect.stringContaining('give exactly one of --trace FILE, --azure DIR or --sim SCENARIO') });
    expect(await run(['backtest', '--sim', 'boot-storms', '--policy', 'aws,magic'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--policy') });
  });
});
