/**
 * @module A bench child process that can be asked, mid-run, for its counters and the CPU it has used since it said
 * "ready" (SIGUSR2 → one `sample {json}` line on stdout), so a bench charges a server's CPU alone, not its writer's.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** One answer of a probed child: its counters and user+system CPU µs since "ready". */
export interface ProbeSample<S> {
  stats: S;
  cpuMicros: number;
}

/** A running probed child. */
export interface ProbedChild<S> {
  pid: number;
  sample(): Promise<ProbeSample<S>>;
  /** SIGTERM, then the child's last line starting with "{" (its final stats). */
  stop(): Promise<S>;
}

/** Spawns `node script ...args` (its own session when `detached`) and waits for its "ready" line. */
export async function spawnProbed<S>(script: string, args: string[], detached: boolean, execArgv: string[] = []): Promise<ProbedChild<S>> {
  const child = spawn(process.execPath, [...execArgv, script, ...args], { detached, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const lines = () => out.split('\n');
  while (!out.includes('ready\n')) {
    if (child.exitCode !== null) throw new Error(`${script} exited ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  let asked = 0;
  return {
    pid: child.pid!,
    async sample() {
      const want = ++asked;
      child.kill('SIGUSR2');
      while (lines().filter((l) => l.startsWith('sample ')).length < want) await new Promise((r) => setTimeout(r, 2));
      return JSON.parse(lines().filter((l) => l.startsWith('sample '))[want - 1]!.slice('sample '.length)) as ProbeSample<S>;
    },
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
      return JSON.parse(lines().filter((l) => l.startsWith('{')).pop() ?? '{}') as S;
    },
  };
}

/** The child's side: answers SIGUSR2 with a sample of `stats()`; call once it is ready, before printing "ready". */
export function answerProbes<S>(stats: () => S): void {
  const since = process.cpuUsage();
  process.on('SIGUSR2', () => {
    const cpu = process.cpuUsage(since);
    process.stdout.write(`sample ${JSON.stringify({ stats: stats(), cpuMicros: cpu.user + cpu.system })}\n`);
  });
}
