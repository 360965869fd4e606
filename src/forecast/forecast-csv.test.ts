import { forecastCsvLines, forecasterFor, FORECAST_CSV_HEADER } from './forecast-csv';
import { parseSeriesCsv, parseTimestamp } from './series-csv';
import { seededRandom } from '../core/random';

/** Splits one CSV line, honouring double quotes. */
function cells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') (cur += '"'), i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) out.push(cur), (cur = '');
    else cur += c;
  }
  return [...out, cur];
}

describe('series CSV', () => {
  it('groups, sorts, infers the step, and leaves gaps as NaN', () => {
    const { series, problems } = parseSeriesCsv([
      'series,timestamp,value',
      'b,2026-11-24T10:02:00Z,5',
      'a,1795500000,1',
      'a,1795500120,3',
      'a,1795500060,2',
      'b,2026-11-24T10:00:00Z,4',
      'a,1795500240,oops',
      'c,1795500000',
    ].join('\n'));
    expect(problems).toEqual([{ line: 7, reason: 'bad value "oops"' }, { line: 8, reason: 'expected 3 columns (series,timestamp,value), got 2' }]);
    expect(series.map((s) => [s.id, s.stepMs, [...s.values]])).toEqual([
      ['b', 120000, [4, 5]],
      ['a', 60000, [1, 2, 3]],
    ]);
    const gappy = parseSeriesCsv('x,0,1\nx,60,2\nx,180,4\nx,240,5').series[0]!;
    expect([...gappy.values]).toEqual([1, 2, NaN, 4, 5]);
  });

  it('reads epoch seconds, epoch milliseconds and ISO timestamps alike', () => {
    expect(parseTimestamp('1795500000')).toBe(1795500000000);
    expect(parseTimestamp('1795500000000')).toBe(1795500000000);
    expect(parseTimestamp('2026-11-24T10:00:00Z')).toBe(Date.UTC(2026, 10, 24, 10));
  });
});

describe('forecast CSV output', () => {
  const rows = (csv: string, model: 'auto' | 'kalman' | 'sarima', horizon: number, season = 24) =>
    [...forecastCsvLines(parseSeriesCsv(csv).series, horizon, forecasterFor(model, season))].map(cells);

  it('forecasts a constant series at its level with intervals that contain it', () => {
    const out = rows(Array.from({ length: 30 }, (_, i) => `const,${i * 60},7`).join('\n'), 'kalman', 3);
    expect(out.map((r) => [r[0], r[1], r[2]])).toEqual([
      ['const', '1', new Date(30 * 60000).toISOString()],
      ['const', '2', new Date(31 * 60000).toISOString()],
      ['const', '3', new Date(32 * 60000).toISOString()],
    ]);
    for (const r of out) {
      expect(Number(r[3])).toBeCloseTo(7, 6);
      expect(Number(r[6])).toBeLessThanOrEqual(Number(r[4]));
      expect(Number(r[7])).toBeGreaterThanOrEqual(Number(r[5]));
    }
  });

  it('survives short, gappy and seasonal series under auto, naming the model and any fallback', () => {
    const noise = seededRandom(3);
    const seasonal = Array.from({ length: 24 * 6 }, (_, i) => `s,${i * 3600},${10 + 5 * Math.sin((2 * Math.PI * i) / 24) + noise()}`);
    const csv = ['short,0,1', 'short,60,2', 'gappy,0,3', 'gappy,60,NaN', 'gappy,120,5', 'gappy,300,6', ...seasonal].join('\n');
    const out = rows(csv, 'auto', 24);
    const bySeries = (id: string) => out.filter((r) => r[0] === id);
    expect(bySeries('short')).toHaveLength(24);
    expect(bySeries('gappy')).toHaveLength(24);
    expect(bySeries('short').every((r) => r[8] === 'kalman-level' && r[9] === 'series too short (2 < 72)')).toBe(true);
    const s = bySeries('s');
    expect(s.every((r) => r[8] === 'sarima(1,0,1)(1,1,1)24' && r[9] === '')).toBe(true);
    // Real uncertainty: the 95% interval is wider than the 80% one, and both contain the mean.
    expect(s.every((r) => Number(r[6]) < Number(r[4]) && Number(r[4]) < Number(r[3]) && Number(r[3]) < Number(r[5]) && Number(r[5]) < Number(r[7]))).toBe(true);
    // The seasonal forecast follows the daily shape: its peak hour is near the series' peak (6 h after midnight).
    const means = s.map((r) => Number(r[3]));
    expect(Math.abs(means.indexOf(Math.max(...means)) - 5)).toBeLessThanOrEqual(2);
    expect(out.every((r) => r.length === FORECAST_CSV_HEADER.split(',').length)).toBe(true);
  });
});
