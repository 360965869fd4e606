import { hex } from '../../../test/fixtures/flows/hex';
import { viewOf } from './bytes';
import { DecodeError } from './errors';
import { walkSets, type SetWalk } from './set-walk';

/** A walk over the whole buffer that records each set it is handed and throws for set id 7. */
function walkOf(buf: Uint8Array, seen: [number, number, number][]): SetWalk {
  return {
    start: 0,
    end: buf.byteLength,
    names: { set: 'flowset', container: 'packet' },
    where: (id, p) => ({ setId: id, offset: p }),
    decodeSet: (id, start, end) => {
      if (id === 7) throw new DecodeError('reserved_set', 'reserved', {});
      seen.push([id, start, end]);
    },
  };
}

describe('walkSets', () => {
  it('hands each set body on, and reports a throwing set with its context and goes on', () => {
    const buf = hex('0100 0006 AAAA  0007 0004  0101 0004');
    const seen: [number, number, number][] = [];
    const errors: DecodeError[] = [];
    walkSets(viewOf(buf), walkOf(buf, seen), errors);
    expect(seen).toEqual([[0x100, 4, 6], [0x101, 14, 14]]);
    expect(errors.map((e) => [e.message, e.context])).toEqual([['reserved_set: reserved', { setId: 7, offset: 6 }]]);
  });

  it('stops at a length below 4 or one past the end, naming the set and its container', () => {
    for (const [wire, message, context] of [
      ['0100 0004  0101 0003', 'bad_length: flowset length below 4', { setId: 0x101, offset: 4, length: 3 }],
      ['0100 0004  0101 0009 00', 'truncated: flowset runs past the packet', { setId: 0x101, offset: 4, length: 9 }],
    ] as const) {
      const buf = hex(wire);
      const seen: [number, number, number][] = [];
      const errors: DecodeError[] = [];
      walkSets(viewOf(buf), walkOf(buf, seen), errors);
      expect(seen).toEqual([[0x100, 4, 4]]);
      expect(errors.map((e) => [e.message, e.context])).toEqual([[message, context]]);
    }
  });
});
