/**
 * Crash safety at scale: runs test/integration/live-crash.test.ts (real NetBox and Kea) with 200 kill -9 restarts and
 * records what the checks found. The anchor is the repair work itself: how many interrupted writes reconcile fixed.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { appendResult } from './lib/results';

const kills = Number(process.argv[2] ?? 200);
const root = join(__dirname, '..', '..');
const run = spawnSync('npx', ['jest', '--selectProjects', 'integration', '--testPathPatterns', 'live-crash'], {
  // Two claims per life stay claimed: a wider guarded pool in Kea and a matching NetBox range hold them all.
  cwd: root, env: { ...process.env, CRASH_TEST_KILLS: String(kills), KEA_SHADOW_POOL: '10.64.8.0 - 10.64.23.255', CRASH_TEST_RANGE: '10.64.16.0-10.64.19.255' }, encoding: 'utf8', timeout: 3_600_000,
});
const out = `${run.stdout}\n${run.stderr}`;
const line = /crash test: (\d+) kills, (\d+) reservations \((\d+) held\), (\d+)\/(\d+) keys answered, repairs (\{.*\})/.exec(out);
if (!line) {
  process.stderr.write(out.slice(-4000));
  process.exit(1);
}
const repairs = JSON.parse(line[6]!) as Record<string, number>;
const repaired = Object.values(repairs).reduce((a, b) => a + b, 0);
const passed = run.status === 0;
appendResult({
  benchmark: `crash safety: ${line[1]} × kill -9 of ipshadow serve at random points (real NetBox 4.7, Kea 2.2), ${line[2]} reservations, ${line[4]}/${line[5]} allocation keys answered; checks ${passed ? 'passed: 0 orphans, 0 duplicates, 0 lost claims' : 'FAILED'}`,
  metric: `interrupted writes repaired at restart (${Object.entries(repairs).map(([k, v]) => `${k} ${v}`).join(', ')}); anchor = kills`,
  ipshadow: repaired,
  anchor: Number(line[1]),
  ratio: repaired / Number(line[1]),
  command: `npm run bench:live-crash -- ${kills}`,
});
process.exit(passed ? 0 : 1);
