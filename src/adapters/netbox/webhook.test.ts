import { IpshadowError } from '../../core/errors';
import { parseWebhookBody, signBody, verifySignature } from './webhook';

const secret = 'a-test-secret-of-some-length';

describe('webhook signature', () => {
  const body = Buffer.from('{"event":"created"}');

  it('accepts the HMAC-SHA512 of the raw body', () => {
    expect(verifySignature(secret, body, signBody(secret, body))).toBe(true);
  });

  it('rejects missing, malformed, wrong-secret and tampered signatures', () => {
    expect(verifySignature(secret, body, undefined)).toBe(false);
    expect(verifySignature(secret, body, 'abc')).toBe(false);
    expect(verifySignature(secret, body, signBody('other-secret-xxxxxxxx', body))).toBe(false);
    const sig = signBody(secret, body);
    const flipped = (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1);
    expect(verifySignature(secret, body, flipped)).toBe(false);
    expect(verifySignature(secret, Buffer.from('{"event":"deleted"}'), sig)).toBe(false);
  });
});

describe('webhook body', () => {
  const ok = { event: 'updated', timestamp: '2026-11-24T10:00:00Z', object_type: 'ipam.ipaddress', username: 'admin', request_id: 'r', data: { id: 4, address: '10.0.0.1/24' } };

  it('parses a NetBox event envelope', () => {
    expect(parseWebhookBody(Buffer.from(JSON.stringify(ok)))).toMatchObject({ event: 'updated', object_type: 'ipam.ipaddress', data: { id: 4 } });
  });

  it('names the bad field', () => {
    const bad = (b: unknown) => {
      try {
        parseWebhookBody(Buffer.from(typeof b === 'string' ? b : JSON.stringify(b)));
      } catch (err) {
        return (err as IpshadowError).message;
      }
      return 'no error';
    };
    expect(bad('{not json')).toBe('webhook body is not valid JSON');
    expect(bad({ ...ok, event: 'renamed' })).toMatch(/^webhook body invalid at event:/);
    expect(bad({ ...ok, data: { id: 'x' } })).toMatch(/^webhook body invalid at data\.id:/);
    expect(bad({ ...ok, object_type: undefined })).toMatch(/^webhook body invalid at object_type: object_type is required/);
  });
});
