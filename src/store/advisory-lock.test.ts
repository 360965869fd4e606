import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { lockKey, openLeaderLock, type LeaderLock } from './advisory-lock';

const PG_URL = process.env.IPSHADOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// A name of its own per run: advisory locks are per database, and other runs may share this one.
const NAME = `ipshadow.test.${process.pid}.${Date.now()}`;

describe('lockKey', () => {
  it('is a fixed signed 64-bit value per name', () => {
    expect(lockKey('ipshadow.engine')).toBe(lockKey('ipshadow.engine'));
    expect(lockKey('ipshadow.engine')).not.toBe(lockKey('ipshadow.other'));
    expect(BigInt.asIntN(64, lockKey('ipshadow.engine'))).toBe(lockKey('ipshadow.engine'));
  });
});

describe('PostgreSQL advisory lock', () => {
  const locks: LeaderLock[] = [];
  const open = () => {
    const l = openLeaderLock(PG_URL, NAME, { timeoutMs: 3000 });
    locks.push(l);
    return l;
  };
  afterEach(async () => {
    for (const l of locks.splice(0)) await l.release();
  });

  it('lets exactly one of two connections win; closing the winner lets the other win', async () => {
    const [a, b] = [open(), open()];
    const won = await Promise.all([a.tryAcquire(), b.tryAcquire()]);
    expect(won.filter(Boolean)).toHaveLength(1);
    const [winner, loser] = won[0] ? [a, b] : [b, a];
    expect([await winner.check(), await loser.check(), await loser.tryAcquire(), await winner.tryAcquire()]).toEqual([true, false, false, true]);
    expect(await loser.holder()).toMatch(new RegExp(`^ipshadow-leader:.+:${process.pid} from 127\\.0\\.0\\.1 \\(backend \\d+\\)$`));
    await winner.release();
    expect(await loser.tryAcquire()).toBe(true);
    expect(await loser.check()).toBe(true);
  });

  it('reports the lock lost when its backend dies, and another connection takes it', async () => {
    const [a, b] = [open(), open()];
    expect(await a.tryAcquire()).toBe(true);
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      // What a killed leader's connection looks like from the server: the backend goes away with its session locks.
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid IN
        (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)`, [`ipshadow-leader:${require('node:os').hostname()}:${process.pid}`]);
    } finally {
      await admin.end();
    }
    expect(await b.tryAcquire()).toBe(true);
    expect(await a.check()).toBe(false);
    expect(await a.tryAcquire()).toBe(false);
  });
});

describe('SQLite lock file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-lock-'));

  it('refuses a second holder and frees the lock on release', async () => {
    const url = `sqlite:${join(dir, 'a', 'store.db')}`;
    const [a, b] = [openLeaderLock(url, 'x'), openLeaderLock(url, 'x')];
    expect([await a.tryAcquire(), await b.tryAcquire(), await a.check(), await b.check()]).toEqual([true, false, true, false]);
    await a.release();
    expect([await b.tryAcquire(), await a.tryAcquire()]).toEqual([true, false]);
    await b.release();
  });

  it('takes over the lock of a holder killed with SIGKILL', async () => {
    const url = `sqlite:${join(dir, 'b', 'store.db')}`;
    const script = `const L = require('better-sqlite3'); require('node:fs').mkdirSync(${JSON.stringify(join(dir, 'b'))}, { recursive: true });
      const db = new L(${JSON.stringify(join(dir, 'b', 'store.db.leader'))}, { timeout: 0 }); db.exec('BEGIN EXCLUSIVE'); console.log('held'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((r) => child.stdout!.once('data', () => r()));
    const lock = openLeaderLock(url, 'x');
    expect(await lock.tryAcquire()).toBe(false);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(await lock.tryAcquire()).toBe(true);
    await lock.release();
  });

  it('is always held for an in-memory store', async () => {
    const l = openLeaderLock('sqlite::memory:', 'x');
    expect([await l.tryAcquire(), await openLeaderLock('sqlite::memory:', 'x').tryAcquire()]).toEqual([true, true]);
  });
});
