/** @module Upserts, deletes and prunes mirrored NetBox rows, newest `last_updated` wins. */
import type { Kysely } from 'kysely';
import type { Database, MirrorTable } from './schema';

/** A row for any mirror table, before `seen_at` is stamped. */
export type MirrorRow<T extends MirrorTable> = Omit<Database[T], 'seen_at'>;

// Keeps each statement under SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 500;

/** Reads and writes the NetBox mirror tables. */
export class MirrorRepo {
  // Kysely cannot type queries over a union of table names; the public methods stay typed.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly db: Kysely<any>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** Inserts or updates rows; an older `last_updated` never overwrites a newer one (late webhooks). */
  async upsert<T extends MirrorTable>(table: T, rows: ReadonlyArray<MirrorRow<T>>, seenAt: number): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0] as object).filter((c) => c !== 'id');
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK).map((r) => ({ ...r, seen_at: seenAt }));
      const name: string = table;
      await this.db
        .insertInto(name)
        .values(chunk)
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet((eb) => Object.fromEntries([...columns, 'seen_at'].map((c) => [c, eb.ref(`excluded.${c}`)])))
            .where((eb) =>
              eb.or([
                eb(`${name}.last_updated`, 'is', null),
                eb(`excluded.last_updated`, 'is', null),
                eb(`${name}.last_updated`, '<=', eb.ref('excluded.last_updated')),
              ]),
            ),
        )
        .execute();
    }
  }

  /** Deletes rows by id. */
  async remove(table: MirrorTable, ids: readonly number[]): Promise<number> {
    let removed = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const res = await this.db.deleteFrom(table).where('id', 'in', ids.slice(i, i + CHUNK)).executeTakeFirst();
      removed += Number(res.numDeletedRows);
    }
    return removed;
  }

  /** Deletes rows that no sync or webhook has touched since `before` (objects gone from NetBox). */
  async pruneUnseen(table: MirrorTable, before: number): Promise<number> {
    const res = await this.db.deleteFrom(table).where('seen_at', '<', before).executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  /** All rows of a table ordered by id. */
  async list<T extends MirrorTable>(table: T): Promise<Database[T][]> {
    return (await this.db.selectFrom(table).selectAll().orderBy('id').execute()) as Database[T][];
  }

  /** One row by id, or undefined. */
  async get<T extends MirrorTable>(table: T, id: number): Promise<Database[T] | undefined> {
    return (await this.db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst()) as Database[T] | undefined;
  }

  /** Row count of a table. */
  async count(table: MirrorTable): Promise<number> {
    const row = await this.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
