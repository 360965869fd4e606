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
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      if (!this.discarding && this.pendingBytes + piece.length <= this.maxLineBytes) {
        const full = this.pending.length ? Buffer.concat([...this.pending, piece]) : piece;
        if (full.length > 0) lines.push(full.toString('utf8'));
      } else {
        this.oversized++;
      }
      this.pending = [];
      this.pendingBytes = 0;
      this.discarding = false;
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length > 0 && !this.discarding) {
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
    return lines;
  }
}
