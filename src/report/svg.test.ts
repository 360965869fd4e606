import { bandPath, linePath, linear, niceMax, niceTicks } from './svg';
import { esc, num, pct, simTime } from './html';

describe('svg primitives', () => {
  it('maps a domain linearly onto pixels, inverted axes included', () => {
    const y = linear([0, 10], [200, 0]);
    expect([y(0), y(5), y(10)]).toEqual([200, 100, 0]);
    expect(linear([3, 3], [0, 100])(3)).toBe(50);
  });
  it('picks round ticks and round axis ends', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 58_920, 4)).toEqual([0, 20_000, 40_000]);
    expect([niceMax(58_920), niceMax(0.92), niceMax(0), niceMax(41)]).toEqual([60_000, 1, 1, 50]);
  });
  it('writes compact paths and closed bands', () => {
    expect(linePath([[0, 1], [2.25, 3.04]])).toBe('M0,1L2.3,3');
    expect(bandPath([0, 10], [1, 2], [5, 6])).toBe('M0,1L10,2L10,6L0,5Z');
  });
});

describe('html helpers', () => {
  it('escapes markup and formats numbers', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect([num(28351.4), num(0.1534, 3), num(NaN), pct(0.8987)]).toEqual(['28,351', '0.153', '–', '89.9%']);
    expect(simTime(7 * 86_400_000 + 9.5 * 3_600_000)).toBe('day 8 09:30');
  });
});
