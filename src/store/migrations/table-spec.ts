/** @module A small declarative table spec so migrations read as data and build on SQLite and PostgreSQL alike. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../connect';

/** Column modifier: primary key, nullable, unique, or a default value (which implies NOT NULL). */
export type ColumnMod = 'pk' | 'null' | 'unique' | string | number;
/** `[name, type, modifier?]`; without a modifier the column is NOT NULL with no default. */
export type ColumnSpec = [name: string, type: 'text' | 'integer' | 'bigint' | 'real' | 'serial', mod?: ColumnMod];
/** One table. */
export interface TableSpec {
  name: string;
  columns: ColumnSpec[];
  primaryKey?: string[];
}

/** Creates each table if absent. */
export async function createTables(db: Kysely<unknown>, dialect: Dialect, tables: TableSpec[]): Promise<void> {
  for (const spec of tables) {
    let builder = db.schema.createTable(spec.name).ifNotExists();
    for (const [name, type, mod] of spec.columns) {
      const sqlType = type === 'serial' ? (dialect === 'postgres' ? 'bigserial' : 'integer') : type;
      builder = builder.addColumn(name, sqlType, (col) => {
        if (mod === 'pk') return type === 'serial' && dialect === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey();
        if (mod === 'null') return col;
        if (mod === 'unique') return col.notNull().unique();
        return mod === undefined ? col.notNull() : col.notNull().defaultTo(mod);
      });
    }
    if (spec.primaryKey) builder = builder.addPrimaryKeyConstraint(`${spec.name}_pk`, spec.primaryKey as never);
    await builder.execute();
  }
}
