/** @module Throwaway store URLs for tests: a temp SQLite file, or a fresh PostgreSQL database on 127.0.0.1. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../../src/store';

/** Base URL of the machine's PostgreSQL (trust auth). */
export const PG_ADMIN_URL = process.env.IPSHADOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A store URL plus the cleanup that removes it. */
export interface TempDb {
  url: string;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty PostgreSQL database named after the test and process. */
export async function tempPostgres(label: string): Promise<TempDb> {
  const name = `ipshadow_t_${label}_${process.pid}_${Date.now() % 1e6}`.replace(/[^a-z0-9_]/g, '_');
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return { url, drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A SQLite file in a fresh temp folder. */
export function tempSqlite(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-store-'));
  return { url: `sqlite:${join(dir, 'store.db')}`, drop: async () => undefined };
}

/** Both backends, for `describe.each`. */
export const BACKENDS: Array<[string, (label: string) => Promise<TempDb>]> = [
  ['sqlite', async () => tempSqlite()],
  ['postgres', tempPostgres],
];

/**
 * Opens a migrated store on a fresh database for the enclosing describe block and removes both afterwards.
 * Read `.store` inside tests (it is set in beforeAll).
 */
export function useStore(makeDb: (label: string) => Promise<TempDb>, label: string): { store: Store; url: string } {
  const handle = {} as { store: Store; url: string; temp: TempDb };
  beforeAll(async () => {
    handle.temp = await makeDb(label);
    handle.url = handle.temp.url;
    handle.store = await openStore(handle.url);
  });
  afterAll(async () => {
    await handle.store?.close();
    await handle.temp?.drop();
  });
  return handle;
}
