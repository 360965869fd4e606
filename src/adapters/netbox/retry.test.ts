import { AxiosError, AxiosHeaders } from 'axios';
import { authorizationHeader } from './auth';
import { backoffMs, isRetryable } from './retry';

function httpError(status: number): AxiosError {
  const headers = new AxiosHeaders();
  return new AxiosError('x', 'ERR_BAD_RESPONSE', undefined, undefined, { status, statusText: '', headers, config: { headers }, data: {} });
}

describe('retry rules', () => {
  it('retries 429 and 503 for every method', () => {
    for (const m of ['GET', 'POST', 'PATCH', 'DELETE']) {
      expect(isRetryable(httpError(429), m)).toBe(true);
      expect(isRetryable(httpError(503), m)).toBe(true);
    }
  });

  it('never retries a POST that NetBox may have acted on', () => {
    expect(isRetryable(httpError(500), 'POST')).toBe(false);
    expect(isRetryable(new AxiosError('reset', 'ECONNRESET'), 'POST')).toBe(false);
    expect(isRetryable(new AxiosError('refused', 'ECONNREFUSED'), 'POST')).toBe(true);
  });

  it('retries 5xx and transport errors for idempotent methods, not 4xx', () => {
    expect(isRetryable(httpError(502), 'GET')).toBe(true);
    expect(isRetryable(new AxiosError('reset', 'ECONNRESET'), 'PATCH')).toBe(true);
    expect(isRetryable(httpError(400), 'GET')).toBe(false);
    expect(isRetryable(httpError(404), 'DELETE')).toBe(false);
    expect(isRetryable(new Error('plain'), 'GET')).toBe(false);
  });

  it('backs off exponentially with jitter, capped, and honours Retry-After', () => {
    const policy = { max: 5, baseMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5].map((a) => backoffMs(a, policy, undefined, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffMs(3, policy, undefined, () => 0)).toBe(200);
    expect(backoffMs(1, policy, '0.5')).toBe(500);
    expect(backoffMs(1, policy, '30')).toBe(1000);
  });
});

describe('authorization header', () => {
  it('accepts v2 and v1 tokens, bare or with their scheme', () => {
    expect(authorizationHeader('nbt_abc123.secretpart')).toBe('Bearer nbt_abc123.secretpart');
    expect(authorizationHeader('Bearer nbt_abc123.secretpart')).toBe('Bearer nbt_abc123.secretpart');
    const v1 = '0123456789abcdef0123456789abcdef01234567';
    expect(authorizationHeader(v1)).toBe(`Token ${v1}`);
    expect(authorizationHeader(`Token ${v1}`)).toBe(`Token ${v1}`);
    expect(() => authorizationHeader('short')).toThrow(/netbox\.token: expected a v2 token/);
  });
});
