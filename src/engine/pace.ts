/**
 * @module Lets the event loop in during long store loops. On SQLite every store call is synchronous, so a loop of
 * awaited store calls runs as one unbroken chain of microtasks: a tick creating 300 reservations held the loop for
 * 200–330 ms (profiled), and allocation API requests waited behind it.
 */

/** Every this many ms of loop work, `pace()` yields once to the event loop. */
const SLICE_MS = 2;

/** A pacer: `await pace()` inside a loop yields (setImmediate) when the loop has run SLICE_MS since its last yield. */
export function pacer(): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < SLICE_MS) return undefined;
    return new Promise<void>((resolve) => setImmediate(() => {
      since = performance.now();
      resolve();
    }));
  };
}
