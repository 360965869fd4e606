/**
 * @module The sidecar's Kea event path (socket → validation → SQLite) as its own process, for bench:kea-perfdhcp.
 * Run by `startEventSidecar` in a session of its own, so the kernel's autogroups schedule it apart from perfdhcp and
 * the bench, and reniced to 10 as a whole, like the deployment's systemd unit (Nice=10) next to Kea.
 * As a script: `node event-sidecar.js SOCKET STORE_DIR [SUBNETS_JSON]`; prints "ready", a sample on SIGUSR2 (bench/lib/child-probe.ts),
 * and its stats as JSON when sent SIGTERM.
 */
import { once } from 'node:events';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { KeaEventServer, KeaSubnetTable, storeSink, type KeaEventStats, type KeaSubnet } from '../../src/adapters/kea';
import { createLogger } from '../../src/log/logger';
import { openStore } from '../../src/store';
import { setAutogroupNice } from './autogroup';
import { answerProbes, spawnProbed, type ProbeSample } from './child-probe';
import { setPolicy } from './remote-stack';

/** A running event sidecar: sample() reads its counters and CPU; stop() ends it and returns what it stored. */
export interface EventSidecar {
  pid: number;
  sample(): Promise<ProbeSample<KeaEventStats>>;
  stop(): Promise<KeaEventStats>;
}

/** How to run the sidecar: `deployed` (default) is its own session at nice 10, as next to Kea; `execArgv` adds node flags. */
export interface EventSidecarOptions {
  deployed?: boolean;
  execArgv?: string[];
  /** Kea's subnets, for lines that carry subnet 0 (Kea 2.2, events-only). */
  subnets?: KeaSubnet[];
  /** Run under SCHED_IDLE instead of nice 10: only on CPU time that Kea and perfdhcp leave (a diagnostic). */
  idle?: boolean;
}

/** Starts the event path (in its own session at nice 10, its autogroup too, when deployed) and waits until it listens. */
export async function startEventSidecar(socket: string, storeDir: string, opts: EventSidecarOptions = {}): Promise<EventSidecar> {
  const deployed = opts.deployed ?? true;
  const child = await spawnProbed<KeaEventStats>(__filename, [socket, storeDir, JSON.stringify(opts.subnets ?? [])], deployed, opts.execArgv);
  if (deployed) {
    setPriority(child.pid, 10);
    // With autogroups, a nice value counts only inside the session; the group's own nice sets its share against Kea's.
    setAutogroupNice(child.pid, 10);
  }
  if (opts.idle) setPolicy(String(child.pid), '--idle');
  return child;
}

async function main(socket: string, storeDir: string, subnetsJson: string): Promise<void> {
  const store = await openStore(`sqlite:${join(storeDir, 'store.db')}`);
  // As `serve`: Kea 2.2's events-only lines carry subnet 0, found here by address.
  const subnets = new KeaSubnetTable(JSON.parse(subnetsJson) as KeaSubnet[]);
  const sink = storeSink(store, () => () => null);
  const server = new KeaEventServer({
    path: socket, log: createLogger('warn'),
    sink: (batch) => {
      subnets.fill(batch);
      return sink(batch);
    },
  });
  await server.start();
  answerProbes(() => server.stats);
  process.stdout.write('ready\n');
  await once(process, 'SIGTERM');
  await server.stop();
  await store.close();
  process.stdout.write(`${JSON.stringify(server.stats)}\n`);
}

if (require.main === module) {
  main(process.argv[2]!, process.argv[3]!, process.argv[4] ?? '[]').catch((err: Error) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
  });
}
