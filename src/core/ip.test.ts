import { cidrContains, formatV4, isIpv4Text, parseCidr, parseIp } from './ip';

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

  it('isIpv4Text accepts exactly the bare addresses parseIp reads as IPv4', () => {
    const samples = ['10.0.0.1', '255.255.255.255', '0.0.0.0', '01.2.3.4', '256.1.1.1', '1.2.3', '1.2.3.4.5', '1.2.3.4/32', '::ffff:1.2.3.4', '1.2.3.1000', ' 1.2.3.4', '1.2.3.4 ', 'a.b.c.d', ''];
    for (const s of samples) expect([s, isIpv4Text(s)]).toEqual([s, parseIp(s)?.family === 4 && !s.includes('/')]);
    expect(samples.filter(isIpv4Text)).toEqual(['10.0.0.1', '255.255.255.255', '0.0.0.0', '01.2.3.4']);
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
