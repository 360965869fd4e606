/**
 * @module Makes the local NetBox, PostgreSQL and Redis behave like the remote hosts they are in a deployment: for the
 * length of a measurement they run under SCHED_IDLE and at nice 19, so on this 2-core machine they only get CPU time
 * the sidecar and the client leave. Only the CPU share changes; every request still goes to them. Nice 19 alone still
 * let them hold a core for a time slice after the sidecar woke (the kernel's wakeup preemption spares a running
 * nice-19 task until its slice ends; it always preempts an idle-policy one). With the kernel's autogroups on (each
 * session its own scheduling group), a thread's nice only counts inside its session, so each autogroup is reniced too.
 */
import { execFileSync } from 'node:child_process';
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
  // Only processes running under the normal policy are moved, and only they are put back.
  const normal = new Set(pids.filter((pid) => schedPolicy(pid) === 'SCHED_OTHER'));
  for (const pid of normal) setPolicy(pid, '--idle');
  return {
    threads: threads.length,
    restore: () => {
      // Processes and threads started meanwhile (PostgreSQL backends, NetBox's job workers) inherited the change too.
      const now = readdirSync('/proc').filter((p) => /^\d+$/.test(p) && isRemoteStack(p));
      for (const pid of now) if (!pids.includes(pid) || normal.has(pid)) setPolicy(pid, '--other');
      const known = new Set(threads.map((t) => t.tid));
      stackThreads(now).filter((t) => !known.has(t.tid) && t.nice === nice).forEach((t) => set(t.tid, 0));
      threads.forEach((t) => set(t.tid, t.nice));
      groups.forEach((g) => setAutogroupNice(g.pid, g.nice));
    },
  };
}

/** A process's scheduling policy as chrt names it (SCHED_OTHER, SCHED_IDLE, …), or null when it is gone. */
function schedPolicy(pid: string): string | null {
  try {
    return /policy: (\S+)/.exec(execFileSync('chrt', ['-p', pid], { encoding: 'utf8' }))?.[1] ?? null;
  } catch {
    return null;
  }
}

/** Sets the policy of every thread of `pid` (children forked later inherit it); a process gone meanwhile is skipped. */
export function setPolicy(pid: string, policy: '--idle' | '--other'): void {
  try {
    execFileSync('chrt', ['--all-tasks', policy, '--pid', '0', pid], { stdio: 'ignore' });
  } catch {
    // Ended meanwhile.
  }
}
