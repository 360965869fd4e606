/**
 * @module Reuses prepared SQLite statements by their SQL text: kysely prepares every query anew, and compiling the SQL
 * was a third of the store's time on the allocation API's hot path.
 */
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** The database as kysely's SQLite dialect sees it, with at most `size` prepared statements kept (least recently used out). */
export function cachingStatements(db: SqliteDatabase, size = 500): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      db.close();
    },
    prepare(sql: string): SqliteStatement {
      let stmt = cache.get(sql);
      if (stmt) {
        // Map keeps insertion order: re-inserting marks it most recently used.
        cache.delete(sql);
      } else {
        stmt = db.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}
