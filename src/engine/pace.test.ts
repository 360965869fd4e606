import { pacer } from './pace';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe('pacer', () => {
  it('lets a waiting macrotask in once a loop has run for its slice, before the loop ends', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('request'));
    const pace = pacer();
    for (let i = 0; i < 4; i++) {
      order.push(`step ${i}`);
      busy(1.5);
      await pace();
    }
    // 6 ms of work in 1.5 ms steps crosses the 2 ms slice: the waiting macrotask runs before the loop ends, after step 0.
    const at = order.indexOf('request');
    expect([at >= 1 && at <= 3, order.filter((x) => x !== 'request')]).toEqual([true, ['step 0', 'step 1', 'step 2', 'step 3']]);
  });

  it('does not yield in a short loop', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('request'));
    const pace = pacer();
    for (let i = 0; i < 3; i++) {
      order.push(`step ${i}`);
      await pace();
    }
    expect(order).toEqual(['step 0', 'step 1', 'step 2']);
  });
});
