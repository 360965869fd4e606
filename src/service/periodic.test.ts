import { startPeriodic } from './periodic';

describe('a periodic job', () => {
  it('reports each run as ok or failed with its duration, and never overlaps itself', async () => {
    const runs: Array<[string, number]> = [];
    const errors: string[] = [];
    let n = 0;
    let release: () => void = () => undefined;
    const job = startPeriodic(3_600_000, async () => {
      n++;
      if (n === 2) throw new Error('second fails');
      if (n === 3) await new Promise<void>((r) => (release = r));
      return n;
    }, (err) => errors.push(err.message), (result, seconds) => runs.push([result, seconds]));
    expect(await job.runNow()).toBe(1);
    expect(await job.runNow()).toBeNull();
    const third = job.runNow();
    const overlapping = job.runNow();
    release();
    expect([await third, await overlapping]).toEqual([3, null]);
    await job.idle();
    job.stop();
    expect(n).toBe(3);
    expect(errors).toEqual(['second fails']);
    expect(runs.map(([r]) => r)).toEqual(['ok', 'failed', 'ok']);
    for (const [, s] of runs) expect(s).toBeGreaterThanOrEqual(0);
  });
});
