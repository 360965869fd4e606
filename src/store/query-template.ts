/**
 * @module Queries built and compiled by kysely once per SQL dialect and run again with fresh values: kysely otherwise
 * rebuilds and recompiles every query, which was half of what an allocation API hit allocated (a sampling heap profile).
 */
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema';

/** Marks a slot's placeholder value in the compiled parameters (no real value starts with a NUL). */
const SLOT = '\u0000slot:';

/** A compiled query, and for each of its parameters either the name of a slot or a constant the builder set. */
interface Compiled<Row> {
  query: CompiledQuery<Row>;
  params: ReadonlyArray<{ slot: string } | { constant: unknown }>;
}

/** A query whose values are named slots: `slot('key')` stands for the value that each run passes as `values.key`. */
export class QueryTemplate<V extends Record<string, unknown>, Row = unknown, DB = Database> {
  /** Compiled per dialect adapter (kysely shares one adapter between a database and its transactions). */
  private readonly byAdapter = new WeakMap<object, Compiled<Row>>();

  constructor(private readonly build: (db: Kysely<DB>, slot: (name: keyof V & string) => never) => Compilable<Row>) {}

  /** Runs the query on `db` (a database or a transaction) with `values` in its slots. */
  execute(db: Kysely<DB>, values: V): Promise<QueryResult<Row>> {
    const c = this.compiled(db);
    const parameters = c.params.map((p) => ('slot' in p ? values[p.slot] : p.constant));
    return db.executeQuery<Row>({ ...c.query, parameters });
  }

  private compiled(db: Kysely<DB>): Compiled<Row> {
    const adapter = db.getExecutor().adapter;
    let c = this.byAdapter.get(adapter);
    if (!c) {
      const q = this.build(db, ((name: string) => `${SLOT}${name}`) as (name: keyof V & string) => never).compile();
      const params = q.parameters.map((v) => (typeof v === 'string' && v.startsWith(SLOT) ? { slot: v.slice(SLOT.length) } : { constant: v }));
      c = { query: q, params };
      this.byAdapter.set(adapter, c);
    }
    return c;
  }
}

/** Rows affected by a write (kysely reports a bigint, or nothing for a driver that does not say). */
export const affected = (r: QueryResult<unknown>): number => Number(r.numAffectedRows ?? 0n);

