/** @module Named JSON cursors, so an interrupted sync resumes where it stopped. */
import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** Reads and writes sync cursors. */
export class CursorRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** The stored value, or undefined. */
  async get<T>(name: string): Promise<T | undefined> {
    const row = await this.db.selectFrom('sync_cursors').select('value').where('name', '=', name).executeTakeFirst();
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  /** Stores a value under `name`, replacing any previous one. */
  async set(name: string, value: unknown, now = Date.now()): Promise<void> {
    const text = JSON.stringify(value);
    await this.db
      .insertInto('sync_cursors')
      .values({ name, value: text, updated_at: now })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: text, updated_at: now }))
      .execute();
  }

  /** Removes a cursor. */
  async clear(name: string): Promise<void> {
    await this.db.deleteFrom('sync_cursors').where('name', '=', name).execute();
  }

  /** All cursors with their update times. */
  async all(): Promise<Array<{ name: string; value: unknown; updatedAt: number }>> {
    const rows = await this.db.selectFrom('sync_cursors').selectAll().orderBy('name').execute();
    return rows.map((r) => ({ name: r.name, value: JSON.parse(r.value) as unknown, updatedAt: r.updated_at }));
  }
}
