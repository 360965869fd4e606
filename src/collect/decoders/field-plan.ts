/**
 * @module Template fields compiled into a plan of (op, offset, length) on template arrival. Fixed-length plans get a
 * generated reader (one straight-line function per distinct layout, cached and bounded); variable-length records go
 * through per-op appliers generated once at load.
 */

import * as F from './field-types';
import { FIELD_HELPERS, OP_COUNT, opFor, opSource, SKIP, type TimeBase } from './field-ops';
import type { FlowRecord } from './types';

export type { TimeBase } from './field-ops';

/** One field of a template as it came off the wire. */
export interface FieldSpec {
  id: number;
  length: number;
  /** Private enterprise number, 0 for IETF fields. */
  enterprise: number;
}

/** Reads one fixed-length record at `p` into `r`. */
export type RecordReader = (dv: DataView, p: number, r: FlowRecord, t: TimeBase) => void;

/** Applies one op to `r`, reading `len` bytes at `o`. */
type Applier = (r: FlowRecord, dv: DataView, o: number, len: number, t: TimeBase) => void;

/** A template compiled for decoding: fixed plans list only useful fields; variable plans list every field. */
export interface FieldPlan {
  /** Bytes per record, or -1 when any field is variable-length. */
  fixedLength: number;
  /** Smallest possible record (variable fields count as 1 byte); always >= 1. */
  minLength: number;
  ops: Uint8Array;
  offsets: Uint16Array;
  lengths: Uint16Array;
  /** Generated reader for fixed plans, made on first use. */
  reader: RecordReader | null;
}

/** Compile template fields into a plan; the caller has already rejected zero-length fields. */
export function compilePlan(fields: readonly FieldSpec[]): FieldPlan {
  let fixed = 0;
  let min = 0;
  let variable = false;
  for (const f of fields) {
    if (f.length === F.VARIABLE_LENGTH) {
      variable = true;
      min += 1;
    } else {
      fixed += f.length;
      min += f.length;
    }
  }
  const ops = new Uint8Array(fields.length), offsets = new Uint16Array(fields.length), lengths = new Uint16Array(fields.length);
  let n = 0;
  let off = 0;
  for (const f of fields) {
    const op = f.enterprise !== 0 || f.length === F.VARIABLE_LENGTH ? SKIP : opFor(f.id, f.length);
    if (variable || op !== SKIP) {
      ops[n] = op;
      offsets[n] = off & 0xffff;
      lengths[n] = f.length;
      n++;
    }
    off += f.length;
  }
  return {
    fixedLength: variable ? -1 : fixed,
    minLength: Math.max(min, 1),
    ops: ops.subarray(0, n),
    offsets: offsets.subarray(0, n),
    lengths: lengths.subarray(0, n),
    reader: null,
  };
}

/** True when two field lists are the same, so a re-announced template can keep its compiled plan. */
export function sameFields(a: readonly FieldSpec[], b: readonly FieldSpec[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as FieldSpec, y = b[i] as FieldSpec;
    if (x.id !== y.id || x.length !== y.length || x.enterprise !== y.enterprise) return false;
  }
  return true;
}

/** Most distinct fixed layouts whose generated readers are kept; exporters use a handful each. */
const MAX_READERS = 1024;
const readers = new Map<string, RecordReader>();

/** Plans with more useful fields than this (never seen from real exporters) use a loop instead of generated code. */
const MAX_GENERATED_FIELDS = 64;

/** The generated reader for a fixed-length plan, shared by every template with the same layout. */
export function readerFor(plan: FieldPlan): RecordReader {
  if (plan.reader !== null) return plan.reader;
  if (plan.ops.length > MAX_GENERATED_FIELDS) {
    const { ops, offsets, lengths } = plan;
    plan.reader = (dv, p, r, t) => {
      for (let i = 0; i < ops.length; i++) applyField(r, ops[i] as number, dv, p + (offsets[i] as number), lengths[i] as number, t);
    };
    return plan.reader;
  }
  const key = `${plan.ops.join(',')}/${plan.offsets.join(',')}/${plan.lengths.join(',')}`;
  let reader = readers.get(key);
  if (reader === undefined) {
    const body: string[] = [];
    for (let i = 0; i < plan.ops.length; i++) body.push(opSource(plan.ops[i] as number, `p + ${plan.offsets[i] as number}`, plan.lengths[i] as number));
    reader = new Function('h', `return function readRecord(dv, p, r, t) {\n${body.join('\n')}\n};`)(FIELD_HELPERS) as RecordReader;
    if (readers.size >= MAX_READERS) readers.delete(readers.keys().next().value as string);
    readers.set(key, reader);
  }
  plan.reader = reader;
  return reader;
}

const APPLIERS: Applier[] = Array.from({ length: OP_COUNT }, (_, op) =>
  new Function('h', `return function applyOp(r, dv, o, len, t) { ${opSource(op, 'o', null)} };`)(FIELD_HELPERS) as Applier);

/** Apply one op to a record, reading `len` bytes at `off` (the path for variable-length records). */
export function applyField(r: FlowRecord, op: number, dv: DataView, off: number, len: number, t: TimeBase): void {
  if (op !== SKIP) (APPLIERS[op] as Applier)(r, dv, off, len, t);
}
