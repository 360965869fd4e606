/** @module Builds the Authorization header from a v2 (`nbt_…`) or v1 (40-hex) NetBox token. */
import { IpshadowError } from '../../core/errors';

// v1 keys were 40 hex chars; NetBox 4.5+ issues 40 alphanumerics.
const V1_TOKEN = /^[0-9A-Za-z]{40}$/;

/** Returns the Authorization header value for a token given bare or with its `Bearer`/`Token` scheme. */
export function authorizationHeader(token: string): string {
  const t = token.trim();
  if (/^(Bearer|Token) \S+$/.test(t)) return t;
  if (t.startsWith('nbt_')) return `Bearer ${t}`;
  if (V1_TOKEN.test(t)) return `Token ${t}`;
  throw new IpshadowError('CONFIG_INVALID', 'netbox.token: expected a v2 token (nbt_<key>.<token>) or a 40-character v1 token', {
    path: 'netbox.token',
  });
}
