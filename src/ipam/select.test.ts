import { firstRun, keepContiguous, lowestFree, subtract } from './select';

const s = (lo: number, hi: number) => ({ lo: BigInt(lo), hi: BigInt(hi) });
const used = (...v: number[]) => new Set(v.map(BigInt));
const nums = (v: bigint[] | null) => v?.map(Number) ?? null;

describe('SelectIPFromPool on spans', () => {
  it('subtract cuts holes out of a span, in address order', () => {
    expect(subtract(s(0, 255), [s(200, 209), s(0, 0), s(255, 255)])).toEqual([s(1, 199), s(210, 254)]);
  });
  it('lowest free skips used addresses and crosses spans; null when too few', () => {
    expect(nums(lowestFree([s(1, 3), s(10, 12)], used(1, 3), 3))).toEqual([2, 10, 11]);
    expect(lowestFree([s(1, 3)], used(2), 3)).toBeNull();
  });
  it('first run finds the first n consecutive free addresses', () => {
    expect(nums(firstRun([s(1, 20)], used(3, 6), 3))).toEqual([7, 8, 9]);
    expect(nums(firstRun([s(1, 4), s(6, 9)], used(), 4))).toEqual([1, 2, 3, 4]);
    expect(nums(firstRun([s(1, 3), s(6, 7)], used(), 4))).toBeNull();
  });
  it('keep-contiguous extends after the resource, else before it, else first run, else lowest free', () => {
    expect(nums(keepContiguous([s(1, 20)], used(5, 9), 2, [5n]))).toEqual([6, 7]);
    expect(nums(keepContiguous([s(1, 20)], used(5, 6, 9), 2, [5n]))).toEqual([3, 4]);
    expect(nums(keepContiguous([s(1, 20)], used(3, 5, 6, 9), 2, [5n]))).toEqual([1, 2]);
    expect(nums(keepContiguous([s(1, 5)], used(2, 4), 2, []))).toEqual([1, 3]);
  });
});
