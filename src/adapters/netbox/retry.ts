/** @module Which NetBox failures are worth retrying, and how long to wait. */
import { AxiosError } from 'axios';

/** Backoff settings (from config `netbox.retry`). */
export interface RetryPolicy {
  max: number;
  baseMs: number;
  maxMs: number;
}

const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const IN_FLIGHT_ERRORS = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ERR_BAD_RESPONSE']);

/**
 * True when a retry is safe. A POST is retried only when NetBox surely did not act on it (no connection, 429,
 * 503), because available-ips is not idempotent; other methods are retried on any 5xx or transport error.
 */
export function isRetryable(err: unknown, method: string): boolean {
  if (!(err instanceof AxiosError)) return false;
  const status = err.response?.status;
  const code = err.code ?? '';
  if (status === 429 || status === 503) return true;
  if (status === undefined && CONNECT_ERRORS.has(code)) return true;
  if (method.toUpperCase() === 'POST') return false;
  return (status !== undefined && status >= 500) || (status === undefined && IN_FLIGHT_ERRORS.has(code));
}

/** Delay before attempt `attempt` (1-based): exponential with full jitter, or the server's Retry-After. */
export function backoffMs(attempt: number, policy: RetryPolicy, retryAfterHeader?: string, random = Math.random): number {
  const retryAfter = retryAfterHeader === undefined ? NaN : Number(retryAfterHeader) * 1000;
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return Math.min(retryAfter, policy.maxMs);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
