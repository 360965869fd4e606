/** @module Read a capture file of either format, chosen by its magic number. */

import { isClassicPcap, readClassicPcap } from './classic';
import { isPcapng, readPcapng } from './pcapng';
import { CaptureError, type CaptureReadResult } from './types';

/** Read a classic pcap or pcapng buffer into frames; an unknown format gives one `bad_magic` error. */
export function readCapture(buf: Uint8Array): CaptureReadResult {
  if (isPcapng(buf)) return readPcapng(buf);
  if (isClassicPcap(buf)) return readClassicPcap(buf);
  return { format: 'pcap', packets: [], errors: [new CaptureError('bad_magic', 'neither pcap nor pcapng', 0)] };
}
