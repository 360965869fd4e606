/** @module Throwaway store URLs for tests: a temp SQLite file, or a fresh PostgreSQL database on 127.0.0.1. */
import { spawnSync } from 'node:child_process';
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

/** True when the machine's PostgreSQL accepts a connection (probed in a child, so the check stays synchronous). */
function postgresAnswers(): boolean {
  const probe = `const u=new URL(process.argv[1]);require('net').connect(Number(u.port||5432),u.hostname).on('connect',()=>process.exit(0)).on('error',()=>process.exit(1));setTimeout(()=>process.exit(1),1000);`;
  return spawnSync(process.execPath, ['-e', probe, PG_ADMIN_URL], { timeout: 3000 }).status === 0;
}

/** For unit tests: SQLite always, PostgreSQL too when the machine's server answers (CI always has it). */
export const unitBackends = (): Array<[string, (label: string) => Promise<TempDb>]> => BACKENDS.filter(([name]) => name === 'sqlite' || postgresAnswers());

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
