import SQLite from 'better-sqlite3';
import { cachingStatements } from './statement-cache';

describe('cachingStatements', () => {
  it('hands back the same prepared statement for the same SQL, and evicts the least recently used past its size', () => {
    const raw = new SQLite(':memory:');
    let prepared = 0;
    const counting = { close: () => raw.close(), prepare: (sql: string) => (prepared++, raw.prepare(sql)) };
    const db = cachingStatements(counting, 2);
    const a = db.prepare('select 1 as x');
    expect(db.prepare('select 1 as x')).toBe(a);
    db.prepare('select 2 as x');
    db.prepare('select 1 as x'); // a is now the most recent, so 'select 2' goes next
    db.prepare('select 3 as x');
    expect(db.prepare('select 1 as x')).toBe(a);
    expect(prepared).toBe(3);
    db.prepare('select 2 as x');
    expect(prepared).toBe(4);
    expect(a.all([])).toEqual([{ x: 1 }]);
    db.close();
    expect(raw.open).toBe(false);
  });
});
