/** @module The record list that ends every sFlow v5 sample: `count` × (format, length, body), bounded by the sample. */
import { DecodeError } from './errors';

/**
 * Visits each record of the list at [p, end) as (format, body start, body end); `kind` names the records in errors.
 * A record running past the sample, or fewer records than `count`, is a DecodeError.
 */
export function walkSflowRecords(dv: DataView, p: number, end: number, count: number, kind: 'flow' | 'counter', visit: (format: number, start: number, end: number) => void): void {
  let q = p;
  let i = 0;
  for (; i < count && end - q >= 8; i++) {
    const fmt = dv.getUint32(q);
    const len = dv.getUint32(q + 4);
    if (len > end - q - 8) throw new DecodeError('bad_length', `${kind} record runs past its sample`, { format: fmt, length: len });
    visit(fmt, q + 8, q + 8 + len);
    q += 8 + len;
  }
  if (i < count) throw new DecodeError('bad_count', `${kind} record count exceeds the records present`, { count, present: i });
}
