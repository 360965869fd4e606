/** @module Validate announced template fields and compile them into a CompiledTemplate. */

import { DecodeError } from './errors';
import { compilePlan, sameFields, type FieldSpec } from './field-plan';
import type { CompiledTemplate, StoreScope } from './template-store';

/** RFC 3954 section 5.2 / RFC 7011 section 3.4.1: data template ids start at 256. */
export const MIN_DATA_TEMPLATE_ID = 256;

/** Check and compile one announced template; throws DecodeError for ids below 256, no fields or zero-length fields. */
export function buildTemplate(id: number, options: boolean, scopeFieldCount: number, fields: FieldSpec[], context: Record<string, unknown>): CompiledTemplate {
  if (id < MIN_DATA_TEMPLATE_ID) throw new DecodeError('bad_template', 'template id below 256', { ...context, templateId: id });
  if (fields.length === 0) throw new DecodeError('bad_template', 'template has no fields', { ...context, templateId: id });
  for (const f of fields) {
    if (f.length === 0) throw new DecodeError('zero_length_field', 'template field has length 0', { ...context, templateId: id, field: f.id });
  }
  return { id, options, scopeFieldCount, fields, plan: compilePlan(fields) };
}

/**
 * Store an announced template. Exporters resend unchanged templates often, so an identical one only refreshes the
 * stored entry and keeps its compiled plan.
 */
export function learnTemplate(s: StoreScope, id: number, options: boolean, scopeFieldCount: number, fields: FieldSpec[], context: Record<string, unknown>): void {
  const old = s.store.getTemplate(s.exporter, s.domain, id, s.nowMs);
  if (old !== undefined && old.options === options && old.scopeFieldCount === scopeFieldCount && sameFields(old.fields, fields)) {
    s.store.setTemplate(s.exporter, s.domain, old, s.nowMs);
    return;
  }
  s.store.setTemplate(s.exporter, s.domain, buildTemplate(id, options, scopeFieldCount, fields, context), s.nowMs);
}
