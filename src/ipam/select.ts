/** @module SelectIPFromPool: pure choices of free addresses inside inclusive spans, given the addresses in use. */

/** An inclusive address interval [lo, hi]. */
export interface Span {
  lo: bigint;
  hi: bigint;
}

/** Spans of `outer` left after removing `holes` (in any order). */
export function subtract(outer: Span, holes: readonly Span[]): Span[] {
  let out: Span[] = [outer];
  for (const h of holes) {
    out = out.flatMap((s) => {
      if (h.hi < s.lo || h.lo > s.hi) return [s];
      const parts: Span[] = [];
      if (h.lo > s.lo) parts.push({ lo: s.lo, hi: h.lo - 1n });
      if (h.hi < s.hi) parts.push({ lo: h.hi + 1n, hi: s.hi });
      return parts;
    });
  }
  return out.sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
}

function* free(spans: readonly Span[], used: ReadonlySet<bigint>): Generator<bigint> {
  for (const s of spans) for (let v = s.lo; v <= s.hi; v++) if (!used.has(v)) yield v;
}

/** The `n` lowest free addresses, or null when fewer are free. */
export function lowestFree(spans: readonly Span[], used: ReadonlySet<bigint>, n: number): bigint[] | null {
  const out: bigint[] = [];
  if (n <= 0) return out;
  for (const v of free(spans, used)) if (out.push(v) === n) return out;
  return null;
}

function runFree(spans: readonly Span[], used: ReadonlySet<bigint>, from: bigint, n: number): bigint[] | null {
  const span = spans.find((s) => s.lo <= from && from + BigInt(n - 1) <= s.hi);
  if (!span) return null;
  const out = Array.from({ length: n }, (_, i) => from + BigInt(i));
  return out.some((v) => used.has(v)) ? null : out;
}

/** The first run of `n` consecutive free addresses inside one span, or null. */
export function firstRun(spans: readonly Span[], used: ReadonlySet<bigint>, n: number): bigint[] | null {
  let run: bigint[] = [];
  for (const v of free(spans, used)) {
    const last = run[run.length - 1];
    if (last !== undefined && v === last + 1n) run.push(v);
    else run = [v];
    if (run.length === n) return run;
  }
  return null;
}

/**
 * Keep-contiguous: the `n` addresses right after the resource's highest address (`anchors`), else right before its
 * lowest, else the first free run of `n`, else the lowest free ones.
 */
export function keepContiguous(spans: readonly Span[], used: ReadonlySet<bigint>, n: number, anchors: readonly bigint[]): bigint[] | null {
  if (n <= 0) return [];
  const sorted = [...anchors].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hi = sorted[sorted.length - 1], lo = sorted[0];
  return (hi !== undefined ? runFree(spans, used, hi + 1n, n) : null)
    ?? (lo !== undefined ? runFree(spans, used, lo - BigInt(n), n) : null)
    ?? firstRun(spans, used, n)
    ?? lowestFree(spans, used, n);
}
