/** @module NetFlow v9 template and options template flowsets (RFC 3954 sections 5.2 and 6.1). */

import { DecodeError } from './errors';
import type { FieldSpec } from './field-plan';
import { VARIABLE_LENGTH } from './field-types';
import { learnTemplate } from './template-build';
import type { StoreScope } from './template-store';

/** Read `count` (type, length) pairs at `p`; the caller has checked they fit. */
function readFields(dv: DataView, p: number, count: number, ctx: Record<string, unknown>): FieldSpec[] {
  const fields: FieldSpec[] = new Array<FieldSpec>(count);
  for (let i = 0; i < count; i++) {
    const id = dv.getUint16(p + 4 * i);
    const length = dv.getUint16(p + 4 * i + 2);
    if (length === VARIABLE_LENGTH) throw new DecodeError('bad_template', 'NetFlow v9 has no variable-length fields', { ...ctx, field: id });
    fields[i] = { id, length, enterprise: 0 };
  }
  return fields;
}

/** Learn every template record in a template flowset body [p, end); returns how many were learned. */
export function decodeV9Templates(dv: DataView, p: number, end: number, s: StoreScope): number {
  const ctx = { protocol: 'netflow_v9', exporter: s.exporter, sourceId: s.domain };
  let learned = 0;
  while (end - p >= 4) {
    const id = dv.getUint16(p);
    const count = dv.getUint16(p + 2);
    if (id === 0 && count === 0) break; // padding
    if (p + 4 + count * 4 > end) throw new DecodeError('truncated', 'template runs past its flowset', { ...ctx, templateId: id, count });
    learnTemplate(s, id, false, 0, readFields(dv, p + 4, count, ctx), ctx);
    learned++;
    p += 4 + count * 4;
  }
  return learned;
}

/** Learn every options template record in an options template flowset body [p, end). */
export function decodeV9OptionsTemplates(dv: DataView, p: number, end: number, s: StoreScope): number {
  const ctx = { protocol: 'netflow_v9', exporter: s.exporter, sourceId: s.domain };
  let learned = 0;
  while (end - p >= 6) {
    const id = dv.getUint16(p);
    const scopeLen = dv.getUint16(p + 2);
    const optionLen = dv.getUint16(p + 4);
    if (id === 0 && scopeLen === 0 && optionLen === 0) break; // padding
    if (scopeLen % 4 !== 0 || optionLen % 4 !== 0) throw new DecodeError('bad_length', 'options template lengths not a multiple of 4', { ...ctx, templateId: id, scopeLen, optionLen });
    if (p + 6 + scopeLen + optionLen > end) throw new DecodeError('truncated', 'options template runs past its flowset', { ...ctx, templateId: id });
    const fields = readFields(dv, p + 6, (scopeLen + optionLen) / 4, ctx);
    learnTemplate(s, id, true, scopeLen / 4, fields, ctx);
    learned++;
    p += 6 + scopeLen + optionLen;
  }
  return learned;
}
