/** @module Runs the built `ipshadow` binary (dist/) as an operator would, capturing exit code and output. */
import { execFile } from 'node:child_process';
import { CLI } from '../../../bench/lib/sidecar';
import { promisify } from 'node:util';

/** The built CLI entry point; `npm run build` (part of `npm test`) makes it. */
export const BIN = CLI;

const execFileP = promisify(execFile);

/** Runs `ipshadow ARGS` with extra environment; a non-zero exit is returned, not thrown. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileP(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 300000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
