/** @module Error classes with stable codes; HTTP mapping lives in api/errors.ts. */

/** Stable machine-readable error codes used across ipshadow. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'NETBOX_UNREACHABLE'
  | 'NETBOX_HTTP'
  | 'NETBOX_NO_ROOM'
  | 'WEBHOOK_SIGNATURE'
  | 'WEBHOOK_BODY'
  | 'STORE'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'KEA_UNREACHABLE'
  | 'KEA_COMMAND'
  | 'FLOW_DECODE';

/** Base error: a stable `code`, context fields for logs and an optional cause. */
export class IpshadowError extends Error {
  readonly code: ErrorCode;
  readonly context: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, context: Record<string, unknown> = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'IpshadowError';
    this.code = code;
    this.context = context;
  }
}

/** True when `err` is an IpshadowError with the given code. */
export function hasCode(err: unknown, code: ErrorCode): err is IpshadowError {
  return err instanceof IpshadowError && err.code === code;
}
