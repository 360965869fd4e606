/** @module Runs the built `ipshadow serve` as a real child process, and the NetBox objects the live tests share. */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import axios, { type AxiosInstance } from 'axios';
import type { NetBoxHttp } from '../../../src/adapters/netbox';
import { BIN } from './cli';
import { waitFor } from './netbox';

/** A running sidecar: its API, its log so far, and ways to end it. */
export interface Sidecar {
  child: ChildProcess;
  api: AxiosInstance;
  log(): string;
  /** Parsed log lines with this event name. */
  events(event: string): Array<Record<string, unknown>>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Writes `yaml` to `configPath`, starts `ipshadow serve --no-initial-sync` and waits until its API listens. */
export async function startSidecar(configPath: string, yaml: string, apiToken: string): Promise<Sidecar> {
  writeFileSync(configPath, yaml);
  const child = spawn(process.execPath, [BIN, '-c', configPath, 'serve', '--no-initial-sync'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const address = await waitFor('api.listening', async () => {
    if (child.exitCode !== null) throw new Error(`ipshadow serve exited ${child.exitCode}: ${stderr.slice(-2000)}`);
    const line = stderr.split('\n').find((l) => l.includes('"event":"api.listening"'));
    return line ? (JSON.parse(line) as { address: string }).address : undefined;
  }, 60000);
  const api = axios.create({ baseURL: address, headers: { authorization: `Bearer ${apiToken}` }, validateStatus: () => true, timeout: 30000 });
  const events = (event: string) => stderr.split('\n').filter((l) => l.includes(`"event":"${event}"`)).map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    child, api, log: () => stderr, events,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Finds or creates an IP range in NetBox, unpopulated so that available-ips hands out its addresses. */
export async function ensureRange(http: NetBoxHttp, start: string, end: string, description: string): Promise<number> {
  // Matched client-side: NetBox ignores filters it does not know.
  const ranges = await http.all<{ id: number; start_address: string; end_address: string }>('/api/ipam/ip-ranges/');
  const found = ranges.find((r) => r.start_address.split('/')[0] === start.split('/')[0] && r.end_address.split('/')[0] === end.split('/')[0]);
  if (found) return found.id;
  return (await http.request<{ id: number }>('POST', '/api/ipam/ip-ranges/', { start_address: start, end_address: end, status: 'active', mark_populated: false, description })).id;
}
