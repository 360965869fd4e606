/** @module Opens the store: SQLite (default, a file under ./var) or PostgreSQL by URL, and runs migrations. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration, type MigrationProvider } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { IpshadowError } from '../core/errors';
import type { Database } from './schema';
import { cachingStatements } from './statement-cache';
import { initialMigration } from './migrations/001-initial';
import { telemetryMigration } from './migrations/002-telemetry';
import { ipamMigration } from './migrations/003-ipam';
import { allocationsMigration } from './migrations/006-allocations';
import { modelWeightsMigration } from './migrations/004-model-weights';
import { shadowInventoryMigration } from './migrations/005-shadow-inventory';
import { claimKeyMigration } from './migrations/007-claim-key';

/** The SQL dialects the store runs on. */
export type Dialect = 'sqlite' | 'postgres';

/** An open store connection. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** A SQLite store in a file: its path, and its own connection's automatic checkpoint threshold in pages. */
  sqliteFile?: { path: string; autocheckpoint(pages: number): void };
  close(): Promise<void>;
}

/** Migrations by name, in the order they apply. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return { '001-initial': initialMigration(dialect), '002-telemetry': telemetryMigration(dialect), '003-ipam': ipamMigration(dialect), '004-model-weights': modelWeightsMigration(dialect), '005-shadow-inventory': shadowInventoryMigration(dialect), '006-allocations': allocationsMigration(dialect), '007-claim-key': claimKeyMigration(dialect) };
}

/** Opens a database from `sqlite:PATH`, `sqlite::memory:` or `postgres://…`. */
export function openDb(url: string, onConnectionError: (err: Error) => void = () => undefined): Db {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    // int8 columns hold epoch ms, well inside Number's exact range.
    const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format)) };
    const pool = new pg.Pool({ connectionString: url, max: 10, types: types as pg.CustomTypesConfig });
    // An idle client dies when PostgreSQL restarts; without a listener that error would crash the process.
    pool.on('error', onConnectionError);
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
  }
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    const sqlite = new SQLite(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) });
    const sqliteFile = path === ':memory:' ? undefined : { path: resolve(path), autocheckpoint: (pages: number) => void sqlite.pragma(`wal_autocheckpoint = ${Math.floor(pages)}`) };
    return { kysely, dialect: 'sqlite', ...(sqliteFile && { sqliteFile }), close: () => kysely.destroy() };
  }
  throw new IpshadowError('CONFIG_INVALID', `store.url: unsupported scheme in "${url}" (use sqlite:PATH or postgres://…)`, { url });
}

/** Applies pending migrations; returns the names that ran. */
export async function migrate(db: Db): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(db.dialect) };
  const migrator = new Migrator({ db: db.kysely, provider, migrationTableName: 'ipshadow_migrations', migrationLockTableName: 'ipshadow_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new IpshadowError('STORE', `store migration failed: ${(error as Error).message}`, {}, error);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
