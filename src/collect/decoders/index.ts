/** @module Flow decoders: pure functions from a datagram to normalised flow records, plus the template store port. */

export * from './types';
export * from './errors';
export * from './template-store';
export { MemoryTemplateStore, type MemoryTemplateStoreOptions } from './memory-template-store';
export { decodeNetflowV5 } from './netflow-v5';
export { decodeNetflowV9 } from './netflow-v9';
export { decodeIpfix } from './ipfix';
export { decodeSflow } from './sflow';
export { decodeDatagram, sniffProtocol, type AnyHeader, type DatagramResult } from './decode-datagram';
export { parseEthernet, parseIp, parseIpv4, parseIpv6 } from './packet-header';
export { emptyRecord } from './record';
