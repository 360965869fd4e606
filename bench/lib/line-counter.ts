/**
 * @module The anchor of bench:kea-event-ingest: a bare Unix-socket server that only reads the bytes and counts the
 * newlines, the least any event reader must do. As a script: `node line-counter.js SOCKET`; prints "ready", answers
 * SIGUSR2 with a sample (bench/lib/child-probe.ts), and its count as JSON on SIGTERM.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';
import { answerProbes, spawnProbed, type ProbedChild } from './child-probe';

/** What the bare reader counted. */
export interface LineCount {
  lines: number;
  bytes: number;
}

/** Starts the bare reader in a child process of this session and waits until it listens. */
export function startLineCounter(socket: string): Promise<ProbedChild<LineCount>> {
  return spawnProbed<LineCount>(__filename, [socket], false);
}

async function main(socket: string): Promise<void> {
  const count: LineCount = { lines: 0, bytes: 0 };
  const server = createServer((s) => {
    s.on('data', (chunk: Buffer) => {
      count.bytes += chunk.length;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, nl + 1)) count.lines++;
    });
    s.on('error', () => s.destroy());
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  answerProbes(() => count);
  process.stdout.write('ready\n');
  await once(process, 'SIGTERM');
  server.close();
  process.stdout.write(`${JSON.stringify(count)}\n`);
  process.exit(0);
}

if (require.main === module) {
  main(process.argv[2]!).catch((err: Error) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
  });
}
