/**
 * @module The engine's leader lock, held for the life of the process and freed by the server or the OS when it dies:
 * a PostgreSQL session advisory lock on its own connection, or, for SQLite, an exclusive SQLite transaction on a lock
 * file beside the database (a POSIX record lock that the kernel drops with the process).
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { IpshadowError } from '../core/errors';

/** A lock that at most one process holds at a time. */
export interface LeaderLock {
  /** Tries once, without waiting; true when this process now holds the lock (or already did). */
  tryAcquire(): Promise<boolean>;
  /** True while the lock is still held; false once its connection is gone (the lock is then free for others). */
  check(): Promise<boolean>;
  /** Who holds the lock, when the backend can tell (PostgreSQL: the holder's application name and address). */
  holder(): Promise<string | null>;
  /** Gives the lock up and closes its connection. */
  release(): Promise<void>;
}

/** The lock's 64-bit key: the first 8 bytes of SHA-256 of its name, as a signed bigint (PostgreSQL's int8). */
export function lockKey(name: string): bigint {
  return createHash('sha256').update(name).digest().readBigInt64BE(0);
}

/** Opens (without taking) the lock `name` for the store at `url` (`postgres://…`, `sqlite:PATH` or `sqlite::memory:`). */
export function openLeaderLock(url: string, name: string, opts: { timeoutMs?: number } = {}): LeaderLock {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return new PostgresLock(url, lockKey(name), opts.timeoutMs ?? 5000);
  if (url === 'sqlite::memory:') return alwaysHeld();
  if (url.startsWith('sqlite:')) return new SqliteFileLock(`${url.slice('sqlite:'.length)}.leader`);
  throw new IpshadowError('CONFIG_INVALID', `store.url: unsupported scheme in "${url}" (use sqlite:PATH or postgres://…)`, { url });
}

/** An in-memory store belongs to its process alone: there is nobody to share it with. */
function alwaysHeld(): LeaderLock {
  return { tryAcquire: async () => true, check: async () => true, holder: async () => null, release: async () => undefined };
}

/**
 * `pg_try_advisory_lock` on a dedicated client (never the pool: a session lock belongs to one backend). PostgreSQL
 * frees it when that backend ends, so a killed leader's lock is free as soon as the server sees its socket close.
 * Advisory locks are per database: deployments on other databases of the same server never contend.
 */
class PostgresLock implements LeaderLock {
  private client: pg.Client | null = null;
  private held = false;

  constructor(private readonly url: string, private readonly key: bigint, private readonly timeoutMs: number) {}

  private async connect(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({
      connectionString: this.url, keepAlive: true, connectionTimeoutMillis: this.timeoutMs, query_timeout: this.timeoutMs,
      application_name: `ipshadow-leader:${hostname()}:${process.pid}`,
    });
    // A dropped connection took the lock with it; the next check reports it and the next try reconnects.
    const drop = () => {
      if (this.client === client) this.client = null;
      this.held = false;
    };
    client.on('error', drop);
    client.on('end', drop);
    try {
      await client.connect();
    } catch (err) {
      drop();
      await client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
    return client;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.held && this.client) return true;
    const client = await this.connect();
    const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [this.key.toString()]);
    this.held = r.rows[0]?.ok === true && this.client === client;
    return this.held;
  }

  async check(): Promise<boolean> {
    const client = this.client;
    if (!this.held || !client) return false;
    try {
      // The session still answers, so it still holds its session lock (only an unlock or the session's end frees it).
      await client.query('SELECT 1');
      return this.held && this.client === client;
    } catch {
      this.held = false;
      this.client = null;
      await client.end().catch(() => undefined);
      return false;
    }
  }

  async holder(): Promise<string | null> {
    const client = this.client ?? (await this.connect());
    const hi = Number(BigInt.asUintN(64, this.key) >> 32n) | 0;
    const lo = Number(BigInt.asUintN(32, this.key)) | 0;
    // A bigint advisory key shows in pg_locks as classid = high half, objid = low half, objsubid = 1 (oids are unsigned).
    const r = await client.query<{ who: string }>(
      `SELECT a.application_name || coalesce(' from ' || host(a.client_addr), '') || ' (backend ' || a.pid || ')' AS who
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid::text::bigint = ($1::bigint & 4294967295) AND l.objid::text::bigint = ($2::bigint & 4294967295)`,
      [hi, lo],
    );
    return r.rows[0]?.who ?? null;
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.held = false;
    // Ending the session frees its locks; no explicit unlock needed.
    await client?.end().catch(() => undefined);
  }
}

/**
 * `BEGIN EXCLUSIVE` on `<database>.leader`, kept open: SQLite takes a POSIX record lock on the file, which a second
 * process (or a second connection in this one) cannot take, and which the kernel releases when the holder dies, so a
 * killed leader leaves no stale lock. It protects one SQLite store shared by processes on one host; POSIX locks are
 * unreliable on some network file systems, where a SQLite store does not belong anyway.
 */
class SqliteFileLock implements LeaderLock {
  private db: SQLite.Database | null = null;

  constructor(private readonly path: string) {}

  async tryAcquire(): Promise<boolean> {
    if (this.db) return true;
    mkdirSync(dirname(resolve(this.path)), { recursive: true });
    const db = new SQLite(this.path, { timeout: 0 });
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
      throw err;
    }
    this.db = db;
    return true;
  }

  async check(): Promise<boolean> {
    return this.db?.inTransaction === true;
  }

  async holder(): Promise<string | null> {
    return null;
  }

  async release(): Promise<void> {
    const db = this.db;
    this.db = null;
    if (db?.inTransaction) db.exec('ROLLBACK');
    db?.close();
  }
}
