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

/** SQL type per dialect: `real` is 8-byte on both (PostgreSQL's own `real` is 4-byte). */
function columnType(type: ColumnSpec[1], dialect: Dialect): 'text' | 'integer' | 'bigint' | 'real' | 'float8' | 'bigserial' {
  if (type === 'serial') return dialect === 'postgres' ? 'bigserial' : 'integer';
  if (type === 'real') return dialect === 'postgres' ? 'float8' : 'real';
  return type;
}

/** Creates each table and its indexes if absent. */
export async function createSchema(db: Kysely<unknown>, dialect: Dialect, tables: TableSpec[], indexes: IndexSpec[]): Promise<void> {
  await createTables(db, dialect, tables);
  for (const [name, table, columns] of indexes) await db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
}

/** `[index name, table, columns]`. */
export type IndexSpec = [name: string, table: string, columns: string[]];

/** Creates each table if absent. */
export async function createTables(db: Kysely<unknown>, dialect: Dialect, tables: TableSpec[]): Promise<void> {
  for (const spec of tables) {
    let builder = db.schema.createTable(spec.name).ifNotExists();
    for (const [name, type, mod] of spec.columns) {
      const sqlType = columnType(type, dialect);
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
