/** @module Runs the built `ipshadow serve` as a real child process (tests and benches), and shared NetBox fixtures. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import axios, { type AxiosInstance } from 'axios';
import type { NetBoxHttp } from '../../src/adapters/netbox';

/** The repository root: the nearest folder upwards with a package.json (works from source and from dist-bench). */
function repoRoot(from: string): string {
  for (let d = from; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) throw new Error(`no package.json above ${from}`);
  }
}

/** The built CLI entry point. */
export const CLI = join(repoRoot(__dirname), 'dist', 'cli', 'main.js');

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

/** Writes `yaml` to `configPath`, starts `ipshadow serve --no-initial-sync` and waits (≤ 60 s) until its API listens. */
export async function startSidecar(configPath: string, yaml: string, apiToken: string): Promise<Sidecar> {
  writeFileSync(configPath, yaml);
  // BENCH_SIDECAR_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the sidecar under a bench.
  const nodeArgs = process.env.BENCH_SIDECAR_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, CLI, '-c', configPath, 'serve', '--no-initial-sync'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const lines = (event: string) => stderr.split('\n').filter((l) => l.includes(`"event":"${event}"`)).map((l) => JSON.parse(l) as Record<string, unknown>);
  const deadline = Date.now() + 60_000;
  let address: string | undefined;
  while (!address) {
    if (child.exitCode !== null) throw new Error(`ipshadow serve exited ${child.exitCode}: ${stderr.slice(-2000)}`);
    if (Date.now() > deadline) {
      // A sidecar left running would go on reconciling against the shared NetBox and Kea: never leave one behind.
      child.kill('SIGKILL');
      await exited;
      throw new Error(`ipshadow serve did not listen within 60 s: ${stderr.slice(-2000)}`);
    }
    address = lines('api.listening')[0]?.address as string | undefined;
    if (!address) await new Promise((r) => setTimeout(r, 50));
  }
  const api = axios.create({ baseURL: address, headers: { authorization: `Bearer ${apiToken}` }, validateStatus: () => true, timeout: 30000 });
  return {
    child, api, log: () => stderr, events: lines,
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

/** What a live test-stack sidecar varies by; everything else is fixed (SQLite in `dir`, forecast and collect off unless given). */
export interface LiveStack {
  dir: string;
  netbox: { url: string; token: string } & Record<string, unknown>;
  apiToken: string;
  kea: { eventSocket: string; controlSocket: string };
  engine: Record<string, unknown>;
  /** Replace the fixed `forecast` and `collect` sections (both off by default). */
  forecast?: Record<string, unknown>;
  collect?: Record<string, unknown>;
  /** Settings merged into the fixed `kea` section (e.g. `hostsDatabase`, or `subnets: []` to rely on config-get). */
  keaSettings?: Record<string, unknown>;
}

/** Starts `ipshadow serve` against the test stack (Kea subnet 1 = 10.64.0.0/10); the config is JSON, which is YAML. */
export function startLiveSidecar(c: LiveStack): Promise<Sidecar> {
  return startSidecar(join(c.dir, 'ipshadow.yaml'), JSON.stringify(liveConfig(c), null, 2), c.apiToken);
}

/** The config `startLiveSidecar` runs with (JSON, which is YAML); CLI commands run beside it can share it. */
export function liveConfig(c: LiveStack): Record<string, unknown> {
  return {
    store: { url: `sqlite:${join(c.dir, 'store.db')}` },
    netbox: c.netbox,
    api: { port: 0, token: c.apiToken },
    forecast: c.forecast ?? { enabled: false },
    collect: c.collect ?? { enabled: false },
    kea: { enabled: true, eventSocket: c.kea.eventSocket, controlSocket: c.kea.controlSocket, subnets: [{ id: 1, prefix: '10.64.0.0/10' }], ...c.keaSettings },
    engine: c.engine,
    log: { level: 'info' },
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
