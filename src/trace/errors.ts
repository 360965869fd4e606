/** @module The error trace readers throw, with a stable code and the line it concerns. */

/** A malformed trace input; `line` is 1-based when known. */
export class TraceError extends Error {
  readonly code = 'TRACE_INVALID';
  constructor(message: string, readonly line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'TraceError';
  }
}
