/**
 * @module goflow2 JSON-lines inputs: any readable stream (a file or stdin) and a NATS subject (each message one or
 * more lines). Records go to a sink in batches; lines are counted by source and result.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { connect, type NatsConnection, type Subscription } from 'nats';
import type { FlowRecord } from '../decoders';
import { key2, type CollectStats } from '../stats';
import { parseGoflowLine } from './parse-line';

/** Where records and counts go. */
export interface GoflowSinkOptions {
  /** Receives batches of records. */
  sink: (records: FlowRecord[]) => void;
  stats?: CollectStats;
  /** Label for metrics (file, stdin, nats). */
  source: string;
  now?: () => number;
  /** Records per batch (default 512). */
  batch?: number;
  /** Called for each bad line with its number (1-based within the stream or message count). */
  onBadLine?: (lineNo: number, reason: string) => void;
}

/** Line counts of an input. */
export interface GoflowCounts {
  lines: number;
  records: number;
  bad: number;
}

/** Parses lines and hands records on in batches. */
class LineHandler {
  readonly counts: GoflowCounts = { lines: 0, records: 0, bad: 0 };
  private pending: FlowRecord[] = [];
  constructor(private readonly o: GoflowSinkOptions) {}

  line(text: string): void {
    if (text.trim() === '') return;
    this.counts.lines++;
    const r = parseGoflowLine(text, (this.o.now ?? Date.now)());
    if ('error' in r) {
      this.counts.bad++;
      this.o.stats?.goflowLines.add(key2(this.o.source, 'bad'));
      this.o.onBadLine?.(this.counts.lines, r.error);
      return;
    }
    this.counts.records++;
    this.o.stats?.goflowLines.add(key2(this.o.source, 'ok'));
    this.pending.push(r);
    if (this.pending.length >= (this.o.batch ?? 512)) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const out = this.pending;
    this.pending = [];
    this.o.sink(out);
  }
}

/** Read goflow2 JSON lines from a stream until it ends. */
export async function readGoflowStream(stream: Readable, opts: GoflowSinkOptions): Promise<GoflowCounts> {
  const h = new LineHandler(opts);
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of rl) h.line(line);
  h.flush();
  return h.counts;
}

/** Read a goflow2 JSON-lines file (`-` = stdin). */
export function readGoflowFile(path: string, opts: Omit<GoflowSinkOptions, 'source'>): Promise<GoflowCounts> {
  return path === '-' ? readGoflowStream(process.stdin, { ...opts, source: 'stdin' }) : readGoflowStream(createReadStream(path), { ...opts, source: 'file' });
}

/** A running NATS subscription. */
export interface GoflowNatsInput {
  counts: GoflowCounts;
  /** Resolves once the server has the subscription (so publishes after it are seen). */
  ready: Promise<void>;
  /** Unsubscribe after draining and close the connection; resolves with the counts. */
  close(): Promise<GoflowCounts>;
}

/** Subscribe to `subject` on `url` (optionally in a queue group); each message holds one or more lines. */
export async function subscribeGoflowNats(nats: { url: string; subject: string; queue?: string }, opts: Omit<GoflowSinkOptions, 'source'>): Promise<GoflowNatsInput> {
  const nc: NatsConnection = await connect({ servers: nats.url, name: 'ipshadow-goflow2' });
  const h = new LineHandler({ ...opts, source: 'nats' });
  const sub: Subscription = nc.subscribe(nats.subject, nats.queue ? { queue: nats.queue } : {});
  const done = (async () => {
    for await (const m of sub) {
      for (const line of m.string().split('\n')) h.line(line);
      h.flush();
    }
  })();
  return {
    counts: h.counts,
    ready: nc.flush(),
    async close() {
      await sub.drain();
      await done;
      h.flush();
      await nc.close();
      return h.counts;
    },
  };
}
