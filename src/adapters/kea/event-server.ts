/** @module Unix-socket server for the Kea hook's event lines: validate, count, batch into a sink; never block the hook. */
import { chmodSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { processAlive } from '../../core/process-alive';
import type { Log } from '../../log/logger';
import { parseEventLine, type KeaEvent } from './event-line';
import { LineSplitter } from './line-splitter';

/** Where validated events go (the store, in the service). */
export type KeaEventSink = (events: KeaEvent[]) => Promise<void>;

/** Counts by outcome, also exported as metrics. */
export interface KeaEventStats {
  received: number;
  stored: number;
  malformed: number;
  oversized: number;
  sinkErrors: number;
  connections: number;
}

/** Options for the event server. */
export interface KeaEventServerOptions {
  path: string;
  sink: KeaEventSink;
  log: Log;
  maxLineBytes?: number;
  batchSize?: number;
  flushMs?: number;
  onCount?: (result: 'stored' | 'malformed' | 'oversized' | 'sink_error', n: number) => void;
  /** Hears each new hook connection (Kea started or restarted). */
  onConnection?: () => void;
}

/** Receives hook events on a Unix socket. */
export class KeaEventServer {
  readonly stats: KeaEventStats = { received: 0, stored: 0, malformed: 0, oversized: 0, sinkErrors: 0, connections: 0 };
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private batch: KeaEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** The inode of the socket file this server put at `path` (its own until another server replaces it). */
  private inode: number | undefined;

  constructor(private readonly opts: KeaEventServerOptions) {}

  /**
   * Listens on the socket path, replacing whatever socket file is there (a crash's stale one, or the one of a leader
   * this replica takes over from). It binds a private name and renames it into place: the hand-over is atomic, and
   * the old server's close, which unlinks the name it bound, can no longer remove the new server's path.
   */
  async start(): Promise<void> {
    const { path } = this.opts;
    mkdirSync(dirname(path), { recursive: true });
    sweepPrivateNames(dirname(path));
    const own = join(dirname(path), `${PRIVATE}${process.pid}`);
    if (inodeAt(own) !== undefined) unlinkSync(own);
    this.server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(own, () => resolve());
    });
    // Kea may run as another user; the folder's permissions are the access control.
    chmodSync(own, 0o666);
    this.inode = statSync(own).ino;
    renameSync(own, path);
    this.opts.log.info('kea.events.listening', { path });
  }

  /** Stops accepting, closes connections and flushes what was received; removes the path only while it is still ours. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    if (this.inode !== undefined && inodeAt(this.opts.path) === this.inode) unlinkSync(this.opts.path);
    this.inode = undefined;
    await this.flush();
  }

  /** Stops reading every connection for `ms` (maintenance, or proving the hook survives a slow sidecar). */
  stall(ms: number): void {
    for (const s of this.sockets) s.pause();
    setTimeout(() => {
      for (const s of this.sockets) s.resume();
    }, ms).unref();
  }

  /** Writes out the current batch now. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const events = this.batch;
    this.batch = [];
    if (events.length === 0) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      try {
        await this.opts.sink(events);
        this.stats.stored += events.length;
        this.opts.onCount?.('stored', events.length);
      } catch (err) {
        this.stats.sinkErrors += events.length;
        this.opts.onCount?.('sink_error', events.length);
        this.opts.log.error('kea.events.sink_failed', { events: events.length, error: (err as Error).message });
      }
    });
    return this.flushing;
  }

  private accept(socket: Socket): void {
    this.stats.connections++;
    this.sockets.add(socket);
    const splitter = new LineSplitter(this.opts.maxLineBytes ?? 16384);
    this.opts.log.info('kea.events.connected', { connections: this.stats.connections });
    this.opts.onConnection?.();
    socket.on('data', (chunk: Buffer) => {
      const before = splitter.oversized;
      for (const line of splitter.push(chunk)) this.take(line);
      const over = splitter.oversized - before;
      if (over > 0) {
        this.stats.oversized += over;
        this.opts.onCount?.('oversized', over);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  private take(line: string): void {
    this.stats.received++;
    const parsed = parseEventLine(line);
    if (!parsed.ok) {
      this.stats.malformed++;
      this.opts.onCount?.('malformed', 1);
      // Logged at debug: a broken peer could otherwise flood the log.
      this.opts.log.debug('kea.events.malformed', { reason: parsed.reason, sample: line.slice(0, 120) });
      return;
    }
    this.batch.push(parsed.event);
    if (this.batch.length >= (this.opts.batchSize ?? 500)) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.opts.flushMs ?? 100);
  }
}

/** The inode of the file at `path`, or undefined when there is none. */
function inodeAt(path: string): number | undefined {
  try {
    return statSync(path).ino;
  } catch {
    return undefined;
  }
}

/** Prefix of the private name a server binds before renaming it into place (short: socket paths hold 107 bytes). */
const PRIVATE = '.ipshadow-ev-';

/** Removes private names left by processes killed between bind and rename. */
function sweepPrivateNames(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = name.startsWith(PRIVATE) ? Number(name.slice(PRIVATE.length)) : NaN;
    if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
    try {
      unlinkSync(join(dir, name));
    } catch {
      // Another replica swept it first.
    }
  }
}
