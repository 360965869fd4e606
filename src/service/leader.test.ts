import { Registry, Gauge } from 'prom-client';
import type { LogEvent } from '../log/events';
import type { Log } from '../log/logger';
import type { LeaderLock } from '../store/advisory-lock';
import { startElection } from './leader';

/** A lock whose answers the test sets. */
function fakeLock() {
  const s = { free: false, held: false, released: 0 };
  const lock: LeaderLock = {
    tryAcquire: async () => (s.held ||= s.free),
    check: async () => s.held,
    holder: async () => (s.held ? null : 'other:1'),
    release: async () => { s.held = false; s.released++; },
  };
  return { s, lock };
}

function recordingLog() {
  const lines: Array<[LogEvent, Record<string, unknown>]> = [];
  const at = (event: LogEvent, fields: Record<string, unknown> = {}) => void lines.push([event, fields]);
  const log: Log = { debug: at, info: at, warn: at, error: at, child: () => log };
  return { lines, log };
}

describe('startElection', () => {
  it('waits (logged once), leads when the lock frees, stops the duties when it is lost, and leads again', async () => {
    const { s, lock } = fakeLock();
    const { lines, log } = recordingLog();
    const registry = new Registry();
    const gauge = new Gauge({ name: 'ipshadow_engine_leader', help: 'h', registers: [registry] });
    const duties: string[] = [];
    const e = startElection({ lock, retryMs: 60_000, log, gauge, onAcquired: async () => void duties.push('lead'), onLost: async () => void duties.push('follow') });
    const value = async () => (await gauge.get()).values[0]?.value;
    await e.round();
    await e.round();
    expect([e.isLeader(), await value(), duties]).toEqual([false, 0, []]);
    s.free = true;
    await e.round();
    expect([e.isLeader(), await value(), duties]).toEqual([true, 1, ['lead']]);
    await e.round();
    s.held = false;
    s.free = false;
    await e.round();
    expect([e.isLeader(), await value(), duties]).toEqual([false, 0, ['lead', 'follow']]);
    await e.round();
    s.free = true;
    await e.round();
    await e.stop();
    expect([e.isLeader(), await value(), duties, s.released]).toEqual([false, 0, ['lead', 'follow', 'lead', 'follow'], 1]);
    expect(lines.map(([ev]) => ev)).toEqual(['engine.leader.waiting', 'engine.leader.acquired', 'engine.leader.lost', 'engine.leader.waiting', 'engine.leader.acquired']);
    expect(lines[0]![1]).toEqual({ retrySeconds: 60, holder: 'other:1' });
  });

  it('logs the error that kept it from trying, and keeps trying', async () => {
    const { log, lines } = recordingLog();
    let calls = 0;
    const lock: LeaderLock = { tryAcquire: async () => { calls++; throw new Error('connection refused'); }, check: async () => false, holder: async () => null, release: async () => undefined };
    const e = startElection({ lock, retryMs: 60_000, log, onAcquired: async () => undefined, onLost: async () => undefined });
    await e.round();
    await e.round();
    await e.stop();
    expect([calls, lines]).toEqual([3, [['engine.leader.waiting', { retrySeconds: 60, error: 'connection refused' }]]]);
  });
});
