/**
 * @module The kernel's autogroups (/proc/PID/autogroup): with them on, each session is its own scheduling group and a
 * thread's nice only counts inside its session, so a bench that sets a process's CPU share sets its group's nice too.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** The nice value of `pid`'s autogroup ("/autogroup-17 nice 0"), or null without autogroups. */
export function autogroupNice(pid: number | string): number | null {
  try {
    const nice = Number(/nice (-?\d+)/.exec(readFileSync(`/proc/${pid}/autogroup`, 'utf8'))?.[1] ?? NaN);
    return Number.isFinite(nice) ? nice : null;
  } catch {
    return null;
  }
}

/** Sets `pid`'s autogroup nice; nothing happens when the process is gone or the kernel has no autogroups. */
export function setAutogroupNice(pid: number | string, nice: number): void {
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(nice));
  } catch {
    // Gone meanwhile, or no autogroups.
  }
}
