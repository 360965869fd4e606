/** @module Drives the real Kea test stack (test/stack/kea.sh) from integration tests. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
const STACK = join(__dirname, '..', '..', 'stack');

/** Kea versions under test. */
export const KEA_VERSIONS = ['2.2', '2.6'] as const;
export type KeaVersion = (typeof KEA_VERSIONS)[number];

/** Runs a stack script and returns stdout; failures carry the script's stderr. */
export async function stack(script: string, args: string[], timeoutMs = 240000): Promise<string> {
  try {
    const { stdout } = await execFileP(join(STACK, script), args, { timeout: timeoutMs, maxBuffer: 16 << 20 });
    return stdout;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`${script} ${args.join(' ')} failed: ${e.message}\n${(e.stderr ?? '').slice(-2000)}`);
  }
}

/** Paths and namespaces of a running (or configured) stack. */
export interface KeaStack {
  version: KeaVersion;
  serverNs: string;
  clientNs: string;
  controlSocket: string;
  eventSocket: string;
}

/** Reads `kea.sh status`. */
export async function keaStatus(version: KeaVersion): Promise<KeaStack> {
  const out = await stack('kea.sh', ['--kea', version, 'status']);
  const field = (name: string) => new RegExp(`^${name}: (.+)$`, 'm').exec(out)?.[1]?.trim() ?? '';
  const [serverNs, clientNs] = field('namespaces').split(' ');
  return { version, serverNs: serverNs!, clientNs: clientNs!, controlSocket: field('control socket'), eventSocket: field('event socket') };
}

/** One DORA by a real udhcpc client; returns what was offered and leased. */
export async function dora(version: KeaVersion, mac: string, ...flags: string[]): Promise<{ offered: string; leased: string }> {
  const out = await stack('kea.sh', ['--kea', version, 'dora', mac, ...flags]);
  return { offered: /offered=(\S*)/.exec(out)?.[1] ?? '', leased: /leased=(\S*)/.exec(out)?.[1] ?? '' };
}

/** Runs a command in a network namespace (e.g. to put an address on the link for an ARP-check decline). */
export async function inNamespace(ns: string, args: string[]): Promise<void> {
  await execFileP('ip', ['-n', ns, ...args]);
}
