/**
 * @module Makes the local NetBox, PostgreSQL and Redis behave like the remote hosts they are in a deployment: for the
 * length of a measurement they run at nice 19, so on this 2-core machine they stop taking the sidecar's core.
 * Only the CPU share changes; every request still goes to them. With the kernel's autogroups on (each session its own
 * scheduling group), a thread's nice only counts inside its session, so each process's autogroup is reniced as well.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { autogroupNice, setAutogroupNice } from './autogroup';

/** True for a process of the stack that a deployment runs on other hosts. */
function isRemoteStack(pid: string): boolean {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes('/opt/netbox/venv/bin/netbox') || /^postgres(\0|:|$)/.test(cmd) || cmd.includes('/bin/postgres\0') || cmd.startsWith('redis-server');
  } catch {
    return false; // gone meanwhile
  }
}

/** Every thread of every matching process, with its current nice value. */
function stackThreads(pids: readonly string[]): Array<{ tid: number; nice: number }> {
  const out: Array<{ tid: number; nice: number }> = [];
  for (const pid of pids) {
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const t of tids) {
      try {
        out.push({ tid: Number(t), nice: getPriority(Number(t)) });
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  }
  return out;
}

/**
 * Renices the stack's threads to `nice` (new threads and forked backends inherit it) and returns how many were
 * changed and a function that puts back each one's old value.
 */
export function deprioritizeStack(nice = 19): { threads: number; restore: () => void } {
  const pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p) && isRemoteStack(p));
  const groups = pids.map((pid) => ({ pid, nice: autogroupNice(pid) })).filter((g): g is { pid: string; nice: number } => g.nice !== null);
  const threads = stackThreads(pids);
  const set = (tid: number, value: number) => {
    try {
      setPriority(tid, value);
    } catch {
      // Ended meanwhile: nothing to change.
    }
  };
  for (const t of threads) set(t.tid, nice);
  for (const g of groups) setAutogroupNice(g.pid, nice);
  return {
    threads: threads.length,
    restore: () => {
      threads.forEach((t) => set(t.tid, t.nice));
      groups.forEach((g) => setAutogroupNice(g.pid, g.nice));
    },
  };
}
