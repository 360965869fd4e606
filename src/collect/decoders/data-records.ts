/** @module Decode the data records of one NetFlow v9 data flowset or IPFIX data set through a compiled plan. */

import { applyField, readerFor, type TimeBase } from './field-plan';
import { DecodeError } from './errors';
import { emptyRecord } from './record';
import { DEFAULT_SAMPLER, type CompiledTemplate, type StoreScope } from './template-store';
import type { FlowRecord, FlowType } from './types';

/** What data records need besides their bytes: who sent them, the store and the time bases. */
export interface DataContext extends StoreScope {
  type: FlowType;
  receivedMs: number;
  time: TimeBase;
}

/** ICMP type and code carried in the destination port (type * 256 + code), as NetFlow v5 and many v9 exporters do. */
export function icmpFromPort(r: FlowRecord): void {
  if ((r.proto === 1 || r.proto === 58) && r.icmpType === 0 && r.icmpCode === 0 && r.dstPort !== 0) {
    r.icmpType = r.dstPort >>> 8;
    r.icmpCode = r.dstPort & 0xff;
  }
}

/** Finish records [from, out.length): ICMP from ports, sampling rates (caching the last sampler looked up). */
function finishRecords(out: FlowRecord[], from: number, ctx: DataContext): void {
  let lastId = -1;
  let lastRate = 0;
  for (let i = from; i < out.length; i++) {
    const r = out[i] as FlowRecord;
    if (r.samplerId !== lastId) {
      lastId = r.samplerId;
      lastRate =
        ctx.store.getSamplingRate(ctx.exporter, ctx.domain, lastId, ctx.nowMs) ??
        (lastId === DEFAULT_SAMPLER ? undefined : ctx.store.getSamplingRate(ctx.exporter, ctx.domain, DEFAULT_SAMPLER, ctx.nowMs)) ??
        0;
    }
    r.samplingRate = lastRate;
    icmpFromPort(r);
  }
}

/** Decode fixed-length records; trailing bytes shorter than one record are padding. */
function decodeFixed(dv: DataView, start: number, end: number, tpl: CompiledTemplate, ctx: DataContext, out: FlowRecord[]): void {
  const fixedLength = tpl.plan.fixedLength;
  const read = readerFor(tpl.plan);
  const t = ctx.time;
  for (let p = start; p + fixedLength <= end; p += fixedLength) {
    const r = emptyRecord(ctx.type, ctx.exporter, ctx.domain, ctx.receivedMs);
    read(dv, p, r, t);
    out.push(r);
  }
}

/** Decode records with variable-length fields (RFC 7011 section 7: 1-byte length, or 255 then a 2-byte length). */
function decodeVariable(dv: DataView, start: number, end: number, tpl: CompiledTemplate, ctx: DataContext, out: FlowRecord[]): void {
  const { ops, lengths, minLength } = tpl.plan;
  const n = ops.length;
  let p = start;
  while (end - p >= minLength) {
    const r = emptyRecord(ctx.type, ctx.exporter, ctx.domain, ctx.receivedMs);
    for (let i = 0; i < n; i++) {
      let len = lengths[i] as number;
      if (len === 65535) {
        if (p + 1 > end) throw truncatedRecord(tpl, p);
        len = dv.getUint8(p++);
        if (len === 255) {
          if (p + 2 > end) throw truncatedRecord(tpl, p);
          len = dv.getUint16(p);
          p += 2;
        }
      }
      if (p + len > end) throw truncatedRecord(tpl, p);
      applyField(r, ops[i] as number, dv, p, len, ctx.time);
      p += len;
    }
    out.push(r);
  }
}

/** The error for a record that runs past the end of its set. */
function truncatedRecord(tpl: CompiledTemplate, offset: number): DecodeError {
  return new DecodeError('bad_length', 'data record runs past the end of its set', { templateId: tpl.id, offset });
}

/** Decode all data records in [start, end) into `out`; throws DecodeError on a record cut short. */
export function decodeDataRecords(dv: DataView, start: number, end: number, tpl: CompiledTemplate, ctx: DataContext, out: FlowRecord[]): void {
  const from = out.length;
  try {
    if (tpl.plan.fixedLength > 0) decodeFixed(dv, start, end, tpl, ctx, out);
    else if (tpl.plan.fixedLength === -1) decodeVariable(dv, start, end, tpl, ctx, out);
  } finally {
    finishRecords(out, from, ctx);
  }
}
