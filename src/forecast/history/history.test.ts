import { allocTimes, countAhead, cutIndex, searchSorted, writeLagCounts } from './lag-counts';
import { decisionPoints, historyRows, type HistorySource } from './samples';
import { excitation, fitSelfExciting } from './self-exciting';

const S = 1_000, M = 60_000;

describe('lag counts', () => {
  // Allocations at 0 s, 30 s, 60 s (two), 150 s.
  const times = Float64Array.of(0, 30 * S, 60 * S, 60 * S, 150 * S);

  it('cuts before the events at t for a tick and after them for a decision that follows an arrival', () => {
    expect([searchSorted(times, 60 * S), searchSorted(times, 60 * S, true), searchSorted(times, -1), searchSorted(times, 999 * S)]).toEqual([2, 4, 0, 5]);
    expect([cutIndex(times, 60 * S, false), cutIndex(times, 60 * S, true)]).toEqual([2, 4]);
  });

  it('counts seen allocations per lag window and the unseen ones ahead', () => {
    // At the 2:00 tick (before its events) the seen allocations are the four up to 1:00: [1:00, 2:00) holds the two at
    // 1:00, [0:00, 1:00) the ones at 0 and 0:30, [−3:00, 0:00) none. Ahead within a minute: the one at 2:30.
    const out = new Float64Array(4).fill(-1);
    writeLagCounts(times, 120 * S, cutIndex(times, 120 * S, false), [0, 1, 2, 5], out, 1);
    expect(Array.from(out)).toEqual([-1, 2, 2, 0]);
    expect(countAhead(times, 120 * S, 4, M)).toBe(1);
    // Right after the two at 1:00: the last minute [0:00, 1:00] holds 4 (the 0:00 one sits on the edge and counts).
    writeLagCounts(times, 60 * S, cutIndex(times, 60 * S, true), [0, 1], out);
    expect(out[0]).toBe(4);
    // The window is half-open: the 2:30 allocation is ahead of a 90 s window only once it ends after 2:30.
    expect([countAhead(times, 60 * S, 4, 90 * S), countAhead(times, 60 * S, 4, 91 * S)]).toEqual([0, 1]);
    expect(countAhead(times, 60 * S, 2, 30 * S)).toBe(2);
  });

  it('collects sorted allocation times of the chosen events', () => {
    const ev = [{ tMs: 5, kind: 'alloc' }, { tMs: 1, kind: 'release' }, { tMs: 2, kind: 'alloc' }, { tMs: 3, kind: 'alloc', other: true }];
    expect(Array.from(allocTimes(ev))).toEqual([2, 3, 5]);
    expect(Array.from(allocTimes(ev, (e) => !('other' in e)))).toEqual([2, 5]);
  });
});

describe('decision points and rows', () => {
  it('takes every tick (before) and every distinct own-arrival instant (after), in time order', () => {
    const own = Float64Array.of(30 * S, 30 * S, 60 * S, 90 * S);
    const p = decisionPoints(own, 0, 120 * S, M);
    expect(Array.from(p.tMs)).toEqual([0, 30 * S, 60 * S, 60 * S, 90 * S]);
    expect(Array.from(p.after)).toEqual([0, 1, 0, 1, 1]);
  });

  it('labels each point with the allocations it has not seen within the window', () => {
    const own = Float64Array.of(30 * S, 30 * S, 60 * S, 90 * S);
    const src: HistorySource = { own, all: Float64Array.of(10 * S, 30 * S, 30 * S, 60 * S, 90 * S), ownEdgesMin: [0, 1], allEdgesMin: [0, 1] };
    const { x, y, d } = historyRows(src, decisionPoints(own, 0, 120 * S, M), M);
    expect(d).toBe(2);
    // Per point: own allocations seen in the last minute, every resource's in the last minute strictly before t (at
    // 1:30 the one at 0:10 has aged out and the one at 1:30 is not counted), then own allocations in [cut, t + 1 min).
    expect(Array.from(x)).toEqual([0, 0, 2, 1, 2, 3, 3, 3, 4, 3]);
    expect(Array.from(y)).toEqual([2, 1, 2, 1, 0]);
  });
});

describe('self-exciting score', () => {
  it('recovers μ and the kernel weights of an exact linear relation', () => {
    // y = 2 + 0.5·x1 − 1·x2 on four rows; a negligible ridge leaves the least-squares answer.
    const x = Float64Array.of(0, 0, 1, 0, 0, 1, 2, 3), y = [2, 2.5, 1, 0];
    const m = fitSelfExciting(x, y, 2, 1e-9);
    expect(Array.from(m.coef, (c) => Math.round(c * 1e6) / 1e6)).toEqual([2, 0.5, -1]);
    expect(excitation(m, [4, 1])).toBeCloseTo(3, 6);
    expect(excitation(m, x, 6)).toBeCloseTo(0, 6);
  });

  it('shrinks weights, not μ, under a ridge, and rejects a ragged design', () => {
    // Exactly y = 1 + x; a huge ridge sends the weight to 0 and μ to the mean outcome, 2.
    expect(Array.from(fitSelfExciting(Float64Array.of(0, 0, 2, 2), [1, 1, 3, 3], 1, 1e-9).coef, (c) => Math.round(c * 1e6) / 1e6)).toEqual([1, 1]);
    const m = fitSelfExciting(Float64Array.of(0, 0, 2, 2), [1, 1, 3, 3], 1, 1e9);
    expect(m.coef[0]).toBeCloseTo(2, 6);
    expect(m.coef[1]).toBeCloseTo(0, 6);
    expect(fitSelfExciting(new Float64Array(0), [], 1).coef[0]).toBe(0);
    expect(() => fitSelfExciting(Float64Array.of(1, 2, 3), [1, 2], 2)).toThrow('3 values for 2 rows of 2 features');
  });
});
