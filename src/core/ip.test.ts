import { cidrContains, formatV4, parseCidr, parseIp } from './ip';

describe('ip', () => {
  it('parses IPv4 and IPv6 with or without a length', () => {
    expect(parseIp('10.1.2.3/24')).toEqual({ family: 4, value: 0x0a010203n });
    expect(parseIp('2001:db8::1')).toEqual({ family: 6, value: 0x20010db8000000000000000000000001n });
    expect(parseIp('::ffff:10.0.0.1')).toEqual({ family: 6, value: 0xffff0a000001n });
    expect(parseIp('::')).toEqual({ family: 6, value: 0n });
    expect(parseIp('10.1.2')).toBeNull();
    expect(parseIp('256.0.0.1')).toBeNull();
    expect(parseIp('1:2:3:4:5:6:7')).toBeNull();
    expect(parseIp('1::2::3')).toBeNull();
  });

  it('tests containment by prefix', () => {
    const p = parseCidr('10.10.0.0/22')!;
    expect(cidrContains(p, parseIp('10.10.3.255')!)).toBe(true);
    expect(cidrContains(p, parseIp('10.10.4.0')!)).toBe(false);
    expect(cidrContains(parseCidr('2001:db8::/32')!, parseIp('2001:db8:ffff::1')!)).toBe(true);
    expect(cidrContains(parseCidr('0.0.0.0/0')!, parseIp('::1')!)).toBe(false);
    expect(parseCidr('10.0.0.0/33')).toBeNull();
    expect(formatV4(0x0a0a0301n)).toBe('10.10.3.1');
  });
});
