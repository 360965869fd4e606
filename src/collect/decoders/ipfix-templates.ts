/** @module IPFIX template and options template sets, including withdrawals (RFC 7011 sections 3.4 and 8.1). */

import { DecodeError } from './errors';
import type { FieldSpec } from './field-plan';
import { learnTemplate } from './template-build';
import type { StoreScope } from './template-store';

/** RFC 7011 section 3.3.2: set id 2 is a Template Set. */
export const TEMPLATE_SET_ID = 2;
/** RFC 7011 section 3.3.2: set id 3 is an Options Template Set. */
export const OPTIONS_TEMPLATE_SET_ID = 3;

/** Counts from one template set. */
export interface TemplateSetResult {
  learned: number;
  withdrawn: number;
}

/** Read `count` field specifiers at `p` (4 bytes, or 8 with the enterprise bit); returns null if they run past `end`. */
function readFields(dv: DataView, p: number, end: number, count: number): { fields: FieldSpec[]; next: number } | null {
  if (p + count * 4 > end) return null; // cheapest bound first, before allocating anything
  const fields: FieldSpec[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 4 > end) return null;
    const raw = dv.getUint16(p);
    const length = dv.getUint16(p + 2);
    p += 4;
    let enterprise = 0;
    if (raw & 0x8000) {
      if (p + 4 > end) return null;
      enterprise = dv.getUint32(p);
      p += 4;
    }
    fields.push({ id: raw & 0x7fff, length, enterprise });
  }
  return { fields, next: p };
}

/** Learn or withdraw every template record in a template (set id 2) or options template (set id 3) set body. */
export function decodeIpfixTemplates(dv: DataView, setId: number, p: number, end: number, s: StoreScope): TemplateSetResult {
  const { store, exporter, domain } = s;
  const options = setId === OPTIONS_TEMPLATE_SET_ID;
  const ctx = { protocol: 'ipfix', exporter, observationDomainId: domain, setId };
  const out: TemplateSetResult = { learned: 0, withdrawn: 0 };
  while (end - p >= 4) {
    const id = dv.getUint16(p);
    const count = dv.getUint16(p + 2);
    if (count === 0) {
      if (id === 0) break; // padding
      if (id === setId) out.withdrawn += store.withdrawAllTemplates(exporter, domain, options);
      else if (store.withdrawTemplate(exporter, domain, id)) out.withdrawn++;
      p += 4;
      continue;
    }
    const head = options ? 6 : 4;
    if (p + head > end) throw new DecodeError('truncated', 'template header runs past its set', { ...ctx, templateId: id });
    const scope = options ? dv.getUint16(p + 4) : 0;
    if (options && (scope === 0 || scope > count)) throw new DecodeError('bad_template', 'options template scope count is 0 or above the field count', { ...ctx, templateId: id, scope, count });
    const read = readFields(dv, p + head, end, count);
    if (read === null) throw new DecodeError('truncated', 'template runs past its set', { ...ctx, templateId: id, count });
    learnTemplate(s, id, options, scope, read.fields, ctx);
    out.learned++;
    p = read.next;
  }
  return out;
}
