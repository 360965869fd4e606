/** @module NetBox returns choice fields (status, type, select custom fields) as `{value, label}`; writes take the bare value. */

/** The bare value of a choice object; anything else comes back unchanged. */
export function unwrapChoice(v: unknown): unknown {
  return v && typeof v === 'object' && 'value' in v ? (v as { value: unknown }).value : v;
}
