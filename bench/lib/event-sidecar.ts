/**
 * @module The sidecar's Kea event path (socket → validation → SQLite) as its own process, for bench:kea-perfdhcp.
 * Run by `startEventSidecar` in a session of its own, so the kernel's autogroups schedule it apart from perfdhcp and
 * the bench, and reniced to 10 as a whole, like the deployment's systemd unit (Nice=10) next to Kea.
 * As a script: `node event-sidecar.js SOCKET STORE_DIR`; prints "ready", and its stats as JSON when sent SIGTERM.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { KeaEventServer, storeSink, type KeaEventStats } from '../../src/adapters/kea';
import { createLogger } from '../../src/log/logger';
import { openStore } from '../../src/store';
import { setAutogroupNice } from './autogroup';

/** A running event sidecar: stop() ends it and returns what it stored. */
export interface EventSidecar {
  pid: number;
  stop(): Promise<KeaEventStats>;
}

/** Starts the event path in its own session at nice 10 (its autogroup too) and waits until it listens. */
export async function startEventSidecar(socket: string, storeDir: string): Promise<EventSidecar> {
  const child = spawn(process.execPath, [__filename, socket, storeDir], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  while (!out.includes('ready\n')) {
    if (child.exitCode !== null) throw new Error(`event sidecar exited ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const pid = child.pid!;
  setPriority(pid, 10);
  // With autogroups, a nice value counts only inside the session; the group's own nice sets its share against Kea's.
  setAutogroupNice(pid, 10);
  return {
    pid,
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
      return JSON.parse(out.split('\n').find((l) => l.startsWith('{')) ?? '{}') as KeaEventStats;
    },
  };
}

async function main(socket: string, storeDir: string): Promise<void> {
  const store = await openStore(`sqlite:${join(storeDir, 'store.db')}`);
  const server = new KeaEventServer({ path: socket, log: createLogger('warn'), sink: storeSink(store, () => () => null) });
  await server.start();
  process.stdout.write('ready\n');
  await once(process, 'SIGTERM');
  await server.stop();
  await store.close();
  process.stdout.write(`${JSON.stringify(server.stats)}\n`);
}

if (require.main === module) {
  main(process.argv[2]!, process.argv[3]!).catch((err: Error) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
  });
}
