/** @module Splits a byte stream into newline-terminated lines, dropping (and counting) lines over a size cap. */

/** Incremental splitter: feed chunks, get complete lines. */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private discarding = false;
  /** Lines dropped because they exceeded `maxLineBytes`. */
  oversized = 0;

  constructor(private readonly maxLineBytes: number) {}

  /** Returns the complete lines in `chunk` (without the newline), carrying any partial line over. */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    const first = chunk.indexOf(10);
    if (first !== -1) {
      this.finishCarried(chunk.subarray(0, first), lines);
      start = first + 1;
      // Lines that fit are decoded a run at a time: one UTF-8 decode per read, not per line (a newline byte is never
      // inside a multibyte sequence, so the text is the same).
      let run = start;
      for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
        if (nl - start > this.maxLineBytes) {
          decodeRun(chunk, run, start, lines);
          this.oversized++;
          run = nl + 1;
        }
        start = nl + 1;
      }
      decodeRun(chunk, run, start, lines);
    }
    this.carry(chunk.subarray(start));
    return lines;
  }

  /** Ends the line carried over from earlier chunks with `piece` (the bytes before this chunk's first newline). */
  private finishCarried(piece: Buffer, lines: string[]): void {
    if (!this.discarding && this.pendingBytes + piece.length <= this.maxLineBytes) {
      const full = this.pending.length ? Buffer.concat([...this.pending, piece]) : piece;
      if (full.length > 0) lines.push(full.toString('utf8'));
    } else {
      this.oversized++;
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.discarding = false;
  }

  /** Keeps the bytes after the last newline for the next chunk. */
  private carry(rest: Buffer): void {
    if (rest.length === 0 || this.discarding) return;
    if (this.pendingBytes + rest.length > this.maxLineBytes) {
      // Too long already: forget it and skip to the next newline, so memory stays bounded.
      this.discarding = true;
      this.pending = [];
      this.pendingBytes = 0;
    } else {
      this.pending.push(Buffer.from(rest));
      this.pendingBytes += rest.length;
    }
  }
}

/** Appends the non-empty lines of chunk[from, to) (every one newline-terminated, all within the cap) to `lines`. */
function decodeRun(chunk: Buffer, from: number, to: number, lines: string[]): void {
  if (to - from < 2) return;
  const text = chunk.toString('utf8', from, to - 1);
  let at = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', at)) {
    if (nl > at) lines.push(text.slice(at, nl));
    at = nl + 1;
  }
  if (at < text.length) lines.push(text.slice(at));
}
