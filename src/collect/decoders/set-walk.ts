/** @module The set walk shared by IPFIX (RFC 7011 section 3.3) and NetFlow v9 (RFC 3954 section 5): id + length, then the body. */

import { DecodeError, toDecodeError } from './errors';

/** RFC 7011 section 3.3.2 / RFC 3954 section 5.2: every set starts with a 2-byte id and a 2-byte length. */
export const SET_HEADER_LENGTH = 4;

/** How one protocol walks its sets: the byte range, the names used in errors, error context and the body decoder. */
export interface SetWalk {
  /** Offset of the first set (the message header length). */
  start: number;
  /** Offset the last set must end by (IPFIX: the message length; v9: the datagram length). */
  end: number;
  /** What the protocol calls a set and what holds it, for error messages (`set`/`message`, `flowset`/`packet`). */
  names: { set: string; container: string };
  /** Error context for the set `id` at offset `p`, built only when an error is reported. */
  where(id: number, p: number): Record<string, unknown>;
  /** Decode one set body [start, end); a throw is reported and the walk goes on with the next set. */
  decodeSet(id: number, start: number, end: number): void;
}

/** Walk the sets one after another, pushing errors; stops at a set whose length field is unusable. */
export function walkSets(dv: DataView, walk: SetWalk, errors: DecodeError[]): void {
  const { end, names } = walk;
  let p = walk.start;
  while (end - p >= SET_HEADER_LENGTH) {
    const id = dv.getUint16(p);
    const len = dv.getUint16(p + 2);
    if (len < SET_HEADER_LENGTH) {
      errors.push(new DecodeError('bad_length', `${names.set} length below 4`, { ...walk.where(id, p), length: len }));
      return;
    }
    if (p + len > end) {
      errors.push(new DecodeError('truncated', `${names.set} runs past the ${names.container}`, { ...walk.where(id, p), length: len }));
      return;
    }
    try {
      walk.decodeSet(id, p + SET_HEADER_LENGTH, p + len);
    } catch (err) {
      errors.push(toDecodeError(err, walk.where(id, p)));
    }
    p += len;
  }
}
