import { seededRandom } from '../../core/random';
import { keaEventSchema, parseEventLine } from './event-line';

const valid = {
  v: 1, type: 'lease4_committed', ts: 1795500000000, address: '10.64.8.5', hwaddr: '0c:00:00:00:00:01', client_id: '01:0c:00:00:00:00:01',
  hostname: 'pxe-01', subnet_id: 1, valid_lft: 3600, group: 'group:tag:web', classes: ['IPSHADOW', 'KNOWN'],
};

/** Values that sit on either side of some field's rule. */
const PROBES: unknown[] = [
  null, undefined, 0, 1, 2, -1, 1.5, 2 ** 53, '1', '', 'x'.repeat(255), 'x'.repeat(256), true, [], {}, ['a'], [1],
  Array(65).fill('c'), Array(64).fill('c'), 'lease4_renew', 'group_claim', 'lease6_committed', '10.0.0.1', '10.0.0.256',
  '10.0.0.1/32', '::1', '::ffff:10.0.0.1', '0c:00', '0C:00', '0c:0', '0c-00', '255.255.255.255', '1.2.3', '01.2.3.4',
  'a"b', 'tab\there', 'back\\slash', 'hôst-ü', '\u2028', ['x', 'a"b'], [''], 2 ** 53 - 1, 1e21,
];

describe('parseEventLine', () => {
  it('accepts a hook line and returns its fields', () => {
    const r = parseEventLine(JSON.stringify(valid));
    expect(r).toEqual({ ok: true, event: valid });
  });

  it('names the bad field', () => {
    expect(parseEventLine(JSON.stringify({ ...valid, address: '10.0.0.300' }))).toEqual({ ok: false, reason: 'address: expected a dotted IPv4 address' });
    expect(parseEventLine(JSON.stringify({ ...valid, extra: 1 }))).toEqual({ ok: false, reason: '(root): unknown key "extra"' });
    expect(parseEventLine('{"v":1')).toEqual({ ok: false, reason: 'not JSON' });
    expect(parseEventLine('[1]')).toEqual({ ok: false, reason: '(root): expected an object' });
    const { hostname: _, ...noHostname } = valid;
    expect(parseEventLine(JSON.stringify(noHostname))).toMatchObject({ ok: false, reason: expect.stringMatching(/^hostname:/) });
  });

  it('accepts exactly what the zod specification accepts, over 20,000 mutated lines', () => {
    const rnd = seededRandom(7);
    const keys = [...Object.keys(valid), 'extra', '__proto__'];
    let accepted = 0;
    for (let i = 0; i < 20000; i++) {
      const o: Record<string, unknown> = { ...valid };
      const edits = 1 + Math.floor(rnd() * 2);
      for (let e = 0; e < edits; e++) {
        const k = keys[Math.floor(rnd() * keys.length)]!;
        const p = PROBES[Math.floor(rnd() * PROBES.length)];
        if (p === undefined) delete o[k];
        else o[k] = p;
      }
      const line = JSON.stringify(o);
      const fast = parseEventLine(line);
      const spec = keaEventSchema.safeParse(JSON.parse(line));
      if (fast.ok !== spec.success) throw new Error(`disagree on ${line}: fast ${fast.ok}, spec ${spec.success}`);
      if (fast.ok) expect(fast.event).toEqual(spec.data);
      if (fast.ok) accepted++;
    }
    // The corpus must exercise both outcomes, or agreement would prove nothing.
    expect(accepted).toBeGreaterThan(1000);
    expect(accepted).toBeLessThan(19000);
  });

  it('reads the hook\'s own rendering and any other JSON of the same event alike', () => {
    const hook = '{"v":1,"type":"lease4_committed","ts":1764000000123,"address":"10.64.8.20","hwaddr":"0c:aa:00:00:00:01","client_id":"01:0c:aa:00:00:00:01","hostname":"ci-1","subnet_id":1,"valid_lft":3600,"group":"ci","classes":["ALL","IPSHADOW","UNKNOWN"]}';
    const event = { v: 1, type: 'lease4_committed', ts: 1764000000123, address: '10.64.8.20', hwaddr: '0c:aa:00:00:00:01', client_id: '01:0c:aa:00:00:00:01', hostname: 'ci-1', subnet_id: 1, valid_lft: 3600, group: 'ci', classes: ['ALL', 'IPSHADOW', 'UNKNOWN'] };
    expect(parseEventLine(hook)).toEqual({ ok: true, event });
    expect(parseEventLine(JSON.stringify(event, null, 1))).toEqual({ ok: true, event });
    expect(parseEventLine(hook.replace('"ci-1"', '"c\\u0069-1"'))).toEqual({ ok: true, event });
    expect(parseEventLine(hook.replace('"classes":["ALL","IPSHADOW","UNKNOWN"]', '"classes":[]'))).toEqual({ ok: true, event: { ...event, classes: [] } });
    expect(parseEventLine(hook.replace('"classes":["ALL","IPSHADOW","UNKNOWN"]', '"classes":[""]'))).toEqual({ ok: true, event: { ...event, classes: [''] } });
    expect(parseEventLine(hook.replace('"ts":1764000000123', '"ts":9007199254740993'))).toEqual({ ok: false, reason: 'ts: expected a non-negative integer' });
    expect(parseEventLine(hook.replace('"ci-1"', `"${'h'.repeat(256)}"`))).toMatchObject({ ok: false, reason: expect.stringMatching(/^hostname:/) });
    expect(parseEventLine(hook.replace('10.64.8.20', '10.64.8.256'))).toEqual({ ok: false, reason: 'address: expected a dotted IPv4 address' });
  });
});
