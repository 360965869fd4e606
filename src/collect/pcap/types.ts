/** @module Types shared by the capture readers. */

/** One captured frame: its link type, time, and the captured bytes (a view into the file buffer, not a copy). */
export interface CapturedPacket {
  linkType: number;
  /** Capture time in ms since the epoch (may carry a fraction). */
  tsMs: number;
  data: Uint8Array;
  /** Length of the frame on the wire (can exceed data.length when the snap length cut it). */
  origLength: number;
}

/** Frames read from a capture, and what went wrong reading it (reading stops at the first broken record). */
export interface CaptureReadResult {
  format: 'pcap' | 'pcapng';
  packets: CapturedPacket[];
  errors: CaptureError[];
}

/** A capture-file problem; `kind` is stable for metrics. */
export class CaptureError extends Error {
  readonly kind: 'bad_magic' | 'truncated' | 'bad_length' | 'unknown_interface';
  readonly offset: number;

  constructor(kind: CaptureError['kind'], message: string, offset: number) {
    super(`${kind}: ${message} at byte ${offset}`);
    this.name = 'CaptureError';
    this.kind = kind;
    this.offset = offset;
  }
}
