/**
 * @module Options data records: learn sampling rates (RFC 3954 fields 34/48/50, RFC 7011 / RFC 5477 fields
 * 302/305/306/309/310/311) and IPFIX systemInitTimeMilliseconds (160) into the template store.
 */

import { readUint } from './bytes';
import { DecodeError } from './errors';
import * as F from './field-types';
import { DEFAULT_SAMPLER, type CompiledTemplate, type StoreScope } from './template-store';

/** Sampling facts found in one options record. */
interface OptionValues {
  samplerId: number;
  interval: number;
  packetInterval: number;
  packetSpace: number;
  size: number;
  population: number;
  probability: number;
  systemInitMs: number;
}

/** Read one option field into `v`; fields the decoder does not use are ignored. */
function readOption(v: OptionValues, dv: DataView, off: number, id: number, len: number): void {
  if (id === F.SAMPLING_PROBABILITY) {
    if (len === 8) v.probability = dv.getFloat64(off);
    else if (len === 4) v.probability = dv.getFloat32(off);
    return;
  }
  if (len < 1 || len > 8) return;
  const x = readUint(dv, off, len);
  switch (id) {
    case F.FLOW_SAMPLER_ID: case F.SELECTOR_ID: v.samplerId = x; break;
    case F.SAMPLING_INTERVAL: case F.FLOW_SAMPLER_RANDOM_INTERVAL: v.interval = x; break;
    case F.SAMPLING_PACKET_INTERVAL: v.packetInterval = x; break;
    case F.SAMPLING_PACKET_SPACE: v.packetSpace = x; break;
    case F.SAMPLING_SIZE: v.size = x; break;
    case F.SAMPLING_POPULATION: v.population = x; break;
    case F.SYSTEM_INIT_TIME_MILLISECONDS: v.systemInitMs = x; break;
    default: break;
  }
}

/** The 1-in-N rate the values describe, or 0 when they describe none. */
export function samplingRateOf(v: Omit<OptionValues, 'samplerId' | 'systemInitMs'>): number {
  if (v.interval > 0) return v.interval;
  if (v.packetInterval > 0) return (v.packetInterval + v.packetSpace) / v.packetInterval;
  if (v.size > 0 && v.population > 0) return v.population / v.size;
  if (v.probability > 0 && v.probability <= 1) return Math.round(1 / v.probability);
  return 0;
}

/**
 * Decode options records in [start, end) and store what they say. `scopeIsIe` is true for IPFIX (scope fields
 * are information elements) and false for NetFlow v9 (scope fields are opaque scope types). Returns the record count.
 */
export function decodeOptionsRecords(dv: DataView, start: number, end: number, tpl: CompiledTemplate, scopeIsIe: boolean, s: StoreScope): number {
  let p = start;
  let count = 0;
  while (end - p >= tpl.plan.minLength) {
    const v: OptionValues = { samplerId: DEFAULT_SAMPLER, interval: 0, packetInterval: 0, packetSpace: 0, size: 0, population: 0, probability: 0, systemInitMs: 0 };
    for (let i = 0; i < tpl.fields.length; i++) {
      const f = tpl.fields[i] as (typeof tpl.fields)[number];
      let len = f.length;
      if (len === F.VARIABLE_LENGTH) {
        if (p + 1 > end) throw cut(tpl, p);
        len = dv.getUint8(p++);
        if (len === 255) {
          if (p + 2 > end) throw cut(tpl, p);
          len = dv.getUint16(p);
          p += 2;
        }
      }
      if (p + len > end) throw cut(tpl, p);
      if (f.enterprise === 0 && (scopeIsIe || i >= tpl.scopeFieldCount)) readOption(v, dv, p, f.id, len);
      p += len;
    }
    count++;
    const rate = samplingRateOf(v);
    if (rate > 0) s.store.setSamplingRate(s.exporter, s.domain, v.samplerId, rate, s.nowMs);
    if (v.systemInitMs > 0) s.store.setSystemInitMs(s.exporter, s.domain, v.systemInitMs, s.nowMs);
  }
  return count;
}

/** The error for an options record that runs past the end of its set. */
function cut(tpl: CompiledTemplate, offset: number): DecodeError {
  return new DecodeError('bad_length', 'options record runs past the end of its set', { templateId: tpl.id, offset });
}
