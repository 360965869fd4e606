import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../log/logger';
import { openDb } from './connect';
import { startWalCheckpointer } from './wal-checkpointer';

/** Writes ~2 MB through a connection that never checkpoints itself; returns the database file's size after `settle`. */
async function fill(withWorker: boolean): Promise<{ dbBytes: number; walBytes: number }> {
  const path = join(mkdtempSync(join(tmpdir(), 'ipshadow-wal-')), 'store.db');
  const db = openDb(`sqlite:${path}`);
  db.sqliteFile!.autocheckpoint(0);
  // The worker raises the writer's own threshold to its safety net (20,000 pages), far above these ~500.
  const worker = withWorker ? startWalCheckpointer(db.sqliteFile!, silentLogger(), 20) : null;
  await db.kysely.schema.createTable('t').addColumn('v', 'text').execute();
  for (let i = 0; i < 200; i++) await db.kysely.insertInto('t' as never).values({ v: 'x'.repeat(10_000) } as never).execute();
  await new Promise((r) => setTimeout(r, 300));
  await worker?.stop();
  const sizes = { dbBytes: statSync(path).size, walBytes: statSync(`${path}-wal`).size };
  await db.close();
  return sizes;
}

describe('startWalCheckpointer', () => {
  it('copies the log into the database file from its own thread while the writer never checkpoints', async () => {
    const without = await fill(false);
    const withWorker = await fill(true);
    // Without it the rows stay in the log; with it they reach the database file (2 MB of rows).
    expect(without.dbBytes).toBeLessThan(100_000);
    expect(without.walBytes).toBeGreaterThan(2_000_000);
    expect(withWorker.dbBytes).toBeGreaterThan(2_000_000);
  });

  it('reports the path on the service connection only for a file store', () => {
    expect(openDb('sqlite::memory:').sqliteFile).toBeUndefined();
  });
});
