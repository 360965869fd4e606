import { importCsv } from './csv';
import { TraceError } from './errors';

describe('csv importer', () => {
  it('pairs keyed and unkeyed releases and accepts ISO and epoch times', () => {
    const t = importCsv('timestamp,resource,event,key\n60,r1,alloc,a\n1970-01-01T00:02:00Z,r1,alloc,\n180,r1,release,\n240,r2,allocation,x\n300,r2,release,x\n');
    expect(t.resources.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(t.events).toEqual([
      { tMs: 60_000, resourceId: 'r1', kind: 'alloc', key: 'a' },
      { tMs: 120_000, resourceId: 'r1', kind: 'alloc', key: 'csv:0' },
      { tMs: 180_000, resourceId: 'r1', kind: 'release', key: 'a' },
      { tMs: 240_000, resourceId: 'r2', kind: 'alloc', key: 'x' },
      { tMs: 300_000, resourceId: 'r2', kind: 'release', key: 'x' },
    ]);
    expect([t.startMs, t.endMs]).toEqual([60_000, 300_001]);
  });

  it('names the bad line', () => {
    expect(() => importCsv('timestamp,resource,event\n1,r,alloc\n2,r,boot\n')).toThrow(new TraceError('bad event "boot"', 3));
    expect(() => importCsv('timestamp,resource,event\n1,r,release\n')).toThrow(TraceError);
    expect(() => importCsv('time,resource\n')).toThrow('header must name');
  });
});
